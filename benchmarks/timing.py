"""Benchmark-only Scrapy components: a CPU timer around the item pipelines, stats to a file.

``benchmarks/crawl.py`` wraps the project's pipelines between :class:`PipelinesStart` and
:class:`PipelinesEnd` and enables :class:`BenchStats`, which writes the crawl's stats, the
pipelines' CPU seconds and the crawl process's own resource usage to ``BENCH_STATS_FILE``.
"""

from __future__ import annotations

import json
import resource
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy import signals

if TYPE_CHECKING:
    from scrapy.crawler import Crawler


class _Clock:
    started: float | None = None
    seconds = 0.0

    def start(self) -> None:
        self.started = time.thread_time()

    def stop(self) -> None:
        if self.started is not None:
            self.seconds += time.thread_time() - self.started
            self.started = None


_pipelines = _Clock()


class PipelinesStart:
    """First pipeline: starts the clock (pipelines are synchronous, one item at a time)."""

    def process_item(self, item: Any) -> Any:
        _pipelines.start()
        return item


class PipelinesEnd:
    """Last pipeline: stops the clock."""

    def process_item(self, item: Any) -> Any:
        _pipelines.stop()
        return item


class BenchStats:
    """Stops the clock on dropped items; at close writes the figures to ``BENCH_STATS_FILE``."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.path = Path(crawler.settings["BENCH_STATS_FILE"])

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BenchStats:
        extension = cls(crawler)
        crawler.signals.connect(extension.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def item_dropped(self) -> None:
        _pipelines.stop()

    def spider_closed(self) -> None:
        assert self.crawler.stats is not None
        usage = resource.getrusage(resource.RUSAGE_SELF)
        figures = {
            "stats": self.crawler.stats.get_stats(),
            "pipelines_cpu_s": _pipelines.seconds,
            "main_cpu_s": usage.ru_utime + usage.ru_stime,
            "main_peak_rss_mb": usage.ru_maxrss / 1024,
        }
        self.path.write_text(json.dumps(figures, default=str, indent=1), "utf-8")
