"""Raw archive: with ``NEWSCRAWL_WARC_DIR`` set, every article response also goes to WARC files.

``newscrawl reextract`` reads them back, so a corpus can be rebuilt when extraction improves
without fetching a page again. Without ``NEWSCRAWL_WARC_DIR`` the extension is not enabled at all.
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from http import HTTPStatus
from io import BytesIO
from pathlib import Path
from typing import IO, TYPE_CHECKING
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.exceptions import NotConfigured
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newscrawl.core import stats
from newscrawl.core.version import __version__

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)

ARTICLE_CALLBACK = "parse_article"
# The body Scrapy hands over is already decoded and de-chunked: these would describe it wrongly.
_STALE_HEADERS = frozenset({b"content-encoding", b"transfer-encoding", b"content-length"})


class WarcArchive:
    """Scrapy extension: writes the request and response of each article page to
    ``NEWSCRAWL_WARC_DIR/<spider>-<start time>-<n>.warc.gz``, starting a new file past
    ``NEWSCRAWL_WARC_MAX_SIZE``.
    """

    def __init__(self, crawler: Crawler, directory: Path, max_size: int) -> None:
        self.crawler = crawler
        self.directory = directory
        self.max_size = max_size
        self.started = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        self.parts = 0
        self.file: IO[bytes] | None = None
        self.writer: WARCWriter | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcArchive:
        """Enabled only when the ``NEWSCRAWL_WARC_DIR`` setting names a directory."""
        directory = crawler.settings.get("NEWSCRAWL_WARC_DIR")
        if not directory:
            # Off by default: NotConfigured with a message would make Scrapy log a warning.
            logger.debug("No WARC archive: NEWSCRAWL_WARC_DIR is not set")
            raise NotConfigured
        max_size = crawler.settings.getint("NEWSCRAWL_WARC_MAX_SIZE")
        archive = cls(crawler, Path(directory), max_size)
        crawler.signals.connect(archive.response_received, signal=signals.response_received)
        crawler.signals.connect(archive.spider_closed, signal=signals.spider_closed)
        return archive

    def response_received(self, response: Response, request: Request) -> None:
        """Archive ``response`` when its request is for an article page."""
        if getattr(request.callback, "__name__", None) != ARTICLE_CALLBACK:
            return
        writer = self._writer()
        date = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        request_record = writer.create_warc_record(
            request.url, "request", payload=BytesIO(request.body or b""),
            warc_headers_dict={"WARC-Date": date}, http_headers=_request_headers(request),
        )
        response_record = writer.create_warc_record(
            response.url, "response", payload=BytesIO(response.body),
            warc_headers_dict={"WARC-Date": date}, http_headers=_response_headers(response),
        )
        request_record.rec_headers.add_header(
            "WARC-Concurrent-To", response_record.rec_headers.get_header("WARC-Record-ID")
        )
        writer.write_record(response_record)
        writer.write_record(request_record)
        self._count(stats.WARC_RESPONSES)
        assert self.file is not None
        if self.file.tell() >= self.max_size:
            self._close()

    def spider_closed(self) -> None:
        """Close the current WARC file."""
        self._close()

    def _writer(self) -> WARCWriter:
        if self.writer is None:
            spider = self.crawler.spider
            name = spider.name if spider else "crawl"
            self.parts += 1
            self.directory.mkdir(parents=True, exist_ok=True)
            path = self.directory / f"{name}-{self.started}-{self.parts:05d}.warc.gz"
            self.file = path.open("xb")
            self.writer = WARCWriter(self.file, gzip=True)
            info = {
                "software": f"newscrawl/{__version__}",
                "format": "WARC File Format 1.1",
                "isPartOf": name,
                "http-header-user-agent": self.crawler.settings.get("USER_AGENT"),
                "robots": "obey" if self.crawler.settings.getbool("ROBOTSTXT_OBEY") else "ignore",
            }
            self.writer.write_record(self.writer.create_warcinfo_record(path.name, info))
            self._count(stats.WARC_FILES)
            logger.info("Archiving article responses to %s", path)
        return self.writer

    def _close(self) -> None:
        if self.file is not None:
            self.file.close()
        self.file = self.writer = None

    def _count(self, counter: str) -> None:
        assert self.crawler.stats is not None
        stats.count(self.crawler.stats, counter)


def _response_headers(response: Response) -> StatusAndHeaders:
    headers = [
        (name.decode("latin-1"), value.decode("latin-1"))
        for name, values in response.headers.items()
        if name.lower() not in _STALE_HEADERS
        for value in values
    ]
    headers.append(("Content-Length", str(len(response.body))))
    try:
        reason = HTTPStatus(response.status).phrase
    except ValueError:
        reason = ""
    return StatusAndHeaders(f"{response.status} {reason}".strip(), headers, protocol="HTTP/1.1")


def _request_headers(request: Request) -> StatusAndHeaders:
    headers = [
        (name.decode("latin-1"), value.decode("latin-1"))
        for name, values in request.headers.items()
        for value in values
    ]
    parts = urlsplit(request.url)
    if not any(name.lower() == "host" for name, _ in headers):
        headers.insert(0, ("Host", parts.netloc))
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return StatusAndHeaders(f"{request.method} {target} HTTP/1.1", headers, is_http_request=True)
