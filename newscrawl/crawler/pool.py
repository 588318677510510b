"""Extraction off the reactor thread: worker processes that a bad page cannot stall or take down.

Parsing and trafilatura are CPU-bound, and Scrapy runs in one thread, so a crawl that
extracts in-process uses one core. :class:`ExtractionPool` runs :func:`extract_page` in
``NEWSCRAWL_EXTRACTION_WORKERS`` processes (default: one per core; 0 or 1 extracts in-process, for
debugging). A page travels as its bytes and the encoding the crawl decided, and comes back with
its body's near-duplicate fingerprint: decoding and fingerprinting are the workers' work, not
the crawl process's. Each worker holds one page at a time, so a page can only harm its own
worker:

- a page whose worker dies is retried once in another worker; if it kills that one too it is
  given up (:class:`WorkerCrashed`);
- a page still extracting after ``NEWSCRAWL_EXTRACTION_TIMEOUT`` seconds is given up
  (:class:`ExtractionTimedOut`) and its worker killed; a fresh one takes its place. Keep the
  limit well above a few seconds: a fresh worker's first pages also pay for the date parser
  compiling its patterns. In-process extraction has no time limit: an alarm signal would
  interrupt the reactor's thread anywhere, lxml only once it is back in Python, and could
  leave the crawl's own state half-updated.

Workers exit when the crawl process dies, however it dies, and the pool stops them when the
spider closes. The crawlers of one process (``newscrawl demo``, ``newscrawl crawl A B``) share one
set of workers: the cores are the process's, not each crawler's, and each worker costs ~110 MB.
"""

from __future__ import annotations

import asyncio
import ctypes
import logging
import multiprocessing
import os
import pickle
import queue
import signal
import sys
import threading
import traceback
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.connection import wait
from typing import TYPE_CHECKING, Any

from w3lib.encoding import html_to_unicode

from newscrawl.core import stats
from newscrawl.extract.errors import NotAnArticle
from newscrawl.extract.fingerprint import fingerprint

if TYPE_CHECKING:
    from collections.abc import Callable
    from concurrent.futures import Future
    from datetime import datetime
    from multiprocessing.connection import Connection
    from multiprocessing.context import SpawnContext

    from scrapy.crawler import Crawler

    from newscrawl.core.profile import OutletProfile

logger = logging.getLogger(__name__)

_PR_SET_PDEATHSIG = 1


# The key of an extraction's notes among the fields extract_job returns.
NOTES = "extraction_notes"
# The key of the body's Fingerprint among the fields extract_page returns.
FINGERPRINT = "extraction_fingerprint"


class ExtractionFailed(RuntimeError):
    """Extraction raised in a worker; the message is the original error's repr."""


class WorkerCrashed(RuntimeError):
    """The page's worker died on the first try and on the retry."""


class ExtractionTimedOut(RuntimeError):
    """The page was still extracting after ``seconds``; its worker was replaced."""

    def __init__(self, url: str, seconds: float) -> None:
        super().__init__(f"extraction of {url} took longer than {seconds:.0f} s")
        self.seconds = seconds


class _WorkerDied(Exception):
    """The worker process ended while it held the page."""


class _TooLong(Exception):
    """The worker held the page past the time limit and was killed."""


class _RemoteTraceback(Exception):
    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text

    def __str__(self) -> str:
        return self.text


def extract_job(
    html: str, url: str, fetched_at: datetime, profile: OutletProfile | None
) -> dict[str, Any]:
    """:func:`extract_article` in a worker, with any error made safe to send back; the
    counters it noted (repairs, date sources) are under :data:`NOTES`."""
    # Imported here: the crawl process itself never loads the extraction libraries.
    from newscrawl.extract.article import extract_article

    notes: list[str] = []
    try:
        return {**extract_article(html, url, fetched_at, profile, notes), NOTES: notes}
    except NotAnArticle:
        raise
    except Exception as error:
        # Not every exception survives pickling; its text and traceback always do.
        raise ExtractionFailed(repr(error)) from error


def extract_page(
    body: bytes, url: str, fetched_at: datetime, profile: OutletProfile | None, encoding: str
) -> dict[str, Any]:
    """:func:`extract_job` on a page's bytes, decoded with ``encoding`` as Scrapy's
    ``TextResponse.text`` decodes them; the body's near-duplicate
    :class:`~newscrawl.extract.fingerprint.Fingerprint` is under :data:`FINGERPRINT`."""
    fields = extract_job(html_to_unicode(f"charset={encoding}", body)[1], url, fetched_at, profile)
    fields[FINGERPRINT] = fingerprint(fields["body"])
    return fields


def default_workers() -> int:
    """One worker per core this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class ExtractionPool:
    """Runs ``job`` (by default :func:`extract_page`) in ``workers`` processes.

    ``count`` receives a counter name (``extraction/worker_crashed``, ``extraction/retried``,
    ``extraction/timed_out``); ``timeout`` is the seconds a page may take in a worker (None:
    no limit). ``warm_up`` has each new worker load the extraction libraries before its first
    page (off for jobs that do not extract). A ``shared`` pool uses the process's
    :class:`SharedWorkers` of its size, which the last pool to close stops.
    """

    def __init__(
        self,
        workers: int,
        *,
        job: Callable[..., dict[str, Any]] = extract_page,
        count: Callable[[str], None] | None = None,
        timeout: float | None = None,
        warm_up: bool = True,
        shared: bool = False,
    ) -> None:
        self.workers = workers
        self.job = job
        self.count = count
        self.timeout = timeout
        self.warm_up = warm_up
        self.shared = shared
        self._processes: _Workers | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExtractionPool:
        """The pool sized by ``NEWSCRAWL_EXTRACTION_WORKERS``, its time limit
        ``NEWSCRAWL_EXTRACTION_TIMEOUT`` (0: none), closed with the spider."""
        from scrapy import signals

        configured = crawler.settings.get("NEWSCRAWL_EXTRACTION_WORKERS")
        workers = default_workers() if configured in (None, "") else int(configured)
        timeout = crawler.settings.getfloat("NEWSCRAWL_EXTRACTION_TIMEOUT")

        def count(counter: str) -> None:
            assert crawler.stats is not None
            stats.count(crawler.stats, counter)

        pool = cls(workers, job=extract_page, count=count, timeout=timeout if timeout > 0 else None,
                   shared=True)
        crawler.signals.connect(pool.spider_closed, signal=signals.spider_closed)
        return pool

    @property
    def in_process(self) -> bool:
        """Whether extraction runs in the calling thread (a pool of 0 or 1)."""
        return self.workers <= 1

    async def extract(
        self, page: str | bytes, url: str, fetched_at: datetime, profile: OutletProfile | None,
        *more: Any,
    ) -> dict[str, Any]:
        """``job(page, url, fetched_at, profile, *more)``: the article fields of one page;
        raises what :func:`extract_article` raises, :class:`ExtractionFailed` for any other
        error, :class:`WorkerCrashed`, :class:`ExtractionTimedOut`."""
        args = (page, url, fetched_at, profile, *more)
        if self.in_process:
            return self.job(*args)
        try:
            return await self._attempt(url, args)
        except _WorkerDied:
            logger.warning("Retrying %s: its extraction worker died", url)
        self._count(stats.EXTRACTION_RETRIED)
        try:
            return await self._attempt(url, args)
        except _WorkerDied:
            raise WorkerCrashed(f"the extraction worker died twice on {url}") from None

    def spider_closed(self) -> None:
        """Stop the workers."""
        self.close()

    def close(self) -> None:
        """Stop the workers, abandoning any page they hold; the pool starts new ones if it is
        used again."""
        if self._processes is not None:
            if self.shared:
                SHARED_WORKERS.release(self._processes)
            else:
                self._processes.close()
        self._processes = None

    async def _attempt(self, url: str, args: tuple[Any, ...]) -> dict[str, Any]:
        if self._processes is None or self._processes.closed:
            self._processes = (
                SHARED_WORKERS.acquire(self.workers, self.warm_up) if self.shared
                else _Workers(self.workers, self.warm_up)
            )
        processes = self._processes
        try:
            return await asyncio.wrap_future(processes.submit(self.job, args, self.timeout))
        except _WorkerDied:
            if processes.closed:
                raise WorkerCrashed(f"the extraction pool closed while extracting {url}") from None
            self._count(stats.EXTRACTION_WORKER_CRASHED)
            raise
        except _TooLong:
            self._count(stats.EXTRACTION_TIMED_OUT)
            assert self.timeout is not None
            raise ExtractionTimedOut(url, self.timeout) from None

    def _count(self, key: str) -> None:
        if self.count is not None:
            self.count(key)


class SharedWorkers:
    """The worker sets the pools of one process share, one per size, each stopped when the
    last pool using it closes."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sets: dict[tuple[int, bool], _Workers] = {}
        self._users: dict[_Workers, int] = {}

    def acquire(self, size: int, warm_up: bool) -> _Workers:
        """The running worker set of ``size`` (started if need be), one more pool using it."""
        with self._lock:
            workers = self._sets.get((size, warm_up))
            if workers is None or workers.closed:
                workers = self._sets[size, warm_up] = _Workers(size, warm_up)
            self._users[workers] = self._users.get(workers, 0) + 1
            return workers

    def release(self, workers: _Workers) -> None:
        """One pool fewer using ``workers``; the last one stops them."""
        with self._lock:
            users = self._users.pop(workers, 1) - 1
            if users > 0:
                self._users[workers] = users
                return
            for key, running in list(self._sets.items()):
                if running is workers:
                    del self._sets[key]
        workers.close()


# The cores are the process's: its crawlers share their workers.
SHARED_WORKERS = SharedWorkers()


class _Workers:
    """``size`` worker processes, each page sent to an idle one by a thread that waits for it."""

    def __init__(self, size: int, warm_up: bool) -> None:
        # Fresh interpreters: forking the reactor's threads is unsafe.
        self._context = multiprocessing.get_context("spawn")
        self._threads = ThreadPoolExecutor(size, thread_name_prefix="extraction")
        self._idle: queue.SimpleQueue[_Worker | None] = queue.SimpleQueue()
        for _ in range(size):
            self._idle.put(None)
        self._started: set[_Worker] = set()
        self._lock = threading.Lock()
        # Loading the language model briefly takes ~50 MB more than it keeps: one worker at a
        # time, so that the crawl's peak memory is not the sum of every worker's peak.
        self._loading = threading.Lock()
        self._warm_up = warm_up
        self.closed = False

    def submit(
        self, job: Callable[..., Any], args: tuple[Any, ...], timeout: float | None
    ) -> Future[Any]:
        """``job(*args)`` in an idle worker, started if need be."""
        return self._threads.submit(self._run, job, args, timeout)

    def close(self) -> None:
        """Kill every worker, then wait for the threads to see it."""
        with self._lock:
            self.closed = True
            started = list(self._started)
        for worker in started:
            # Only the process: a thread may be waiting on its pipe.
            worker.process.kill()
        self._threads.shutdown(wait=True, cancel_futures=True)
        for worker in started:
            worker.kill()

    def _run(self, job: Callable[..., Any], args: tuple[Any, ...], timeout: float | None) -> Any:
        # As many threads as slots: a running task always finds one.
        worker = self._idle.get_nowait()
        try:
            if worker is None:
                worker = self._start(job)
            return worker.run(job, args, timeout)
        finally:
            if worker is not None and not worker.alive:
                with self._lock:
                    self._started.discard(worker)
                worker = None
            self._idle.put(worker)

    def _start(self, job: Callable[..., Any]) -> _Worker:
        # Started from a pool thread, which lives until close(): on Linux a worker dies
        # with the thread that started it.
        with self._lock:
            if self.closed:
                raise _WorkerDied
            worker = _Worker(self._context)
            self._started.add(worker)
        try:
            if self._warm_up:
                with self._loading:
                    worker.run(_load_language_model, (), None)
            worker.run(_ready, (job, self._warm_up), None)
        except BaseException:
            worker.kill()
            with self._lock:
                self._started.discard(worker)
            raise
        return worker


class _Worker:
    """One worker process and the crawl's end of the pipe to it."""

    def __init__(self, context: SpawnContext) -> None:
        self.connection, theirs = context.Pipe()
        self.process = context.Process(
            target=_serve, args=(theirs,), name="newscrawl-extraction", daemon=True
        )
        self.process.start()
        theirs.close()
        self.alive = True

    def run(self, job: Callable[..., Any], args: tuple[Any, ...], timeout: float | None) -> Any:
        """``job(*args)`` in this worker; raises what it raised, :class:`_WorkerDied`,
        :class:`_TooLong` (the worker killed)."""
        try:
            self.connection.send((job, args))
            if not self.connection.poll(timeout):
                self.kill()
                raise _TooLong
            value, error, trace = self.connection.recv()
        except (EOFError, OSError):
            self.kill()
            raise _WorkerDied from None
        if error is not None:
            error.__cause__ = _RemoteTraceback(trace)
            raise error
        return value

    def kill(self) -> None:
        """End the worker now."""
        self.alive = False
        self.process.kill()
        self.process.join()
        self.connection.close()


def _serve(connection: Connection) -> None:
    """A worker's life: jobs read from ``connection`` and their outcomes sent back, until the
    crawl closes the pipe or dies."""
    _exit_with_parent()
    # Ctrl-C reaches the whole process group; the crawl decides when its workers stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        while True:
            job, args = connection.recv()
            connection.send_bytes(_outcome(job, args))
    except (EOFError, OSError):
        return


def _outcome(job: Callable[..., Any], args: tuple[Any, ...]) -> bytes:
    try:
        outcome: tuple[Any, BaseException | None, str] = (job(*args), None, "")
    except Exception as error:
        outcome = (None, error, traceback.format_exc())
    try:
        return pickle.dumps(outcome)
    except Exception as error:  # an error or a result that does not pickle
        return pickle.dumps((None, ExtractionFailed(repr(error)), outcome[2]))


def _exit_with_parent() -> None:
    """End this process when the one that started it dies, even by SIGKILL."""
    if sys.platform == "linux":
        ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    parent = multiprocessing.parent_process()
    if parent is not None:
        # Also covers a parent that died before prctl, and systems without it.
        threading.Thread(target=_exit_on, args=(parent.sentinel,), daemon=True).start()


def _exit_on(sentinel: int) -> None:
    wait([sentinel])
    os._exit(1)


def _load_language_model() -> None:
    from newscrawl.extract.language import detect_language

    detect_language("Загрузка модели языка для извлечения статей.")


def _ready(job: Callable[..., Any], extraction: bool) -> None:
    """Import what a worker's first page would, so that it does not count against its time
    limit: ``job`` (which came with this call) and, for ``extraction``, the extraction
    libraries."""
    if extraction:
        import newscrawl.extract.article  # noqa: F401
