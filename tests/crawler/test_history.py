"""The state pipelines on items: across runs and outlets, without a crawl."""

from __future__ import annotations

import hashlib
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from newscrawl.crawler.extensions.recorder import StateRecorder
from newscrawl.crawler.extensions.state import crawl_state
from newscrawl.crawler.pipelines.history import HistoryPipeline
from newscrawl.crawler.pipelines.neardup import NearDuplicatePipeline
from tests.extract.test_fingerprint import text

if TYPE_CHECKING:
    from pathlib import Path


def item(outlet: str, url: str, body: str) -> dict[str, Any]:
    return {
        "url": url, "canonical_url": url, "outlet": outlet, "body": body, "modified_at": None,
        "content_hash": hashlib.sha256(body.encode()).hexdigest(),
        "fetched_at": "2024-03-25T10:00:00+00:00",
    }


def passes(crawler: Any, article: dict[str, Any]) -> dict[str, Any]:
    """``article`` through the state pipelines, then recorded as written, as a crawl would."""
    for stage in (HistoryPipeline, NearDuplicatePipeline):
        article = stage.from_crawler(crawler).process_item(article)
    StateRecorder(crawler).item_scraped(article, None)
    return article


@pytest.fixture
def crawler(tmp_path: Path) -> Any:
    return get_crawler(settings_dict={
        "NEWSCRAWL_STATE_DIR": str(tmp_path),
        "EXTENSIONS": {"newscrawl.crawler.extensions.state.CrawlStateExtension": 0},
    })


def test_another_outlets_verbatim_copy_is_kept_and_marked(crawler: Any) -> None:
    body = text("ru_agency")
    passes(crawler, item("kazinform", "https://www.inform.kz/ru/a1", body))
    copy = passes(crawler, item("aqnews", "https://aqnews.kz/ru/news/123499-a/", body))
    assert copy["duplicate_of"] == "https://www.inform.kz/ru/a1"
    assert crawler.stats.get_value("newscrawl/near_duplicates") == 1


def test_the_same_outlets_copy_at_a_new_url_is_dropped(crawler: Any) -> None:
    body = text("ru_agency")
    passes(crawler, item("aqnews", "https://aqnews.kz/ru/news/123401-a/", body))
    with pytest.raises(DropItem, match="duplicate/content"):
        passes(crawler, item("aqnews", "https://aqnews.kz/ru/news/123402-a/", body))


def test_copies_point_to_the_first_article_of_their_group(crawler: Any) -> None:
    first = passes(crawler, item("kazinform", "https://www.inform.kz/ru/a1", text("ru_agency")))
    second = passes(
        crawler, item("aqnews", "https://aqnews.kz/ru/news/123499-a/", text("ru_agency_copy"))
    )
    third = passes(crawler, item("tengrinews", "https://tengrinews.kz/a/", text("ru_agency_copy")
                                 + "\n\nИсточник: Kazinform."))
    assert "duplicate_of" not in first
    assert second["duplicate_of"] == third["duplicate_of"] == first["url"]
    unrelated = passes(crawler, item("aqnews", "https://aqnews.kz/b/", text("ru_same_topic")))
    assert "duplicate_of" not in unrelated
    assert crawl_state(crawler).article("https://aqnews.kz/b/") is not None


def state_crawler(tmp_path: Path, **settings: Any) -> Any:
    """Another crawler over the state in ``tmp_path``, with ``settings``."""
    return get_crawler(settings_dict={
        "NEWSCRAWL_STATE_DIR": str(tmp_path),
        "EXTENSIONS": {"newscrawl.crawler.extensions.state.CrawlStateExtension": 0},
        **settings,
    })


def complete_crawler(tmp_path: Path) -> Any:
    """A crawler whose feed replaces its file (``-O``)."""
    feed = {"format": "jsonlines", "overwrite": True}
    return state_crawler(tmp_path, FEEDS={str(tmp_path / "out.jsonl"): feed})


def test_a_complete_crawl_writes_known_articles_again_and_keeps_their_record(
    crawler: Any, tmp_path: Path
) -> None:
    url, body = "https://aqnews.kz/ru/news/123401-a/", text("ru_agency")
    passes(crawler, item("aqnews", url, body))
    complete = complete_crawler(tmp_path)
    again = passes(complete, item("aqnews", url, body))
    assert "revision" not in again
    copy = passes(complete, item("aqnews", "https://aqnews.kz/ru/news/123402-a/", body))
    assert copy["duplicate_of"] == url
    changed = passes(complete, item("aqnews", url, body + " Обновлено."))
    assert "revision" not in changed
    stored = crawl_state(complete).article(url)
    assert stored is not None
    assert (stored.content_hash, stored.revision) == (item("aqnews", url, body)["content_hash"], 1)


def test_a_refetch_after_a_complete_crawl_still_writes_the_revision(
    crawler: Any, tmp_path: Path
) -> None:
    url, body = "https://aqnews.kz/ru/news/123401-a/", text("ru_agency")
    passes(crawler, item("aqnews", url, body))
    passes(complete_crawler(tmp_path), item("aqnews", url, body + " Обновлено."))
    refetch = state_crawler(tmp_path)
    refetch.spider = SimpleNamespace(refetch="1")
    revised = passes(refetch, item("aqnews", url, body + " Обновлено."))
    assert revised["revision"] == 2
