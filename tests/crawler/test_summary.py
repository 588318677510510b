"""The crawl's mode line and its summary, without a crawl."""

from __future__ import annotations

from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import pytest
from scrapy.utils.test import get_crawler

from newscrawl.crawler.components import complete, replaced_feeds
from newscrawl.crawler.extensions.summary import Summary, crawl_mode

if TYPE_CHECKING:
    from pathlib import Path

ARTICLE = {"outlet": "aqnews", "language": "ru", "published_at": "2024-03-25T14:30:00+05:00"}


def crawler_with(tmp_path: Path, feeds: dict[str, dict[str, Any]], refetch: str = "") -> Any:
    crawler = get_crawler(settings_dict={"NEWSCRAWL_STATE_DIR": str(tmp_path), "FEEDS": feeds})
    crawler.spider = SimpleNamespace(refetch=refetch)
    return crawler


def test_a_crawl_is_complete_when_any_feed_replaces_its_file(tmp_path: Path) -> None:
    feeds = {"a.jsonl": {"format": "jsonlines"}, "b.jsonl": {"overwrite": True}}
    crawler = crawler_with(tmp_path, feeds)
    assert complete(crawler)
    assert replaced_feeds(crawler) == ["b.jsonl"]
    assert crawl_mode(crawler).startswith(
        "Complete crawl: -O replaces b.jsonl, so every article in reach is fetched and written"
    )


def test_appending_and_per_run_files_are_incremental(tmp_path: Path) -> None:
    for feeds in ({"a.jsonl": {"format": "jsonlines"}}, {"out/%(time)s.jsonl": {}}, {}):
        crawler = crawler_with(tmp_path, feeds)
        assert not complete(crawler)
        mode = crawl_mode(crawler)
        assert mode.startswith(f"Incremental crawl: article pages earlier runs fetched "
                               f"(crawl state {tmp_path}) are skipped")
        assert mode.endswith("-O FILE writes every article again, -a refetch=1 writes the ones "
                             "that changed")


def test_a_refetch_says_so(tmp_path: Path) -> None:
    assert crawl_mode(crawler_with(tmp_path, {}, refetch="1")).startswith(
        "Refetch (-a refetch=1): every article page is fetched again"
    )
    both = crawl_mode(crawler_with(tmp_path, {"a.jsonl": {"overwrite": True}}, refetch="yes"))
    assert both.startswith("Complete crawl: -O replaces a.jsonl")
    assert both.endswith("the ones that changed are written as revisions")


def test_nothing_written_because_everything_was_seen_is_said_plainly() -> None:
    summary = Summary(state="/home/u/.local/state/newscrawl")
    summary.add_stats("aqnews", {
        "finish_reason": "finished", "newscrawl/skipped/seen": 13, "downloader/request_count": 9,
    })
    assert summary.render("aqnews.jsonl").splitlines()[:3] == [
        "0 articles written to aqnews.jsonl",
        "No new article: the 13 article pages found were all fetched by an earlier run "
        "(crawl state: /home/u/.local/state/newscrawl).",
        "  To write them again: -O FILE writes every article again, -a refetch=1 writes the ones "
        "that changed.",
    ]
    assert "dropped or skipped: 0" in summary.render("aqnews.jsonl")


@pytest.mark.parametrize("reason", ["finished", "closespider_timeout"])
def test_a_summary_counts_articles_skips_and_drops(reason: str) -> None:
    summary = Summary(state="STATE")
    summary.add_item(ARTICLE)
    summary.add_item({**ARTICLE, "language": "kk", "published_at": None})
    summary.add_stats("aqnews", {
        "finish_reason": reason, "newscrawl/skipped/seen": 4,
        "newscrawl/dropped/duplicate/url": 1, "newscrawl/skipped/not_article_type": 2,
        "httperror/response_ignored_status_count/404": 3, "newscrawl/articles_extracted": 3,
    })
    text = summary.render("out.jsonl")
    assert text.splitlines()[:3] == ["2 articles written to out.jsonl", "  aqnews: 2",
                                     "languages: ru 1, kk 1"]
    assert ("skipped as fetched by an earlier run: 4 article pages (crawl state: STATE); -O FILE "
            "writes every article again, -a refetch=1 writes the ones that changed") in text
    assert "No new article" not in text
    assert ("dropped or skipped: 6\n  dropped/duplicate/url: 1\n  http_status/404: 3\n"
            "  skipped/not_article_type: 2") in text
    assert ("stopped early: aqnews (closespider_timeout)" in text) == (reason != "finished")
