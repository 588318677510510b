"""Spidermon's runner, logging through :mod:`logging`.

Spidermon 1.27 logs its results through ``Spider.log()``, which Scrapy 2.19 deprecates (a
``ScrapyDeprecationWarning`` at every close); :class:`LoggerMonitorRunner` logs through a
logger instead, at DEBUG beside the health report, and names each failure in one line rather
than a unittest traceback.
"""

from __future__ import annotations

import logging
from typing import Any

from spidermon import settings
from spidermon.contrib.scrapy.runners import (
    LOG_MESSAGE_HEADER,
    SpiderMonitorResult,
    SpiderMonitorRunner,
)

logger = logging.getLogger(__name__)

# A monitor or action that raised, rather than failed its check.
_RAISED = {settings.MONITOR.STATUS.ERROR, settings.ACTION.STATUS.ERROR}


class LoggerMonitorResult(SpiderMonitorResult):
    """Spidermon's result log, written through :mod:`logging` rather than ``Spider.log()``.

    It goes to DEBUG: the health report logs every check once, at INFO (ERROR when one
    failed). A step that ran nothing (the action steps of a suite without actions) is not
    written, and a failed monitor is one line instead of its traceback; a monitor or action
    that raised is logged at ERROR.
    """

    def __init__(self, spider: Any) -> None:
        super().__init__(spider)
        self.lines: list[tuple[int, str]] = []

    def log(self, msg: Any, level: int = logging.DEBUG) -> None:
        self.lines.append((level, str(msg)))

    def log_info(self, msg: Any) -> None:
        self.log(msg)

    def finish_step(self) -> None:
        super().finish_step()
        if self.step.number_of_items:
            for level, msg in self.lines:
                logger.log(level, "[%s] %s", LOG_MESSAGE_HEADER, msg)
        self.lines.clear()

    def write_errors(self) -> None:
        for status in self.step.error_statuses:
            for item in self.step.items_for_status(status):
                reason = str(item.error).strip().splitlines()[-1].removeprefix("AssertionError: ")
                level = logging.ERROR if item.status in _RAISED else logging.DEBUG
                self.log(f"{item.status}: {item.item.name}: {reason}", level)


class LoggerMonitorRunner(SpiderMonitorRunner):
    """Spidermon's runner with :class:`LoggerMonitorResult`."""

    def create_result(self) -> LoggerMonitorResult:
        return LoggerMonitorResult(self.spider)
