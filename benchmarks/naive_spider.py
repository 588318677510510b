"""A plain Scrapy spider, as a user writes one by hand: baseline (d) of ``benchmarks/crawl.py``.

    scrapy runspider benchmarks/naive_spider.py -O items.jsonl [-a extract=no]

It walks the benchmark outlet's sitemaps (robots.txt first), extracts every page they list
with ``trafilatura.extract`` in its callback, in the crawl process, and Scrapy's feed export
writes the JSON Lines. With ``extract=no`` it yields each page's URL alone: what Scrapy
itself costs a page, baseline (e). The benchmark runs it outside the project (Scrapy's
default settings) and routes its requests to the replay server, as it does the full crawl's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

import trafilatura
from scrapy.spiders import SitemapSpider

from benchmarks.outlet import HOST

if TYPE_CHECKING:
    from collections.abc import Iterator

    from scrapy.http import Response


class NaiveSpider(SitemapSpider):
    """Every page the sitemaps list, with the text trafilatura finds on it."""

    name = "naive"
    extract = "yes"
    sitemap_urls: ClassVar[list[str]] = [f"https://{HOST}/robots.txt"]
    custom_settings: ClassVar[dict[str, Any]] = {
        "FEED_EXPORT_ENCODING": "utf-8",
        "LOG_LEVEL": "INFO",
    }

    def parse(self, response: Response) -> Iterator[dict[str, Any]]:
        """The page's URL and text (its URL alone with ``extract=no``)."""
        if self.extract == "no":
            yield {"url": response.url}
            return
        text = trafilatura.extract(response.text, include_comments=False)
        yield {"url": response.url, "text": text}
