"""`scrapy crawl` whose extraction workers die on any page carrying :data:`MARKER` and stall on
any page carrying :data:`STALL`.

Run as ``python -m tests.crashing_crawl crawl <outlet> ...``; the crash and time limit tests use
it.
"""

from __future__ import annotations

import os
import sys
import time
from typing import TYPE_CHECKING, Any

import newscrawl.crawler.pool
from newscrawl.crawler.pool import extract_page

if TYPE_CHECKING:
    from datetime import datetime

    from newscrawl.core.profile import OutletProfile

MARKER = "<!-- the extraction worker dies on this page -->"
STALL = "<!-- the extraction worker stalls on this page -->"


def extract_or_die(
    body: bytes, url: str, fetched_at: datetime, profile: OutletProfile | None, encoding: str
) -> dict[str, Any]:
    """:func:`extract_page`, except that the worker process exits at once on a marked page
    and sleeps for an hour on a stalling one."""
    if MARKER.encode() in body:
        os._exit(70)
    if STALL.encode() in body:
        time.sleep(3600)
    return extract_page(body, url, fetched_at, profile, encoding)


if __name__ == "__main__":
    from scrapy.cmdline import execute

    newscrawl.crawler.pool.extract_page = extract_or_die
    execute(["scrapy", *sys.argv[1:]])
