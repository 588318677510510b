"""``scrapy crawl``, exiting with status 1 when a health monitor failed and
``NEWSCRAWL_FAIL_ON_UNHEALTHY`` is set (Scrapy's own command only fails on a bootstrap error)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError

from newscrawl.core import stats

if TYPE_CHECKING:
    import argparse

logger = logging.getLogger(__name__)


class Command(ScrapyCrawl):
    """Run a spider; the exit status also says whether the run was healthy."""

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if not args:
            raise UsageError
        if len(args) > 1:
            raise UsageError("running 'scrapy crawl' with more than one spider is not supported")
        assert self.crawler_process
        crawler = self._create_crawler(args[0])
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = 1
            return
        collector = crawler.stats
        failed = collector.get_value(stats.key(stats.HEALTH_FAILED_CHECKS), 0) if collector else 0
        if failed and crawler.settings.getbool("NEWSCRAWL_FAIL_ON_UNHEALTHY"):
            logger.error("Exiting with status 1: %d health checks failed", failed)
            self.exitcode = 1
