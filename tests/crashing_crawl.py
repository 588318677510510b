"""`scrapy crawl` whose extraction workers die on any page carrying :data:`MARKER`.

Run as ``python -m tests.crashing_crawl crawl <outlet> ...``; the crash test uses it.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

import newscrawl.crawler.pool
from newscrawl.crawler.pool import extract_job

if TYPE_CHECKING:
    from datetime import datetime

    from newscrawl.core.profile import OutletProfile

MARKER = "<!-- the extraction worker dies on this page -->"


def extract_or_die(
    html: str, url: str, fetched_at: datetime, profile: OutletProfile | None
) -> dict[str, Any]:
    """:func:`extract_job`, except that the worker process exits at once on a marked page."""
    if MARKER in html:
        os._exit(70)
    return extract_job(html, url, fetched_at, profile)


if __name__ == "__main__":
    from scrapy.cmdline import execute

    newscrawl.pool.extract_job = extract_or_die
    execute(["scrapy", *sys.argv[1:]])
