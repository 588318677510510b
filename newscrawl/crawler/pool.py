"""Extraction off the reactor thread: a process pool that survives a worker crash.

Parsing and trafilatura are CPU-bound, and Scrapy runs in one thread, so a crawl that
extracts in-process uses one core. :class:`ExtractionPool` runs :func:`extract_article` in
``NEWSCRAWL_EXTRACTION_WORKERS`` processes (default: one per core; 0 or 1 extracts in-process, for
debugging). A page whose worker dies is retried once, alone in a fresh worker, so it cannot
take innocent pages down with it twice; if it kills that worker too it is given up
(:class:`WorkerCrashed`). The pool shuts down when the spider closes.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, Any

from newscrawl.core import stats
from newscrawl.extract.errors import NotAnArticle

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime
    from multiprocessing.synchronize import Lock

    from scrapy.crawler import Crawler

    from newscrawl.core.profile import OutletProfile

logger = logging.getLogger(__name__)


class ExtractionFailed(RuntimeError):
    """Extraction raised in a worker; the message is the original error's repr."""


class WorkerCrashed(RuntimeError):
    """The page's worker died on the first try and on the retry."""


def extract_job(
    html: str, url: str, fetched_at: datetime, profile: OutletProfile | None
) -> dict[str, Any]:
    """:func:`extract_article` in a worker, with any error made safe to send back."""
    # Imported here: the crawl process itself never loads the extraction libraries.
    from newscrawl.extract.article import extract_article

    try:
        return extract_article(html, url, fetched_at, profile)
    except NotAnArticle:
        raise
    except Exception as error:
        # Not every exception survives pickling; its text and traceback always do.
        raise ExtractionFailed(repr(error)) from error


def default_workers() -> int:
    """One worker per core this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class ExtractionPool:
    """Runs ``job`` (by default :func:`extract_job`) in ``workers`` processes.

    ``count`` receives a counter name (``extraction/worker_crashed``, ``extraction/retried``).
    """

    def __init__(
        self,
        workers: int,
        job: Callable[..., dict[str, Any]] = extract_job,
        count: Callable[[str], None] | None = None,
    ) -> None:
        self.workers = workers
        self.job = job
        self.count = count
        self._executor: ProcessPoolExecutor | None = None
        self._retry_executor: ProcessPoolExecutor | None = None
        self._retry_lock = asyncio.Lock()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExtractionPool:
        """The pool sized by ``NEWSCRAWL_EXTRACTION_WORKERS``, closed with the spider."""
        from scrapy import signals

        configured = crawler.settings.get("NEWSCRAWL_EXTRACTION_WORKERS")
        workers = default_workers() if configured in (None, "") else int(configured)

        def count(counter: str) -> None:
            assert crawler.stats is not None
            stats.count(crawler.stats, counter)

        pool = cls(workers, job=extract_job, count=count)
        crawler.signals.connect(pool.spider_closed, signal=signals.spider_closed)
        return pool

    @property
    def in_process(self) -> bool:
        """Whether extraction runs in the calling thread (a pool of 0 or 1)."""
        return self.workers <= 1

    async def extract(
        self, html: str, url: str, fetched_at: datetime, profile: OutletProfile | None
    ) -> dict[str, Any]:
        """The article fields of one page; raises what :func:`extract_article` raises,
        :class:`ExtractionFailed` for any other error, :class:`WorkerCrashed`."""
        args = (html, url, fetched_at, profile)
        if self.in_process:
            return self.job(*args)
        try:
            return await self._run(self._pool(), args)
        except BrokenProcessPool:
            logger.warning("Retrying %s: an extraction worker died on it or beside it", url)
        async with self._retry_lock:
            self._count(stats.EXTRACTION_RETRIED)
            try:
                return await self._run(self._retry_pool(), args)
            except BrokenProcessPool:
                raise WorkerCrashed(f"the extraction worker died twice on {url}") from None

    def spider_closed(self) -> None:
        """Stop the workers."""
        self.close()

    def close(self) -> None:
        """Stop the workers; the pool starts new ones if it is used again."""
        for executor in (self._executor, self._retry_executor):
            if executor is not None:
                executor.shutdown(wait=True, cancel_futures=True)
        self._executor = self._retry_executor = None

    async def _run(self, executor: ProcessPoolExecutor, args: tuple[Any, ...]) -> dict[str, Any]:
        try:
            return await asyncio.wrap_future(executor.submit(self.job, *args))
        except BrokenProcessPool:
            self._discard(executor)
            raise

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            self._executor = _new_executor(self.workers)
        return self._executor

    def _retry_pool(self) -> ProcessPoolExecutor:
        if self._retry_executor is None:
            self._retry_executor = _new_executor(1)
        return self._retry_executor

    def _discard(self, executor: ProcessPoolExecutor) -> None:
        if executor is self._executor:
            self._executor = None
        elif executor is self._retry_executor:
            self._retry_executor = None
        else:
            return
        self._count(stats.EXTRACTION_WORKER_CRASHED)
        executor.shutdown(wait=False, cancel_futures=True)

    def _count(self, key: str) -> None:
        if self.count is not None:
            self.count(key)


def _new_executor(workers: int) -> ProcessPoolExecutor:
    # Fresh interpreters: forking the reactor's threads is unsafe.
    context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start_worker, initargs=(context.Lock(),)
    )


def _start_worker(lock: Lock) -> None:
    # Loading the language model briefly takes ~50 MB more than it keeps: one worker at a
    # time, so that the crawl's peak memory is not the sum of every worker's peak.
    with lock:
        from newscrawl.extract.language import detect_language

        detect_language("Загрузка модели языка для извлечения статей.")
