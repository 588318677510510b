"""A progress line on stderr: articles written, pages per minute, queue size and errors.

:class:`CrawlProgress` (on with ``NEWSCRAWL_PROGRESS``) adds its crawl to the process's
:class:`ProgressBar`, which reads every crawl's stats a few times a second: nothing is done
per page or per item.
"""

from __future__ import annotations

import io
import logging
import sys
import time
from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, TextIO

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.asyncio import create_looping_call
from tqdm import tqdm

from newscrawl.core import stats

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector
    from scrapy.utils.asyncio import AsyncioLoopingCall
    from twisted.internet.task import LoopingCall
    from typing_extensions import Self

REFRESH_SECONDS = 0.25
# Pages per minute are counted over this much of the recent past.
RATE_SECONDS = 30.0
_DOWNLOAD_ERRORS = stats.key(stats.DOWNLOAD_ERROR)


@dataclass(frozen=True)
class Figures:
    """What a crawl has done so far."""

    articles: int = 0
    pages: int = 0
    queue: int = 0
    errors: int = 0

    def __add__(self, other: Figures) -> Figures:
        return Figures(
            self.articles + other.articles,
            self.pages + other.pages,
            self.queue + other.queue,
            self.errors + other.errors,
        )


def figures_of(values: dict[str, Any]) -> Figures:
    """The figures of one crawl's stats: errors are requests that got no response and errors
    logged."""
    failed = sum(value for key, value in values.items() if key.startswith(_DOWNLOAD_ERRORS))
    queued = values.get("scheduler/enqueued", 0) - values.get("scheduler/dequeued", 0)
    return Figures(
        articles=values.get("item_scraped_count", 0),
        pages=values.get("response_received_count", 0),
        queue=max(queued, 0),
        errors=failed + values.get("log_count/ERROR", 0),
    )


class ProgressBar:
    """One tqdm line on stderr over several crawls, refreshed every :data:`REFRESH_SECONDS`;
    log records are written above it while it shows."""

    def __init__(self) -> None:
        self._stream = sys.stderr
        self._running: dict[int, StatsCollector] = {}
        self._finished = Figures()
        self._shown = Figures()
        self._pages: deque[tuple[float, int]] = deque()
        self._bar: tqdm[Any] | None = None
        self._task: AsyncioLoopingCall | LoopingCall | None = None
        self._handlers: list[tuple[logging.StreamHandler[Any], TextIO]] = []

    @property
    def active(self) -> bool:
        """Whether a crawl is still being shown."""
        return bool(self._running)

    def add(self, crawler_stats: StatsCollector) -> None:
        """Show one more crawl, by its stats collector."""
        if self._bar is None:
            self._bar = tqdm(desc="Crawling", unit=" articles", file=self._stream,
                             dynamic_ncols=True, mininterval=REFRESH_SECONDS)
            self._log_above()
            self._task = create_looping_call(self.refresh)
            self._task.start(REFRESH_SECONDS, now=False)
        self._running[id(crawler_stats)] = crawler_stats

    def remove(self, crawler_stats: StatsCollector) -> None:
        """One crawl ended: its figures stay in the line; the last one closes it."""
        if self._running.pop(id(crawler_stats), None) is None:
            return
        self._finished += figures_of(crawler_stats.get_stats())
        self.refresh()
        if not self._running:
            self.close()

    def figures(self) -> Figures:
        """The figures of every crawl shown, ended ones included."""
        total = self._finished
        for collector in self._running.values():
            total += figures_of(collector.get_stats())
        return total

    def refresh(self) -> None:
        """Redraw the line with the latest figures."""
        if self._bar is None:
            return
        now, current = time.monotonic(), self.figures()
        self._pages.append((now, current.pages))
        while len(self._pages) > 2 and now - self._pages[1][0] >= RATE_SECONDS:
            self._pages.popleft()
        since, pages = self._pages[0]
        per_minute = (current.pages - pages) * 60 / (now - since) if now > since else 0.0
        self._bar.update(current.articles - self._shown.articles)
        self._bar.set_postfix_str(
            f"{per_minute:.0f} pages/min, queue {current.queue}, errors {current.errors}",
            refresh=False,
        )
        self._bar.refresh()
        self._shown = current

    def close(self) -> None:
        """Leave the last line on the terminal and stop refreshing."""
        if self._task is not None and self._task.running:
            self._task.stop()
        self._task = None
        if self._bar is not None:
            self._bar.close()
            self._bar = None
        for handler, stream in self._handlers:
            handler.setStream(stream)
        self._handlers.clear()

    def _log_above(self) -> None:
        """Log records to the bar's stream are written above the bar, not across it."""
        for handler in logging.getLogger().handlers:
            if isinstance(handler, logging.StreamHandler) and handler.stream is self._stream:
                handler.setStream(_AboveBar(self._stream))
                self._handlers.append((handler, self._stream))


class _AboveBar(io.TextIOBase):
    """A text stream that writes above the progress bars shown on ``stream``."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self.stream = stream

    def write(self, text: str) -> int:
        tqdm.write(text, file=self.stream, end="")
        return len(text)

    def flush(self) -> None:
        self.stream.flush()


class CrawlProgress:
    """Extension: the crawl's figures on the process's progress line (``NEWSCRAWL_PROGRESS``)."""

    # A terminal shows one line: every crawl of the process adds to the same bar (the demo
    # runs one crawl per outlet).
    _shared: ClassVar[ProgressBar | None] = None

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.shown_on: ProgressBar | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """The extension, when ``NEWSCRAWL_PROGRESS`` is on."""
        if not crawler.settings.getbool("NEWSCRAWL_PROGRESS"):
            raise NotConfigured
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    @classmethod
    def bar(cls) -> ProgressBar:
        """The process's progress line, a new one when no crawl is showing."""
        if cls._shared is None or not cls._shared.active:
            cls._shared = ProgressBar()
        return cls._shared

    def spider_opened(self) -> None:
        """Start showing this crawl."""
        assert self.crawler.stats is not None
        self.shown_on = self.bar()
        self.shown_on.add(self.crawler.stats)

    def spider_closed(self) -> None:
        """This crawl's last figures."""
        assert self.crawler.stats is not None
        if self.shown_on is not None:
            self.shown_on.remove(self.crawler.stats)
