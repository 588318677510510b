"""Spidermon monitors: one test per health check, failing with the outlet, figure and threshold."""

from __future__ import annotations

from typing import TYPE_CHECKING

from spidermon import Monitor, MonitorSuite

from newscrawl.health.checks import SKIP
from newscrawl.health.extension import HealthExtension

if TYPE_CHECKING:
    from newscrawl.health.checks import Check


class HealthMonitor(Monitor):
    """The run's health checks (see :mod:`newscrawl.health.checks`)."""

    def _check(self, name: str) -> None:
        extension = self.data.crawler.get_extension(HealthExtension)
        outlet, checks = extension.evaluation
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

    def test_blocked(self) -> None:
        """Share of pages a bot wall answered with its challenge or block page."""
        self._check("blocked")

    def test_date_sources(self) -> None:
        """Share of dates taken from sources weaker than the outlet's usual one."""
        self._check("date_sources")

    def test_sources(self) -> None:
        """No sitemap, feed or listing that gave articles last run gives none now."""
        self._check("sources")


class HealthSuite(MonitorSuite):
    """The suite run when an outlet spider closes."""

    monitors = [HealthMonitor]  # noqa: RUF012
