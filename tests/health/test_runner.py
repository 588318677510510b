"""Spidermon's result log: at DEBUG beside the health report, without empty sections."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from scrapy.utils.test import get_crawler
from spidermon import Monitor, MonitorSuite

from newscrawl.health.runner import LoggerMonitorRunner

if TYPE_CHECKING:
    import pytest


class Checks(Monitor):
    __test__ = False

    def test_passes(self) -> None:
        """A check that passes."""

    def test_fails(self) -> None:
        """A check that fails."""
        self.fail("aqnews: undated FAIL: 100% (12 of 12)")


class Broken(Monitor):
    __test__ = False

    def test_raises(self) -> None:
        """A monitor with a bug."""
        raise KeyError("figures")


def run(monitor: type[Monitor], caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    crawler = get_crawler()
    spider = crawler.spidercls.from_crawler(crawler)
    suite: Any = MonitorSuite(monitors=[monitor])
    with caplog.at_level(logging.DEBUG, logger="newscrawl.health.runner"):
        LoggerMonitorRunner(spider=spider).run(suite, crawler=crawler, spider=spider)
    return caplog.records


def test_the_monitors_log_at_debug_without_empty_action_sections(
    caplog: pytest.LogCaptureFixture,
) -> None:
    records = run(Checks, caplog)
    messages = [record.getMessage() for record in records]
    assert {record.levelno for record in records} == {logging.DEBUG}
    assert "[Spidermon] Checks/test_passes... OK" in messages
    assert "[Spidermon] FAIL: Checks/test_fails: aqnews: undated FAIL: 100% (12 of 12)" in messages
    assert any("MONITORS" in message for message in messages)
    assert not any("ACTIONS" in message for message in messages)


def test_a_monitor_that_raises_is_an_error(caplog: pytest.LogCaptureFixture) -> None:
    errors = [record.getMessage() for record in run(Broken, caplog)
              if record.levelno == logging.ERROR]
    assert errors == ["[Spidermon] ERROR: Broken/test_raises: KeyError: 'figures'"]
