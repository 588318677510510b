"""The Wayback Machine as a source (``-a source=wayback``), for outlets and years Common Crawl
misses.

The walk: for each host of the outlet, its CDX server (``NEWSCRAWL_WAYBACK/cdx/search/cdx``)
with ``url=<host>/*``, ``output=json``, ``from``/``to`` the window, ``filter=statuscode:200``,
``filter=mimetype:text/html`` and ``collapse=digest`` (identical consecutive captures of a
page count as one, dated by the first), in pages of :data:`ROWS` rows followed with
``showResumeKey``/``resumeKey``.

A capture is read raw, as the outlet served it: ``/web/<timestamp>id_/<url>``. When the
archive answers with a redirect to another capture of the same page (the nearest one it
has), it is followed once (``archive/redirect_followed``); a redirect to another page is
refused (``archive/redirect``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode, urlsplit

from newscrawl.core import stats
from newscrawl.core.urls import canonicalize, resolve
from newscrawl.crawler.downloader.failures import Refused
from newscrawl.crawler.sources.base import ArchiveSource, query_hosts, step_query
from newscrawl.crawler.sources.cdx import cdx_timestamp, parse_timestamp, parse_wayback

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from scrapy import Request
    from scrapy.http import Response
    from scrapy.statscollectors import StatsCollector

    from newscrawl.crawler.sources.cdx import Capture

ROWS = 5000
FIELDS = "urlkey,timestamp,original,mimetype,statuscode,digest,length"
FILTERS = ("statuscode:200", "mimetype:text/html")
_RAW_CAPTURE = re.compile(r"/web/(\d{1,14})id_/(https?://.+)$")


class WaybackSource(ArchiveSource):
    """An outlet's pages from the Wayback Machine."""

    name = "wayback"
    index_slot = "wayback-cdx"
    capture_slot = "wayback-web"

    def first_steps(self) -> list[dict[str, Any]]:
        """One CDX query per host."""
        return [{"host": host, "resume": None} for host in query_hosts(self.profile)]

    def index_url(self, step: dict[str, Any]) -> str:
        """The CDX query of a host; after the first page, its resume key as the server gave
        it (already escaped)."""
        extra = [("fl", FIELDS), ("collapse", "digest"), ("limit", str(ROWS)),
                 ("showResumeKey", "true")]
        query = urlencode(step_query(step["host"], self.window, FILTERS, extra))
        base = self.settings.get("NEWSCRAWL_WAYBACK").rstrip("/")
        resume = f"&resumeKey={step['resume']}" if step["resume"] else ""
        return f"{base}/cdx/search/cdx?{query}{resume}"

    def read_step(
        self, response: Response, step: dict[str, Any], plan: list[dict[str, Any]]
    ) -> tuple[list[Capture], list[dict[str, Any]]]:
        """The page's captures; a resume key puts the query's next page first in the plan."""
        self._count(stats.ARCHIVE_INDEX_PAGES)
        captures, resume = parse_wayback(response.body)
        if resume:
            plan = [{**step, "resume": resume}, *plan]
        return captures, plan

    def continues(self, step: dict[str, Any], following: dict[str, Any]) -> bool:
        """The next page of the same host's query."""
        return bool(following["resume"]) and following["host"] == step["host"]

    def fetch_url(self, capture: Capture) -> str:
        """The raw capture: ``/web/<timestamp>id_/<url>``."""
        base = self.settings.get("NEWSCRAWL_WAYBACK").rstrip("/")
        return f"{base}/web/{capture.timestamp}id_/{capture.url}"


def same_page(one: str, other: str) -> bool:
    """Whether two URLs name one page, whatever their scheme."""
    first, second = urlsplit(canonicalize(one)), urlsplit(canonicalize(other))
    return first._replace(scheme="") == second._replace(scheme="")


async def fetch(
    request: Request,
    capture: dict[str, Any],
    download: Callable[[Request], Awaitable[Response]],
    collector: StatsCollector | None = None,
) -> Response:
    """The raw capture as the response to ``request`` (its live URL); a redirect to another
    capture of the page is followed once (``capture`` then names the one read)."""
    headers = {"User-Agent": request.headers.get("User-Agent") or b""}
    answer = await download(request.replace(url=capture["fetch"], headers=headers))
    location = answer.headers.get("Location")
    if 300 <= answer.status < 400 and location:
        target = resolve(capture["fetch"], location.decode("latin-1")) or ""
        moved = _RAW_CAPTURE.search(target)
        if moved is None or not same_page(moved[2], capture["url"]):
            raise Refused(
                stats.ARCHIVE_REDIRECT,
                f"the capture of {request.url} is a redirect ({answer.status}) to {target}",
            )
        capture.update(timestamp=cdx_timestamp(parse_timestamp(moved[1])), fetch=target)
        if collector is not None:
            stats.count(collector, stats.ARCHIVE_REDIRECT_FOLLOWED)
        answer = await download(request.replace(url=target, headers=headers))
        if 300 <= answer.status < 400:
            raise Refused(
                stats.ARCHIVE_REDIRECT,
                f"the capture of {request.url} redirects again ({answer.status})",
            )
    return answer.replace(url=request.url)
