"""Deduplication across runs and outlets, revisions of changed articles, and their recording.

``HistoryPipeline`` drops what an earlier run already wrote (or, with ``-a refetch=1``,
passes a changed article on as a new revision); ``NearDuplicatePipeline`` marks (or drops)
near-verbatim copies; ``StatePipeline`` and ``StateRecorder`` store each article around
the moment its line is written.
"""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING, Any

from itemadapter import ItemAdapter
from scrapy import signals

from newscrawl.components import dropped
from newscrawl.middlewares import StateComponent, page_urls, refetching
from newscrawl.neardup import MAX_CANDIDATES, THRESHOLD, band_keys, signature, similarities
from newscrawl.state import StoredArticle

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.exceptions import DropItem
    from scrapy.http import Response
    from typing_extensions import Self

logger = logging.getLogger(__name__)


class _StateStage(StateComponent):
    def drop(self, reason: str, url: str, detail: str, log_level: str | None = None) -> DropItem:
        """Count the drop under ``newscrawl/dropped/<reason>`` and build the exception."""
        assert self.crawler.stats is not None
        return dropped(self.crawler.stats, reason, url, detail, log_level)


class HistoryPipeline(_StateStage):
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
                raise self.drop("duplicate/content", url, detail)
            return item
        if not refetching(self.crawler):
            detail = f"same canonical URL as {stored.url}, written before"
            raise self.drop("duplicate/url", url, detail)
        if stored.content_hash == digest:
            self.state.touch(canonical, adapter["fetched_at"])
            raise self.drop("unchanged", url, f"revision {stored.revision} unchanged", "INFO")
        self.count("revisions")
        return {
            **adapter.asdict(),
            "modified_at": adapter["modified_at"] or adapter["fetched_at"],
            "revision": stored.revision + 1,
        }


class NearDuplicatePipeline(_StateStage):
    """Marks an article whose body is a near-verbatim copy of a stored one with ``duplicate_of``.

    ``duplicate_of`` is the URL of the first article of the group. With the setting
    ``DROP_NEAR_DUPLICATES`` the copy is dropped instead (``newscrawl/dropped/duplicate/near``).
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.drop_copies = crawler.settings.getbool("DROP_NEAR_DUPLICATES")

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        url, canonical = adapter["url"], adapter["canonical_url"]
        sig = signature(adapter["body"])
        candidates = [
            stored
            for stored in self.state.candidates(band_keys(sig), MAX_CANDIDATES)
            if stored.signature and canonical not in (stored.canonical_url, stored.duplicate_of)
            and url != stored.duplicate_of
        ]
        scores = similarities(sig, [stored.signature or b"" for stored in candidates])
        score, original = max(
            zip(scores, candidates, strict=True), key=lambda pair: pair[0], default=(0.0, None)
        )
        if original is None or score < THRESHOLD:
            return item
        first = original.duplicate_of or original.url
        if self.drop_copies:
            raise self.drop("duplicate/near", url, f"{score:.0%} like {first}")
        self.count("near_duplicates")
        logger.info("Near-duplicate %s: %.0f%% like %s", url, score * 100, first)
        return {**adapter.asdict(), "duplicate_of": first}


class StatePipeline(_StateStage):
    """The last pipeline: records each article as pending, before the feed writes it.

    :class:`StateRecorder` confirms it once written; a crawl killed in between is settled by
    the next one (:meth:`newscrawl.state.CrawlState.recover`), so nothing is lost or doubled.
    """

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
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
        self.state.add_article(article, [article.url], band_keys(sig), pending_pid=os.getpid())
        return item


class StateRecorder(_StateStage):
    """Extension: confirms each article once the feed has written it; records dropped pages.

    Listed after the feed exporter (``EXTENSIONS`` order), so its handlers run after the
    line is written.
    """

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """The recorder, connected to the item signals."""
        recorder = cls(crawler)
        crawler.signals.connect(recorder.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(recorder.item_dropped, signal=signals.item_dropped)
        return recorder

    def item_scraped(self, item: Any, response: Response | None) -> None:
        """Confirm a written article; record every URL its page was fetched under."""
        adapter = ItemAdapter(item)
        if response is not None:
            self.state.add_pages(
                page_urls(response), adapter["fetched_at"], adapter["canonical_url"]
            )
        self.state.confirm(adapter["canonical_url"])

    def item_dropped(self, item: Any, response: Response | None, exception: Exception) -> None:
        """Record the pages of a dropped article, unless it was invalid (retried next run)."""
        if str(exception).startswith("invalid/"):
            return
        adapter = ItemAdapter(item)
        urls = page_urls(response) if response is not None else [adapter["url"]]
        self.state.add_pages(urls, adapter["fetched_at"], adapter["canonical_url"])
