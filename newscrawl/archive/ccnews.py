"""``newscrawl ccnews``: CC-NEWS, Common Crawl's crawl of news sites, read in bulk for many
outlets at once, without the Scrapy engine.

Each month's WARC files are listed in ``crawl-data/CC-NEWS/YYYY/MM/warc.paths.gz`` on
``NEWSCRAWL_CC_DATA``; each file is streamed once (politely: one at a time, waiting out a
429 or 503 as ``Retry-After`` asks), and the response records of the outlets' article pages
(or, with ``all_hosts``, of any site's, on the generic path) are extracted by the crawl's
extraction function in worker processes, a batch of pages at a time (:class:`BatchExtraction`:
with no engine in the way, one page per message would leave the workers waiting). Articles go
through the crawl's steps (schema validation, duplicates in the run and across runs, undated
articles, near-duplicates, the crawl state) and are written as JSON Lines, one file per outlet
and run, with ``fetched_at`` the capture time and an ``archive`` object naming the WARC record,
and each file's run record (``<file>.run.json``) as a crawl writes it.

Resumable: a WARC file read to its end is recorded in the crawl state (as a fetched page
under its URL on ``data.commoncrawl.org``) and not read again; a page an earlier run or
crawl fetched is not extracted again.
"""

from __future__ import annotations

import ctypes
import gzip
import json
import logging
import multiprocessing
import re
import signal
import sys
import time
import urllib.error
import urllib.request
from collections import Counter, deque
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy.settings import Settings
from tqdm import tqdm
from w3lib.encoding import http_content_type_encoding

from newscrawl.archive.records import WarcRecord, warc_records
from newscrawl.core import stats
from newscrawl.core.article import Article, error_field, schema_errors
from newscrawl.core.version import __version__
from newscrawl.crawler.downloader.retry import backoff_seconds
from newscrawl.crawler.extensions.output import file_identity, record_path
from newscrawl.crawler.handlers.replay import replay_target
from newscrawl.crawler.pool import NOTES, default_workers, extract_job
from newscrawl.crawler.sources.cdx import cdx_timestamp
from newscrawl.crawler.spiders.site import GENERIC_ARTICLE_URL
from newscrawl.extract.encoding import decode_html
from newscrawl.extract.errors import NotAnArticle
from newscrawl.extract.fingerprint import Fingerprint, fingerprint
from newscrawl.outlets import OUTLETS, get_outlet
from newscrawl.state import open_state
from newscrawl.state.neardup import near_duplicate_of
from newscrawl.state.store import StoredArticle

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Sequence
    from multiprocessing.pool import AsyncResult, Pool

    from scrapy.settings import BaseSettings

    from newscrawl.core.profile import OutletProfile
    from newscrawl.state.store import CrawlState

logger = logging.getLogger(__name__)

LISTING = "crawl-data/CC-NEWS/{month}/warc.paths.gz"
# The key a finished file is recorded under in the crawl state, whatever mirror served it.
STATE_KEY = "https://data.commoncrawl.org/{path}"
FIRST_MONTH = date(2016, 8, 1)
_FILE_DATE = re.compile(r"CC-NEWS-(\d{8})\d{6}-\d{5}\.warc\.gz$")
_GENERIC = re.compile(GENERIC_ARTICLE_URL)
_HTML = ("html", "xml")
# The key of the body's near-duplicate fingerprint among the fields a worker returns.
FINGERPRINT = "ccnews_fingerprint"
# Pages a worker extracts in one message.
BATCH = 8
_PR_SET_PDEATHSIG = 1

# One page to extract: its text, live URL, capture time and profile (None: the generic path).
Job = tuple[str, str, datetime, "OutletProfile | None"]


@dataclass
class CcnewsSummary:
    """What a CC-NEWS read did: counters (:mod:`newscrawl.core.stats` names) and articles
    written per outlet, with their files."""

    counts: Counter[str] = field(default_factory=Counter)
    written: Counter[str] = field(default_factory=Counter)
    files: dict[str, Path] = field(default_factory=dict)
    bytes_read: int = 0
    seconds: float = 0.0

    def render(self) -> str:
        """A short human-readable report."""
        total = sum(self.written.values())
        rate = self.bytes_read / 1e6 / self.seconds if self.seconds else 0.0
        lines = [
            f"{total} articles from {self.counts[stats.CCNEWS_FILES]} WARC files "
            f"({self.counts[stats.CCNEWS_RECORDS]} records, "
            f"{self.counts[stats.CCNEWS_RECORDS_KEPT]} kept; {rate:.1f} MB/s)",
        ]
        lines += [f"  {outlet}: {n} in {self.files[outlet]}"
                  for outlet, n in sorted(self.written.items())]
        lines += [f"{name}: {n}" for name, n in sorted(self.counts.items())
                  if n and name.startswith(("ccnews/files_", "ccnews/listing", "skipped/",
                                            "dropped/", "undated", "near_duplicates"))]
        return "\n".join(lines)


def months(since: str, until: str) -> list[str]:
    """The months from ``since`` to ``until`` (``YYYY-MM`` or ``YYYY-MM-DD``), as CC-NEWS names
    its folders (``YYYY/MM``)."""
    first, last = _month(since), _month(until)
    if first > last:
        raise ValueError(f"since ({since}) is after until ({until})")
    if first < FIRST_MONTH:
        raise ValueError(f"CC-NEWS starts in {FIRST_MONTH:%Y-%m}")
    found = []
    while first <= last:
        found.append(f"{first:%Y/%m}")
        first = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return found


def written_on(path: str, days: tuple[date, date]) -> bool:
    """Whether a CC-NEWS file (``CC-NEWS-<YYYYMMDDhhmmss>-<n>.warc.gz``) was written on one of
    ``days`` (first and last, inclusive); a file named otherwise may have been."""
    found = _FILE_DATE.search(path)
    if found is None:
        return True
    day = date(int(found[1][:4]), int(found[1][4:6]), int(found[1][6:8]))
    return days[0] <= day <= days[1]


def warc_paths(listing: bytes) -> list[str]:
    """The WARC file paths of a ``warc.paths.gz`` (gzip-compressed or already inflated)."""
    text = gzip.decompress(listing) if listing[:2] == b"\x1f\x8b" else listing
    return [line.strip() for line in text.decode("utf-8").splitlines() if line.strip()]


def read_ccnews(
    since: str,
    until: str,
    *,
    outlets: Sequence[str] = (),
    all_hosts: bool = False,
    out: Path = Path("output"),
    settings: BaseSettings | None = None,
    progress: bool = True,
) -> CcnewsSummary:
    """Read CC-NEWS from ``since`` to ``until`` (``YYYY-MM``: whole months; ``YYYY-MM-DD``:
    the files of those days) into ``out/<outlet>/ccnews-<start time>.jsonl``: the outlets
    named (default: every profiled one), and with ``all_hosts`` every other site on the
    generic path."""
    settings = settings or project_settings()
    reader = CcnewsReader(settings, RecordChoice(outlets, all_hosts), out, progress=progress)
    return reader.run(months(since, until), (_day(since), _day(until, last=True)))


def extract_with_fingerprint(
    html: str, url: str, fetched_at: datetime, profile: OutletProfile | None
) -> dict[str, Any]:
    """:func:`extract_job`, and the body's near-duplicate fingerprint (:data:`FINGERPRINT`):
    the reading process, on a core of its own with the workers', keeps only what it must do."""
    fields = extract_job(html, url, fetched_at, profile)
    fields[FINGERPRINT] = fingerprint(fields["body"])
    return fields


def extract_batch(jobs: list[Job]) -> list[tuple[str, Any]]:
    """Each page's outcome, in order: ``("article", fields)`` (:func:`extract_with_fingerprint`),
    ``("refused", reason)`` for a page that is no article, or ``("failed", error)``."""
    outcomes: list[tuple[str, Any]] = []
    for job in jobs:
        try:
            outcomes.append(("article", extract_with_fingerprint(*job)))
        except NotAnArticle as refusal:
            outcomes.append(("refused", refusal.reason))
        except Exception as error:  # one bad page must not lose the batch
            outcomes.append(("failed", repr(error)))
    return outcomes


def project_settings() -> Settings:
    """The project's Scrapy settings (:mod:`newscrawl.crawler.settings`)."""
    settings = Settings()
    settings.setmodule("newscrawl.crawler.settings", priority="project")
    return settings


class RecordChoice:
    """Which records are read: an outlet's article pages (profile), or any site's on the
    generic path (None)."""

    def __init__(self, outlets: Sequence[str], all_hosts: bool) -> None:
        chosen = [get_outlet(name) for name in outlets] or list(OUTLETS.values())
        self.profiles = {host: profile for profile in chosen for host in profile.hosts}
        self.profiled = {host for profile in OUTLETS.values() for host in profile.hosts}
        self.all_hosts = all_hosts

    def of(self, url: str) -> tuple[str, OutletProfile | None] | None:
        """``(live URL, profile)`` of an article page to read, None to leave it."""
        host = (urlsplit(url).hostname or "").lower()
        profile = self.profiles.get(host)
        if profile is not None and profile.owns(url):
            clean = profile.clean_url(url)
            return (clean, profile) if profile.is_article_url(clean) else None
        if self.all_hosts and host not in self.profiled and _GENERIC.match(url):
            return url, None
        return None


@dataclass(frozen=True)
class _Page:
    """A record chosen for extraction."""

    url: str
    profile: OutletProfile | None
    html: str
    fetched_at: datetime
    archive: dict[str, Any]


class CcnewsReader:
    """Reads CC-NEWS months into JSON Lines, one file per outlet."""

    def __init__(
        self, settings: BaseSettings, choice: RecordChoice, out: Path, *, progress: bool = True
    ) -> None:
        self.settings = settings
        self.choice = choice
        self.out = out
        self.progress = progress
        self.summary = CcnewsSummary()
        self.base = settings.get("NEWSCRAWL_CC_DATA").rstrip("/")
        self.replay_url = settings.get("NEWSCRAWL_REPLAY_URL") or None
        self.user_agent = settings.get("USER_AGENT")
        self.max_bytes = settings.getint("NEWSCRAWL_MAX_PAGE_BYTES")
        configured = settings.get("NEWSCRAWL_EXTRACTION_WORKERS")
        workers = default_workers() if configured in (None, "") else int(configured)
        timeout = settings.getfloat("NEWSCRAWL_EXTRACTION_TIMEOUT")
        self.extraction = BatchExtraction(workers, timeout if timeout > 0 else None, self._count)
        # Batches sent ahead: each worker has its next one waiting.
        self.in_flight = 2 * max(1, workers)
        self.started = datetime.now(timezone.utc).replace(microsecond=0)
        self.days: tuple[date, date] | None = None
        self._state: CrawlState | None = None
        self._sink: _Sink | None = None

    def run(
        self, wanted: Iterable[str], days: tuple[date, date] | None = None
    ) -> CcnewsSummary:
        """Read the WARC files of the months ``wanted`` (``YYYY/MM``) from
        ``NEWSCRAWL_CC_DATA``, those written on ``days`` (first and last) if given."""
        self.days = days

        def read(bar: Any) -> None:
            for month in wanted:
                for path in self._listing(month):
                    if days and not written_on(path, days):
                        continue
                    self._read_file(
                        STATE_KEY.format(path=path), path,
                        lambda path=path: self._open(f"{self.base}/{path}"), bar,
                    )

        return self._session(read)

    def run_files(self, files: Iterable[Path]) -> CcnewsSummary:
        """Read WARC files on this machine (CC-NEWS files downloaded before, say); each is
        recorded in the crawl state under its ``file:`` URL."""

        def read(bar: Any) -> None:
            for file in files:
                self._read_file(
                    file.resolve().as_uri(), file.name, lambda file=file: file.open("rb"), bar
                )

        return self._session(read)

    def _session(self, read: Callable[[Any], None]) -> CcnewsSummary:
        """Run ``read`` with the state, the output and the progress bar open."""
        begun = time.monotonic()
        self._state = open_state(self.settings)
        confirmed, forgotten = self._state.recover()
        self._count(stats.RECOVERED_WRITTEN, confirmed)
        self._count(stats.RECOVERED_FETCHED_AGAIN, forgotten)
        self._sink = _Sink(self._state, self.settings, self.out, self.started, self.summary)
        bar = tqdm(unit="B", unit_scale=True, unit_divisor=1024, desc="CC-NEWS",
                   disable=not self.progress, dynamic_ncols=True)
        reason = "finished"
        try:
            read(bar)
        except BaseException:
            reason = "failed"
            raise
        finally:
            bar.close()
            self.extraction.close()
            self._sink.close(self._run(reason))
            self._state.close()
            self.summary.seconds = time.monotonic() - begun
        return self.summary

    def _run(self, reason: str) -> dict[str, Any]:
        """What a run record of this read says of every outlet's file."""
        settings = self.settings
        return {
            "newscrawl": __version__,
            "job": None,
            "started_at": self.started.isoformat(),
            "finished_at": datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
            "finish_reason": reason,
            "window": {
                "since": f"{self.days[0]}T00:00:00+00:00" if self.days else None,
                "until": f"{self.days[1]}T23:59:59+00:00" if self.days else None,
            },
            "languages": [],
            "refetch": False,
            "source": {"kind": "ccnews", "replay": self.replay_url},
            # The crawl's settings a CC-NEWS read uses, typed as the crawl's record has them.
            "settings": {
                "USER_AGENT": self.user_agent,
                "DOWNLOAD_TIMEOUT": settings.getint("DOWNLOAD_TIMEOUT"),
                "RETRY_TIMES": settings.getint("RETRY_TIMES"),
                "NEWSCRAWL_DROP_UNDATED": settings.getbool("NEWSCRAWL_DROP_UNDATED"),
                "NEWSCRAWL_DROP_NEAR_DUPLICATES":
                    settings.getbool("NEWSCRAWL_DROP_NEAR_DUPLICATES"),
            },
            "stats": dict(sorted(self.summary.counts.items())),
        }

    def _listing(self, month: str) -> list[str]:
        path = LISTING.format(month=month)
        try:
            with self._open(f"{self.base}/{path}") as answer:
                return warc_paths(answer.read())
        except urllib.error.HTTPError as error:
            if error.code not in (403, 404):
                raise
            self._count(stats.CCNEWS_LISTING_MISSING)
            logger.warning("CC-NEWS has no listing for %s (%d): skipped", month, error.code)
            return []

    def _read_file(
        self, key: str, name: str, opener: Callable[[], IO[bytes]], bar: Any
    ) -> None:
        """One WARC file (``name``, recorded as read under ``key``), unless read before."""
        assert self._state is not None
        if self._state.seen(key):
            self._count(stats.CCNEWS_FILES_READ_BEFORE)
            logger.info("Skipping %s: read to its end by an earlier run", name)
            return
        try:
            with opener() as stream:
                self._read_records(_Counting(stream, self.summary, bar), name, bar)
        except (OSError, ValueError, EOFError) as error:
            self._count(stats.CCNEWS_FILES_FAILED)
            logger.error("Reading %s failed, it will be read again: %r", name, error)
            return
        self._state.add_pages([key], datetime.now(timezone.utc).isoformat(timespec="seconds"))
        self._count(stats.CCNEWS_FILES)
        bar.set_postfix(self._postfix(), refresh=True)

    def _read_records(self, stream: IO[bytes], path: str, bar: Any) -> None:
        waiting: deque[tuple[list[_Page], Batch]] = deque()
        pages: list[_Page] = []
        try:
            for page in self._pages(stream, path):
                pages.append(page)
                if len(pages) == BATCH:
                    waiting.append((pages, self.extraction.submit(_jobs(pages))))
                    pages = []
                if len(waiting) > self.in_flight:
                    self._settle(*waiting.popleft())
                    if self.progress:
                        bar.set_postfix(self._postfix(), refresh=False)
        finally:
            # Pages already read are written even when the file breaks off.
            if pages:
                waiting.append((pages, self.extraction.submit(_jobs(pages))))
            while waiting:
                self._settle(*waiting.popleft())

    def _settle(self, pages: list[_Page], batch: Batch) -> None:
        """The articles of one batch, through the crawl's steps; or why there are none."""
        assert self._sink is not None
        for page, (kind, outcome) in zip(pages, self.extraction.outcomes(batch), strict=True):
            if kind == "refused":
                self._count(stats.skipped(outcome))
                self._sink.seen(page)
            elif kind == "timed_out":
                self._count(stats.SKIPPED_EXTRACTION_TIMEOUT)
                logger.warning("Skipping %s: extraction took too long or its worker died",
                               page.url)
            elif kind == "failed":
                self._count(stats.SKIPPED_EXTRACTION_ERROR)
                logger.error("Skipping %s: extraction failed: %s", page.url, outcome)
            else:
                self._count(stats.ARTICLES_EXTRACTED)
                for note in outcome.pop(NOTES, ()):
                    self._count(note)
                body_fingerprint = outcome.pop(FINGERPRINT)
                # The item as a crawl writes it: the Article's fields in their order.
                item = dict(vars(Article(**outcome, archive=page.archive)))
                self._sink.write(item, page, body_fingerprint)

    def _pages(self, stream: IO[bytes], path: str) -> Iterator[_Page]:
        """The records of one WARC file worth extracting."""
        assert self._state is not None
        for record in warc_records(stream):
            if record.kind != "response" or not record.is_http:
                continue
            self._count(stats.CCNEWS_RECORDS)
            target = record.target
            chosen = self.choice.of(target)
            if chosen is None or (http := record.http) is None:
                continue
            url, profile = chosen
            content_type = http.headers.get("content-type", "")
            status = http.status
            if status != "200" or not any(kind in content_type.lower() for kind in _HTML):
                self._count(stats.skipped(f"http_status/{status}") if status != "200"
                            else stats.SKIPPED_NOT_HTML)
                continue
            if self._state.seen(url):
                self._count(stats.SKIPPED_SEEN)
                continue
            body = record.payload(self.max_bytes + 1)
            if len(body) > self.max_bytes:
                self._count(stats.SKIPPED_TOO_LARGE)
                continue
            self._count(stats.CCNEWS_RECORDS_KEPT)
            moment = _warc_date(record)
            _, html = decode_html(body, http_content_type_encoding(content_type))
            yield _Page(url, profile, html, moment, {
                "source": "ccnews",
                "timestamp": cdx_timestamp(moment),
                "url": target,
                "filename": path,
                "offset": record.offset,
                "length": record.length,
                "captured_at": moment.isoformat(),
            })

    def _open(self, url: str) -> Any:
        """``url`` opened for reading (through the replay server when one is set), a 429 or
        503 waited out as asked, up to ``RETRY_TIMES`` times."""
        target, headers = url, {"User-Agent": self.user_agent}
        if self.replay_url:
            target = replay_target(self.replay_url, url)
            headers["X-Forwarded-Proto"] = "https"
        retries = self.settings.getint("RETRY_TIMES")
        attempt = 0
        while True:
            try:
                return urllib.request.urlopen(
                    urllib.request.Request(target, headers=headers),
                    timeout=self.settings.getfloat("DOWNLOAD_TIMEOUT"),
                )
            except urllib.error.HTTPError as error:
                if error.code not in (429, 503) or attempt >= retries:
                    raise
                wait = backoff_seconds(
                    error.code, (error.headers.get("Retry-After") or "").encode(), attempt,
                    self.settings.getfloat("NEWSCRAWL_RETRY_BACKOFF_BASE"),
                    self.settings.getfloat("NEWSCRAWL_RETRY_AFTER_MAX"), exponential=(429, 503),
                )
                self._count(stats.backoff(error.code))
                logger.info("Backing off %s: HTTP %d, retrying in %.1f s", url, error.code, wait)
                time.sleep(wait)
                attempt += 1

    def _postfix(self) -> dict[str, int]:
        return {
            "files": self.summary.counts[stats.CCNEWS_FILES],
            "records": self.summary.counts[stats.CCNEWS_RECORDS],
            "articles": sum(self.summary.written.values()),
        }

    def _count(self, counter: str, value: int = 1) -> None:
        self.summary.counts[counter] += value


@dataclass(eq=False)
class Batch:
    """Pages sent to the workers together, and where their outcomes will come from."""

    jobs: list[Job]
    result: AsyncResult[list[tuple[str, Any]]] | None = None


class BatchExtraction:
    """:func:`extract_batch` in ``workers`` processes (in this one for 0 or 1) that die with
    this one, batches waiting for a worker in the pool's queue.

    A batch still out ``timeout`` seconds after it is waited for (a page stuck, or a worker
    that died with it: a pool loses that batch silently) has the workers replaced, the other
    batches sent again, and its pages extracted one by one: a page still out after
    ``timeout`` alone is given up (``"timed_out"``). ``count`` receives
    ``extraction/timed_out`` for each replacement.
    """

    def __init__(
        self, workers: int, timeout: float | None, count: Callable[[str], None]
    ) -> None:
        self.workers = workers
        self.timeout = timeout
        self.count = count
        self._pool: Pool | None = None
        self._out: list[Batch] = []

    def start(self, job: Job) -> None:
        """Start the workers now, each extracting ``job`` once (as a first page would, it
        loads what extraction needs)."""
        if self.workers > 1:
            for batch in [self.submit([job]) for _ in range(2 * self.workers)]:
                self.outcomes(batch)

    def submit(self, jobs: list[Job]) -> Batch:
        """Send ``jobs`` to the workers (or keep them for :meth:`outcomes`, in-process)."""
        batch = Batch(jobs)
        if self.workers > 1:
            self._send(batch)
        return batch

    def outcomes(self, batch: Batch) -> list[tuple[str, Any]]:
        """The outcome of each page of ``batch``, in order (see :func:`extract_batch`)."""
        if batch.result is None:
            return extract_batch(batch.jobs)
        try:
            return batch.result.get(self.timeout)
        except multiprocessing.TimeoutError:
            self._out.remove(batch)
            self._replace_workers()
            return [self._alone(job) for job in batch.jobs]
        finally:
            if batch in self._out:
                self._out.remove(batch)

    def close(self) -> None:
        """Stop the workers."""
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
        self._pool = None

    def _send(self, batch: Batch) -> None:
        if self._pool is None:
            context = multiprocessing.get_context("spawn")
            self._pool = context.Pool(self.workers, initializer=_worker_started)
        batch.result = self._pool.apply_async(extract_batch, (batch.jobs,))
        if batch not in self._out:
            self._out.append(batch)

    def _alone(self, job: Job) -> tuple[str, Any]:
        single = Batch([job])
        self._send(single)
        assert single.result is not None
        try:
            return single.result.get(self.timeout)[0]
        except multiprocessing.TimeoutError:
            self._out.remove(single)
            self._replace_workers()
            return "timed_out", None
        finally:
            if single in self._out:
                self._out.remove(single)

    def _replace_workers(self) -> None:
        self.count(stats.EXTRACTION_TIMED_OUT)
        self.close()
        for batch in list(self._out):
            if batch.result is not None and not batch.result.ready():
                self._send(batch)


def _jobs(pages: list[_Page]) -> list[Job]:
    return [(page.html, page.url, page.fetched_at, page.profile) for page in pages]


def _worker_started() -> None:
    """A worker's start: it dies with the reading process (even by SIGKILL), leaves Ctrl-C to
    it, and loads the extraction libraries and the language model before its first page."""
    if sys.platform == "linux":
        ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from newscrawl.extract.language import detect_language

    detect_language("Загрузка модели языка для извлечения статей.")


class _Counting:
    """A stream that counts the bytes read from it, in the summary and on the progress bar."""

    def __init__(self, stream: IO[bytes], summary: CcnewsSummary, bar: Any) -> None:
        self.stream = stream
        self.summary = summary
        self.bar = bar

    def read(self, size: int = -1) -> bytes:
        """Read and count."""
        data = self.stream.read(size)
        self.summary.bytes_read += len(data)
        self.bar.update(len(data))
        return data


def _warc_date(record: WarcRecord) -> datetime:
    text = record.headers.get("warc-date", "")
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment.astimezone(timezone.utc).replace(microsecond=0)


def _day(text: str, *, last: bool = False) -> date:
    """The first day ``text`` (``YYYY-MM`` or ``YYYY-MM-DD``) names, or its last."""
    month = _month(text)
    parts = text.strip().split("-")
    if len(parts) == 3:
        return month.replace(day=int(parts[2]))
    if not last:
        return month
    following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return following - timedelta(days=1)


def _month(text: str) -> date:
    parts = text.strip().split("-")
    if len(parts) < 2 or not all(part.isdigit() for part in parts):
        raise ValueError(f"not a month (YYYY-MM): {text!r}")
    return date(int(parts[0]), int(parts[1]), 1)


class _Sink:
    """Articles through the crawl's steps (:mod:`newscrawl.crawler.pipelines`), in their
    order: schema, duplicates in this run, undated articles, articles earlier runs wrote,
    near-duplicates, the state (pending until the line is written)."""

    def __init__(
        self, state: CrawlState, settings: BaseSettings, out: Path, started: datetime,
        summary: CcnewsSummary,
    ) -> None:
        self.state = state
        self.drop_undated = settings.getbool("NEWSCRAWL_DROP_UNDATED")
        self.drop_near = settings.getbool("NEWSCRAWL_DROP_NEAR_DUPLICATES")
        self.out = out
        self.stamp = started.isoformat().replace(":", "-")
        self.summary = summary
        self.urls: set[tuple[str, str]] = set()
        self.hashes: set[tuple[str, str]] = set()
        self.streams: dict[str, IO[str]] = {}

    def seen(self, page: _Page) -> None:
        """Remember a page that gave no article, as the crawl does."""
        self.state.add_pages([page.url], page.fetched_at.isoformat())

    def write(self, item: dict[str, Any], page: _Page, body_fingerprint: Fingerprint) -> None:
        """Write ``item`` (its body's fingerprint ``body_fingerprint``) unless a step drops it
        (counted)."""
        if errors := schema_errors(item):
            self._count(stats.invalid(error_field(errors[0])).counter)
            logger.warning("Dropping %s: %s", page.url, "; ".join(errors))
            return
        canonical, digest = item["canonical_url"], item["content_hash"]
        # A crawl run is one outlet's: another outlet's copy is kept (as a near-duplicate).
        url_key, body_key = (item["outlet"], canonical), (item["outlet"], digest)
        if url_key in self.urls or body_key in self.hashes:
            reason = stats.DUPLICATE_URL if url_key in self.urls else stats.DUPLICATE_CONTENT
            self._drop(reason, item)
            return
        self.urls.add(url_key)
        self.hashes.add(body_key)
        if item["published_at"] is None:
            if self.drop_undated:
                self._drop(stats.DROPPED_UNDATED, item)
                return
            self._count(stats.UNDATED)
        if self.state.article(canonical) is not None:
            self._drop(stats.DUPLICATE_URL, item)
            return
        if self.state.article_with_hash(digest, item["outlet"]) is not None:
            self._drop(stats.DUPLICATE_CONTENT, item)
            return
        found = near_duplicate_of(self.state, item["url"], canonical, body_fingerprint)
        if found is not None:
            if self.drop_near:
                self._drop(stats.DUPLICATE_NEAR, item)
                return
            self._count(stats.NEAR_DUPLICATES)
            item = {**item, "duplicate_of": found.first}
        self._record_and_write(item, body_fingerprint)

    def close(self, run: dict[str, Any]) -> None:
        """Close the output files, each with its run record: ``run`` (:meth:`CcnewsReader._run`)
        and what went into that file."""
        for outlet, stream in self.streams.items():
            stream.close()
            path = self.summary.files[outlet]
            profile = OUTLETS.get(outlet)
            record = {
                **run, "spider": outlet, "hosts": list(profile.hosts) if profile else [],
                "lines": self.summary.written[outlet],
                "counts": {"items_scraped": self.summary.written[outlet]},
                "file": file_identity(path),
            }
            try:
                record_path(path).write_text(
                    json.dumps({"runs": [record]}, ensure_ascii=False, indent=1) + "\n", "utf-8"
                )
            except OSError as error:
                logger.warning("Cannot write the run record of %s: %s", path, error)

    def _record_and_write(self, item: dict[str, Any], body_fingerprint: Fingerprint) -> None:
        canonical, url, outlet = item["canonical_url"], item["url"], item["outlet"]
        article = StoredArticle.of(item, body_fingerprint.signature)
        self.state.add_article(article, [url], body_fingerprint.band_keys, pending=True)
        stream = self._stream(outlet)
        stream.write(json.dumps(item, ensure_ascii=False) + "\n")
        stream.flush()
        self.state.confirm(canonical)
        self.state.add_pages([url], item["fetched_at"], canonical)
        self.summary.written[outlet] += 1

    def _stream(self, outlet: str) -> IO[str]:
        if outlet not in self.streams:
            path = self.out / outlet / f"ccnews-{self.stamp}.jsonl"
            path.parent.mkdir(parents=True, exist_ok=True)
            self.state.add_feed(path)
            self.streams[outlet] = path.open("a", encoding="utf-8")
            self.summary.files[outlet] = path
        return self.streams[outlet]

    def _drop(self, reason: stats.DropReason, item: dict[str, Any]) -> None:
        self._count(reason.counter)
        logger.debug("Dropped: %s (%s)", reason.name, item["url"])
        self.state.add_pages([item["url"]], item["fetched_at"], item["canonical_url"])

    def _count(self, counter: str) -> None:
        self.summary.counts[counter] += 1
