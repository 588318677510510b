"""The scheduler: a large frontier waits on disk even without a ``JOBDIR``.

A sitemap lists thousands of article URLs within seconds of the start, and Scrapy keeps
every queued request in memory unless the crawl has a job directory (about 1.3 KB each,
with its fingerprint). :class:`SpillingScheduler` keeps the first :data:`MEMORY_LIMIT`
queued requests in memory and puts the rest in a disk queue in a temporary directory,
removed when the spider closes.
"""

from __future__ import annotations

import tempfile
from typing import TYPE_CHECKING, Any

from scrapy.core.scheduler import Scheduler

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from twisted.internet.defer import Deferred

# Requests queued in memory before the next ones go to disk.
MEMORY_LIMIT = 2000


class SpillingScheduler(Scheduler):
    """Scrapy's scheduler; without a ``JOBDIR``, requests queued past ``memory_limit`` wait
    in a temporary disk queue. With a ``JOBDIR`` it is Scrapy's scheduler unchanged."""

    memory_limit = MEMORY_LIMIT

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.spill: tempfile.TemporaryDirectory[str] | None = None

    def open(self, spider: Spider) -> Deferred[None] | None:
        """Open the queues, a temporary disk queue among them when there is no job dir."""
        if self.dqdir is None:
            self.spill = tempfile.TemporaryDirectory(prefix="newscrawl-queue-")
            self.dqdir = self._dqdir(self.spill.name)
        return super().open(spider)

    def close(self, reason: str) -> Deferred[None] | None:
        """Close the queues and remove the temporary disk queue with what it still holds."""
        result = super().close(reason)
        if self.spill is not None:
            self.spill.cleanup()
            self.spill, self.dqdir = None, None
        return result

    def _dqpush(self, request: Request) -> bool:
        if self.spill is not None and len(self.mqs) < self.memory_limit:
            return False
        return super()._dqpush(request)
