"""Spidermon monitors: one test per health check, failing with the outlet, figure and threshold.

Spidermon 1.27 logs its results through ``Spider.log()``, which Scrapy 2.19 deprecates (a
``ScrapyDeprecationWarning`` at every close); :class:`LoggerMonitorRunner` logs through a
logger instead, and names each failure in one line rather than a unittest traceback.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from spidermon import Monitor, MonitorSuite
from spidermon.contrib.scrapy.runners import (
    LOG_MESSAGE_HEADER,
    SpiderMonitorResult,
    SpiderMonitorRunner,
)

from newscrawl.health.checks import SKIP

if TYPE_CHECKING:
    from newscrawl.health.checks import Check

logger = logging.getLogger(__name__)


class LoggerMonitorResult(SpiderMonitorResult):
    """Spidermon's result log, written through :mod:`logging` rather than ``Spider.log()``,
    with one line per failed monitor instead of its traceback."""

    def log(self, msg: Any, level: int = logging.DEBUG) -> None:
        logger.log(level, "[%s] %s", LOG_MESSAGE_HEADER, msg)

    def write_errors(self) -> None:
        for status in self.step.error_statuses:
            for item in self.step.items_for_status(status):
                reason = str(item.error).strip().splitlines()[-1].removeprefix("AssertionError: ")
                self.log_error(f"{item.status}: {item.item.name}: {reason}")


class LoggerMonitorRunner(SpiderMonitorRunner):
    """Spidermon's runner with :class:`LoggerMonitorResult`."""

    def create_result(self) -> LoggerMonitorResult:
        return LoggerMonitorResult(self.spider)


class HealthMonitor(Monitor):
    """The run's health checks (see :mod:`newscrawl.health.checks`)."""

    def _check(self, name: str) -> None:
        from newscrawl.health.extension import evaluation

        outlet, checks = evaluation(self.data.crawler)
        check: Check = next(check for check in checks if check.check == name)
        if check.status == SKIP:
            self.skipTest(check.message(outlet))
        if check.failed:
            self.fail(check.message(outlet))

    def test_finish_reason(self) -> None:
        """The crawl finished for an expected reason."""
        self._check("finish_reason")

    def test_articles(self) -> None:
        """Articles reached compared with the outlet's recent runs."""
        self._check("articles")

    def test_invalid(self) -> None:
        """Share of items dropped by schema validation."""
        self._check("invalid")

    def test_undated(self) -> None:
        """Share of articles without published_at."""
        self._check("undated")

    def test_short_body(self) -> None:
        """Share of article pages with a body under the threshold's word count."""
        self._check("short_body")

    def test_errors(self) -> None:
        """Share of error responses."""
        self._check("errors")

    def test_sources(self) -> None:
        """No sitemap, feed or listing that gave articles last run gives none now."""
        self._check("sources")


class HealthSuite(MonitorSuite):
    """The suite run when an outlet spider closes."""

    monitors = [HealthMonitor]  # noqa: RUF012
