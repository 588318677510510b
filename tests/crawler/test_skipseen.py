"""Article pages an earlier run fetched are left out before the scheduler, without a crawl."""

from __future__ import annotations

from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import pytest
from scrapy import Request
from scrapy.utils.test import get_crawler

from newscrawl.crawler.extensions.sources import SOURCE, tracker
from newscrawl.crawler.extensions.state import crawl_state
from newscrawl.crawler.spidermiddlewares.skipseen import SkipSeenMiddleware
from newscrawl.outlets import OUTLETS

if TYPE_CHECKING:
    from pathlib import Path

ARTICLE = "https://aqnews.kz/ru/sport/123406-sbornaya-kazakhstana-po-futzalu-vyshla-v-final/"
FEED = "https://aqnews.kz/ru/rss.xml"


def crawler_for(tmp_path: Path, refetch: str = "", **settings: Any) -> Any:
    crawler = get_crawler(settings_dict={
        "NEWSCRAWL_STATE_DIR": str(tmp_path),
        "EXTENSIONS": {
            "newscrawl.crawler.extensions.state.CrawlStateExtension": 0,
            "newscrawl.crawler.extensions.sources.SourceTracker": 1,
        },
        **settings,
    })
    crawler.spider = SimpleNamespace(profile=OUTLETS["aqnews"], refetch=refetch)
    crawl_state(crawler).add_pages([ARTICLE], "2024-03-25T10:00:00+00:00")
    return crawler


def request(url: str, source: str) -> Request:
    return Request(url, meta={SOURCE: source})


@pytest.fixture
def crawler(tmp_path: Path) -> Any:
    return crawler_for(tmp_path)


def test_a_seen_article_page_is_left_out_counted_once_and_credited(crawler: Any) -> None:
    middleware = SkipSeenMiddleware.from_crawler(crawler)
    for source in (f"feed {FEED}", "sitemap https://aqnews.kz/sitemap.xml"):
        assert middleware.get_processed_request(request(ARTICLE, source), None) is None
    assert crawler.stats.get_value("newscrawl/skipped/seen") == 1
    assert tracker(crawler).counts() == {
        f"feed {FEED}": 1, "sitemap https://aqnews.kz/sitemap.xml": 1,
    }


def test_a_page_this_run_fetched_is_no_earlier_runs(crawler: Any) -> None:
    middleware = SkipSeenMiddleware.from_crawler(crawler)
    new = ARTICLE.replace("123406", "123499")
    first = request(new, "sitemap https://aqnews.kz/sitemap.xml")
    assert middleware.get_processed_request(first, None) is first
    # Fetched and recorded; then a feed lists it: the request filter drops it, not a skip.
    crawl_state(crawler).add_pages([new], "2024-03-25T10:05:00+00:00")
    again = request(new, f"feed {FEED}")
    assert middleware.get_processed_request(again, None) is again
    assert crawler.stats.get_value("newscrawl/skipped/seen") is None


def test_new_and_discovery_pages_pass(crawler: Any) -> None:
    middleware = SkipSeenMiddleware.from_crawler(crawler)
    new = request(ARTICLE.replace("123406", "123499"), f"feed {FEED}")
    assert middleware.get_processed_request(new, None) is new
    feed = Request(FEED)
    assert middleware.get_processed_request(feed, None) is feed
    assert crawler.stats.get_value("newscrawl/skipped/seen") is None


@pytest.mark.parametrize("overwrite", [True, False])
def test_a_refetch_or_a_complete_crawl_skips_nothing(tmp_path: Path, overwrite: bool) -> None:
    feed = {"format": "jsonlines", "overwrite": overwrite}
    crawler = crawler_for(tmp_path, refetch="" if overwrite else "1",
                          FEEDS={str(tmp_path / "out.jsonl"): feed})
    seen = request(ARTICLE, f"feed {FEED}")
    assert SkipSeenMiddleware.from_crawler(crawler).get_processed_request(seen, None) is seen
