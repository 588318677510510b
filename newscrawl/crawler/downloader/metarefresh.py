"""Meta-refresh redirects, looked for only where a page's head can hold one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.downloadermiddlewares.redirect import (
    MetaRefreshMiddleware as ScrapyMetaRefreshMiddleware,
)
from scrapy.http import HtmlResponse

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.http import Response

# Scrapy reads a refresh in the first 4,096 characters: at most 4 bytes each, in any charset
# that writes ASCII as ASCII.
HEAD_BYTES = 4 * 4096


class MetaRefreshMiddleware(ScrapyMetaRefreshMiddleware):
    """Scrapy's meta-refresh redirects, without decoding the whole page (Scrapy reads
    ``response.text``) when its first bytes name no refresh.

    A head with a NUL byte (UTF-16, UTF-32: the word is not spelled in ASCII) is left to
    Scrapy.
    """

    def process_response(self, request: Request, response: Response) -> Request | Response:
        """The redirect a meta refresh asks for, else ``response``."""
        if isinstance(response, HtmlResponse) and not may_refresh(response.body):
            return response
        return super().process_response(request, response)


def may_refresh(body: bytes) -> bool:
    """Whether the head of a page's ``body`` may hold a meta refresh."""
    head = body[:HEAD_BYTES].lower()
    return b"refresh" in head or b"\x00" in head
