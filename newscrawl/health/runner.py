"""Spidermon's runner, logging through :mod:`logging`.

Spidermon 1.27 logs its results through ``Spider.log()``, which Scrapy 2.19 deprecates (a
``ScrapyDeprecationWarning`` at every close); :class:`LoggerMonitorRunner` logs through a
logger instead, and names each failure in one line rather than a unittest traceback.
"""

from __future__ import annotations

import logging
from typing import Any

from spidermon.contrib.scrapy.runners import (
    LOG_MESSAGE_HEADER,
    SpiderMonitorResult,
    SpiderMonitorRunner,
)

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
