"""HTML pages decoded with their real encoding, whatever their header says
(:mod:`newscrawl.extract.encoding`)."""

from __future__ import annotations

import codecs
import logging
from typing import TYPE_CHECKING

from scrapy.http import HtmlResponse
from w3lib.encoding import http_content_type_encoding

from newscrawl.core import stats
from newscrawl.crawler.components import CrawlerComponent
from newscrawl.extract.encoding import page_encoding

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.http import Response

logger = logging.getLogger(__name__)


class EncodingMiddleware(CrawlerComponent):
    """Re-decodes an HTML response whose declared encoding is wrong or missing."""

    def process_response(self, request: Request, response: Response) -> Response:
        """``response`` with its real encoding."""
        if not isinstance(response, HtmlResponse) or not response.body:
            return response
        header = response.headers.get("Content-Type")
        declared = http_content_type_encoding(header.decode("latin-1")) if header else None
        codec, stray = page_encoding(response.body, declared)
        if stray:
            self.count(stats.ENCODING_INVALID_BYTES, stray)
            logger.info("Decoding %s as utf-8 with %d invalid bytes replaced", response.url, stray)
        if _same_codec(codec, response.encoding):
            return response
        self.count(stats.ENCODING_CORRECTED)
        logger.info("Decoding %s as %s, not %s (declared: %s)",
                    response.url, codec, response.encoding, declared or "nothing")
        return response.replace(encoding=codec)


def _same_codec(left: str, right: str) -> bool:
    return codecs.lookup(left).name == codecs.lookup(right).name
