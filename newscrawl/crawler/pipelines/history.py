"""Across runs and outlets: what an earlier run wrote is dropped, or passed on as a revision."""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter

from newscrawl.core import stats
from newscrawl.crawler.components import CrawlerComponent, refetching


class HistoryPipeline(CrawlerComponent):
    """Drops articles an earlier run of the outlet wrote; with ``refetch=1``, passes changed
    ones as revisions.

    A revision carries ``revision`` (2, 3, …) and ``modified_at`` (the page's, else the fetch
    time); an unchanged article is dropped as ``unchanged``.
    """

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        url, canonical, digest = adapter["url"], adapter["canonical_url"], adapter["content_hash"]
        stored = self.state.article(canonical)
        if stored is None:
            # Another outlet's verbatim copy is kept, as a near-duplicate.
            copy = self.state.article_with_hash(digest, adapter["outlet"])
            if copy is not None:
                detail = f"same body as {copy.url}, written before"
                raise self.drop(stats.DUPLICATE_CONTENT, url, detail)
            return item
        if not refetching(self.crawler):
            detail = f"same canonical URL as {stored.url}, written before"
            raise self.drop(stats.DUPLICATE_URL, url, detail)
        if stored.content_hash == digest:
            self.state.touch(canonical, adapter["fetched_at"])
            raise self.drop(stats.UNCHANGED, url, f"revision {stored.revision} unchanged")
        self.count(stats.REVISIONS)
        return {
            **adapter.asdict(),
            "modified_at": adapter["modified_at"] or adapter["fetched_at"],
            "revision": stored.revision + 1,
        }
