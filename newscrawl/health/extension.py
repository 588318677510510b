"""The Spidermon extension of every outlet crawl: figures, monitors, report and actions."""

from __future__ import annotations

import logging
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.extensions.feedexport import FeedExporter
from spidermon.contrib.scrapy.extensions import Spidermon
from w3lib.url import file_uri_to_path

from newscrawl.core import stats
from newscrawl.core.thresholds import Thresholds
from newscrawl.crawler.components import Dropped, page_urls
from newscrawl.crawler.extensions.sources import tracker
from newscrawl.crawler.extensions.state import crawl_state
from newscrawl.health.checks import LIVE, RunSummary, evaluate
from newscrawl.health.report import build_report, post_report, summary_text, write_report
from newscrawl.health.runner import LoggerMonitorRunner

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from typing_extensions import Self

    from newscrawl.health.checks import Check

logger = logging.getLogger(__name__)


def thresholds_for(spider: Spider) -> Thresholds:
    """The outlet's thresholds (its profile's ``health``), with the crawl's settings over them."""
    profile = getattr(spider, "profile", None)
    limits = getattr(profile, "health", None) or Thresholds()
    return limits.override(spider.crawler.settings.getdict("NEWSCRAWL_HEALTH_THRESHOLDS"))


class HealthExtension(Spidermon):
    """Spidermon's extension, counting what the health checks need while the crawl runs.

    When the spider closes it evaluates the checks, runs the monitors
    (:class:`newscrawl.health.monitors.HealthSuite`), writes the report next to each local
    output file, logs its summary, records the run in the crawl state, posts the report to
    ``NEWSCRAWL_HEALTH_WEBHOOK`` and sets ``newscrawl/health/failed_checks``.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.figures: Counter[str] = Counter()
        self.limits = Thresholds()
        self.evaluation: tuple[str, list[Check]] = ("", [])
        """The outlet name and the checks of the closing crawl, for the monitors."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Spidermon's extension, also listening to items."""
        ext = super().from_crawler(crawler)
        crawler.signals.connect(ext.item_passed, signal=signals.item_scraped)
        crawler.signals.connect(ext.item_was_dropped, signal=signals.item_dropped)
        return ext

    def spider_opened(self, spider: Spider) -> None:
        """Read the outlet's thresholds, then let Spidermon start."""
        self.limits = thresholds_for(spider)
        super().spider_opened(spider)

    def item_passed(self, item: Any, response: Response) -> None:
        """Count a written item."""
        self._count(item, response, invalid=False)

    def item_was_dropped(self, item: Any, response: Response, exception: BaseException) -> None:
        """Count a dropped item; a schema failure counts as invalid, others as articles."""
        self._count(item, response, invalid=isinstance(exception, Dropped)
                    and exception.reason.invalid)

    def _count(self, item: Any, response: Response | None, *, invalid: bool) -> None:
        self.figures["pipeline"] += 1
        if invalid:
            self.figures["invalid"] += 1
            return
        self.figures["reached"] += 1
        if response is not None:
            tracker(self.crawler).article(page_urls(response))
        adapter = ItemAdapter(item)
        self.figures["undated"] += adapter.get("published_at") is None
        self.figures["short"] += (adapter.get("word_count") or 0) < self.limits.short_words

    def spider_closed(self, spider: Spider) -> None:
        """Evaluate, run the monitors, then report and act."""
        if not hasattr(spider, "profile"):
            super().spider_closed(spider)
            return
        run = self.summary(spider.name, getattr(spider, "source", LIVE))
        recorded = crawl_state(self.crawler).recent_runs(run.key, self.limits.recent_runs)
        history = [RunSummary.from_json(summary) for summary in recorded]
        checks = evaluate(run, history, self.limits)
        self.evaluation = (run.outlet, checks)
        super().spider_closed(spider)
        self.act(run, checks, self.limits)

    def summary(self, outlet: str, source: str = LIVE) -> RunSummary:
        """This run's figures; ``source`` is where it read the pages."""
        assert self.crawler.stats is not None
        figures = self.crawler.stats.get_stats()
        started = figures.get("start_time") or datetime.now(timezone.utc)
        statuses = {
            int(key.rsplit("/", 1)[1]): value
            for key, value in figures.items()
            if key.startswith("downloader/response_status_count/")
        }
        download_errors = stats.key(stats.DOWNLOAD_ERROR)
        failures = sum(value for key, value in figures.items() if key.startswith(download_errors))
        too_short = sum(figures.get(stats.key(counter), 0) for counter in stats.SKIPPED_SHORT)
        walls = stats.key(stats.BLOCKED)
        blocked = sum(value for key, value in figures.items() if key.startswith(walls))
        date_source = stats.key(stats.DATE_SOURCE)
        date_sources = {
            key.removeprefix(date_source): value
            for key, value in figures.items()
            if key.startswith(date_source)
        }
        return RunSummary(
            outlet=outlet,
            started_at=started.isoformat(timespec="seconds"),
            finished_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
            finish_reason=str(figures.get("finish_reason", "unknown")),
            items=figures.get("item_scraped_count", 0),
            articles=self.figures["reached"] + figures.get(stats.key(stats.SKIPPED_SEEN), 0),
            pipeline_items=self.figures["pipeline"],
            invalid=self.figures["invalid"],
            judged=self.figures["reached"],
            undated=self.figures["undated"],
            bodies=self.figures["reached"] + too_short,
            short=self.figures["short"] + too_short,
            responses=sum(statuses.values()) + failures,
            errors=sum(count for status, count in statuses.items() if status >= 400) + failures,
            blocked=blocked,
            date_sources=date_sources,
            sources=tracker(self.crawler).counts(),
            source=source,
        )

    def act(self, run: RunSummary, checks: list[Check], limits: Thresholds) -> None:
        """Write, log, record and post the report; count the failed checks."""
        settings = self.crawler.settings
        outputs = _local_outputs(self.crawler)
        report = build_report(run, checks, limits, outputs)
        for output in outputs:
            report_path = write_report(report, output)
            logger.info("Health report written to %s", report_path)
        text = summary_text(report)
        if report["healthy"]:
            logger.info("%s", text)
        else:
            logger.error("%s", text)
        crawl_state(self.crawler).record_run(
            run.key, run.started_at, report["healthy"], run.to_json()
        )
        assert self.crawler.stats is not None
        self.crawler.stats.set_value(stats.key(stats.HEALTH_FAILED_CHECKS), len(report["failed"]))
        if url := settings.get("NEWSCRAWL_HEALTH_WEBHOOK"):
            posted = post_report(report, url)
            self.crawler.stats.set_value(stats.key(stats.HEALTH_WEBHOOK_POSTED), int(posted))

    def _run_suites(self, spider: Spider, suites: list[Any]) -> None:
        data = self._generate_data_for_spider(spider)
        for suite in suites:
            LoggerMonitorRunner(spider=spider).run(suite, **data)


def _local_outputs(crawler: Crawler) -> list[Path]:
    """The local files this run's feeds write."""
    paths = []
    for component in crawler.extensions.middlewares:
        if not isinstance(component, FeedExporter):
            continue
        for slot in component.slots:
            scheme = urlsplit(slot.uri).scheme
            if scheme == "file":
                paths.append(Path(file_uri_to_path(slot.uri)))
            elif len(scheme) <= 1:  # a plain path (or a Windows drive letter)
                paths.append(Path(slot.uri))
    return paths
