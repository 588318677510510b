"""A request filter that remembers only the current run, even with a JOBDIR."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.dupefilters import RFPDupeFilter

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from typing_extensions import Self


class RunDupeFilter(RFPDupeFilter):
    """Scrapy's fingerprint filter without its ``JOBDIR/requests.seen`` file.

    A SIGKILL loses the scheduler's queue (it is saved only on a clean stop) but not the
    fingerprints already flushed to ``requests.seen``, so a resumed crawl would refuse the
    article requests it rediscovers and never fetch them. The crawl state
    (:mod:`newscrawl.state`) remembers what was fetched instead, and only once it is written.
    """

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """The filter, with no file."""
        return cls(
            None,
            crawler.settings.getbool("DUPEFILTER_DEBUG"),
            fingerprinter=crawler.request_fingerprinter,
        )
