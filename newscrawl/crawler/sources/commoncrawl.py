"""Common Crawl as a source (``-a source=commoncrawl``).

The walk: ``collinfo.json`` from ``NEWSCRAWL_CC_INDEX``; for each collection that overlaps the
window, newest first, and each host of the outlet, the number of pages of its CDX query
(``showNumPages=true``), then each page (``page=N``): ``url=<host>/*``, ``output=json``,
``from``/``to`` the window, ``filter=status:200`` and ``filter=mime:html``. Each collection's
``cdx-api`` link is taken as the list gives it, so a mirror's list points at the mirror.

A capture is one gzip member of a WARC file under ``NEWSCRAWL_CC_DATA``, read with an HTTP
``Range`` request and warcio. A member that does not inflate whole, or holds no response
record, is refused (``archive/record_unreadable``); a record that is a redirect
(``archive/redirect``) too: the index lists the page it leads to under its own URL.
"""

from __future__ import annotations

import logging
import zlib
from dataclasses import dataclass
from io import BytesIO
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from scrapy.http import Headers
from scrapy.responsetypes import responsetypes
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from newscrawl.core import stats
from newscrawl.crawler.downloader.failures import Refused
from newscrawl.crawler.sources.base import ArchiveSource, query_hosts, step_query
from newscrawl.crawler.sources.cdx import parse_collinfo, parse_commoncrawl, parse_page_count

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from scrapy import Request
    from scrapy.http import Response

    from newscrawl.crawler.sources.cdx import Capture

logger = logging.getLogger(__name__)

FILTERS = ("status:200", "mime:html")
# Headers that described the payload as it travelled, not as the record holds it.
_TRANSFER_HEADERS = frozenset({b"content-encoding", b"transfer-encoding", b"content-length"})


class RecordUnreadable(ValueError):
    """A WARC member that does not hold one whole response record."""


@dataclass(frozen=True)
class ArchivedResponse:
    """The HTTP response a WARC response record holds."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def as_response(self, url: str) -> Response:
        """A Scrapy response under ``url`` with this status, headers and (decoded) body."""
        headers = Headers(
            [(name, value) for name, value in self.headers
             if name.lower().encode("latin-1") not in _TRANSFER_HEADERS]
        )
        kind = responsetypes.from_args(headers=headers, url=url, body=self.body)
        return kind(url=url, status=self.status, headers=headers, body=self.body,
                    flags=["archive"])


def read_record(member: bytes) -> ArchivedResponse:
    """The response record of one WARC member (gzip-compressed or not)."""
    if member[:2] == b"\x1f\x8b":
        inflate = zlib.decompressobj(zlib.MAX_WBITS | 16)
        try:
            raw = inflate.decompress(member)
        except zlib.error as error:
            raise RecordUnreadable(f"not a gzip member ({error})") from None
        if not inflate.eof:
            raise RecordUnreadable(f"truncated gzip member ({len(member)} bytes)")
    else:
        raw = member
    try:
        for record in ArchiveIterator(BytesIO(raw)):
            if record.rec_type == "response" and record.http_headers is not None:
                status = record.http_headers.get_statuscode()
                return ArchivedResponse(
                    int(status) if status.isdigit() else 0,
                    list(record.http_headers.headers),
                    record.content_stream().read(),
                )
    except (ArchiveLoadFailed, ValueError, OSError) as error:
        raise RecordUnreadable(f"not a WARC record ({error})") from None
    raise RecordUnreadable("no response record")


class CommonCrawlSource(ArchiveSource):
    """An outlet's pages from Common Crawl's monthly crawls."""

    name = "commoncrawl"
    index_slot = "commoncrawl-index"
    capture_slot = "commoncrawl-data"

    def first_steps(self) -> list[dict[str, Any]]:
        """The collection list."""
        return [{"kind": "collections"}]

    def index_url(self, step: dict[str, Any]) -> str:
        """``collinfo.json``, or a collection's CDX API: its page count, or one page."""
        if step["kind"] == "collections":
            return f"{self.settings.get('NEWSCRAWL_CC_INDEX').rstrip('/')}/collinfo.json"
        extra = [("showNumPages", "true")] if step["kind"] == "pages" else [
            ("page", str(step["page"]))
        ]
        query = step_query(step["host"], self.window, FILTERS, extra)
        return f"{step['api']}?{urlencode(query)}"

    def read_step(
        self, response: Response, step: dict[str, Any], plan: list[dict[str, Any]]
    ) -> tuple[list[Capture], list[dict[str, Any]]]:
        """Collections add their page counts to the plan, a page count its pages; a page
        lists captures."""
        if step["kind"] == "collections":
            chosen = [c for c in parse_collinfo(response.body) if c.overlaps(self.window)]
            self._count(stats.ARCHIVE_COLLECTIONS, len(chosen))
            logger.info(
                "Common Crawl: %d collections overlap the window: %s",
                len(chosen), ", ".join(c.id for c in chosen) or "none",
            )
            steps = [
                {"kind": "pages", "collection": collection.id, "api": collection.cdx_api,
                 "host": host}
                for collection in chosen
                for host in query_hosts(self.profile)
            ]
            return [], steps + plan
        if step["kind"] == "pages":
            pages = [{**step, "kind": "page", "page": n} for n in range(
                parse_page_count(response.body)
            )]
            return [], pages + plan
        self._count(stats.ARCHIVE_INDEX_PAGES)
        captures, unreadable = parse_commoncrawl(response.body, step["collection"])
        if unreadable:
            self._count(stats.ARCHIVE_INDEX_UNREADABLE, unreadable)
            logger.warning("%s: %d index lines unreadable", response.url, unreadable)
        return captures, plan

    def continues(self, step: dict[str, Any], following: dict[str, Any]) -> bool:
        """The next page of the same collection and host."""
        return (
            step["kind"] == following["kind"] == "page"
            and (step["collection"], step["host"]) == (following["collection"], following["host"])
        )

    def fetch_url(self, capture: Capture) -> str:
        """The WARC file on ``NEWSCRAWL_CC_DATA``."""
        return f"{self.settings.get('NEWSCRAWL_CC_DATA').rstrip('/')}/{capture.filename}"


async def fetch(
    request: Request,
    capture: dict[str, Any],
    download: Callable[[Request], Awaitable[Response]],
) -> Response:
    """The capture's record as the response to ``request`` (its live URL): one ``Range``
    request; an error answer of the archive is passed on under the live URL, for the retry
    and failure middlewares."""
    first, length = int(capture["offset"]), int(capture["length"])
    answer = await download(request.replace(
        url=capture["fetch"],
        headers={"Range": f"bytes={first}-{first + length - 1}",
                 "User-Agent": request.headers.get("User-Agent") or b""},
    ))
    if answer.status not in (200, 206):
        return answer.replace(url=request.url)
    member = answer.body
    if answer.status == 200 and len(member) > length:
        # A server that ignores Range sends the whole file.
        member = member[first:first + length]
    try:
        record = read_record(member)
    except RecordUnreadable as error:
        raise Refused(
            stats.ARCHIVE_RECORD_UNREADABLE, f"capture of {request.url} in {capture['filename']} "
            f"at {first}: {error}",
        ) from None
    if 300 <= record.status < 400:
        location = {k.lower(): v for k, v in record.headers}.get("location", "?")
        raise Refused(
            stats.ARCHIVE_REDIRECT,
            f"the capture of {request.url} is a redirect ({record.status}) to {location}",
        )
    return record.as_response(request.url)
