"""The last pipeline: each article is recorded as pending, before the feed writes it."""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter

from newscrawl.crawler.components import CrawlerComponent
from newscrawl.extract.fingerprint import band_keys, signature
from newscrawl.state.store import StoredArticle


class StatePipeline(CrawlerComponent):
    """Records each article as pending in the crawl state.

    :class:`~newscrawl.crawler.extensions.recorder.StateRecorder` confirms it once written;
    a crawl killed in between is settled by the next one
    (:meth:`~newscrawl.state.store.CrawlState.recover`), so nothing is lost or doubled.
    """

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        # A complete crawl (-O) writes known articles again: the state keeps their record.
        if "revision" not in adapter and self.state.article(adapter["canonical_url"]):
            return item
        sig = signature(adapter["body"])
        article = StoredArticle(
            canonical_url=adapter["canonical_url"],
            url=adapter["url"],
            outlet=adapter["outlet"],
            content_hash=adapter["content_hash"],
            revision=adapter.get("revision", 1),
            fetched_at=adapter["fetched_at"],
            duplicate_of=adapter.get("duplicate_of"),
            signature=sig,
        )
        self.state.add_article(article, [article.url], band_keys(sig), pending=True)
        return item
