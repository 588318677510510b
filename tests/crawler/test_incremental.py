"""Incremental crawls over one state: skip what was fetched, revise what changed, mark copies."""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

import pytest

from newscrawl.core.article import schema_errors
from newscrawl.replay.server import ReplayServer
from tests.incremental import Crawl, copy_snapshots, crawl, edit

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path


pytestmark = pytest.mark.e2e
SITE = "https://aqnews.kz"
SPORT = "/ru/sport/123406-sbornaya-kazakhstana-po-futzalu-vyshla-v-final/"
COPY = "/ru/sport/123499-futzalisty-kazakhstana-v-finale-chempionata-azii/"


@pytest.fixture(scope="module")
def snapshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_snapshots(tmp_path_factory.mktemp("incremental") / "snapshots")


@pytest.fixture(scope="module")
def server(snapshots: Path) -> Iterator[ReplayServer]:
    with ReplayServer(snapshots) as replay:
        yield replay


@pytest.fixture(scope="module")
def runs(
    snapshots: Path, server: ReplayServer, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Crawl]:
    """A first run; the site then changes one article and republishes another; more runs."""
    work = tmp_path_factory.mktemp("runs")
    state = work / "state"
    runs = {"first": crawl("aqnews", server.url, state, work / "first.jsonl")}
    runs["again"] = crawl("aqnews", server.url, state, work / "again.jsonl")
    shutil.copytree(state, work / "state-drop")

    site = snapshots / "aqnews.kz"
    sport = site / SPORT.strip("/") / "index.html"
    copy = site / COPY.strip("/") / "index.html"
    copy.parent.mkdir(parents=True)
    shutil.copy(sport, copy)
    edit(copy, SPORT, COPY)
    edit(copy, "со счётом 4:2 в полуфинале", "в полуфинале со счётом 4:2, сообщает Kazinform,")
    edit(copy, "Главный тренер назвал игру", "Главный тренер сборной назвал встречу")
    edit(site / "ru" / "rss.xml", "<item>", f"<item><link>{SITE}{COPY}</link></item><item>", 1)
    edit(sport, "Матч пройдёт в воскресенье.", "Матч перенесли на субботу из-за погоды.")

    runs["changed"] = crawl("aqnews", server.url, state, work / "changed.jsonl")
    runs["dropping"] = crawl(
        "aqnews", server.url, work / "state-drop", work / "dropping.jsonl",
        "-s", "NEWSCRAWL_DROP_NEAR_DUPLICATES=True",
    )
    runs["refetch"] = crawl(
        "aqnews", server.url, state, work / "refetch.jsonl", "-a", "refetch=1"
    )
    return runs


def article_pages(run: Crawl) -> int:
    return run.stats["newscrawl/articles_extracted"] + run.stats.get(
        "newscrawl/skipped/not_article_type", 0
    )


def test_a_second_run_fetches_no_seen_article_page(runs: dict[str, Crawl]) -> None:
    first, again = runs["first"], runs["again"]
    assert first.items
    assert "newscrawl/skipped/seen" not in first.stats
    assert again.items == []
    assert again.stats["newscrawl/skipped/seen"] == article_pages(first)
    assert "newscrawl/articles_extracted" not in again.stats
    fetched = first.stats["downloader/request_count"] - again.stats["downloader/request_count"]
    assert fetched == article_pages(first)


def test_a_new_copy_is_written_once_and_marked(runs: dict[str, Crawl]) -> None:
    changed = runs["changed"]
    assert [item["url"] for item in changed.items] == [SITE + COPY]
    (item,) = changed.items
    assert item["duplicate_of"] == SITE + SPORT
    assert "revision" not in item
    assert schema_errors(item) == []
    assert changed.stats["newscrawl/near_duplicates"] == 1
    assert changed.stats["newscrawl/skipped/seen"] == runs["again"].stats["newscrawl/skipped/seen"]


def test_drop_near_duplicates_drops_the_copy(runs: dict[str, Crawl]) -> None:
    dropping = runs["dropping"]
    assert dropping.items == []
    assert dropping.stats["newscrawl/dropped/duplicate/near"] == 1


def test_refetch_writes_changed_articles_as_revisions(runs: dict[str, Crawl]) -> None:
    refetch = runs["refetch"]
    assert "newscrawl/skipped/seen" not in refetch.stats
    (item,) = refetch.items
    assert item["url"] == SITE + SPORT
    assert item["revision"] == 2
    assert item["modified_at"] == item["fetched_at"]
    assert "Матч перенесли на субботу" in item["body"]
    assert "duplicate_of" not in item
    assert schema_errors(item) == []
    assert refetch.stats["newscrawl/revisions"] == 1
    articles = refetch.stats["newscrawl/articles_extracted"]
    in_run = sum(
        count for key, count in refetch.stats.items()
        if key.startswith("newscrawl/dropped/duplicate/")
    )
    assert refetch.stats["newscrawl/dropped/unchanged"] == articles - in_run - 1


def test_items_without_history_carry_no_new_fields(runs: dict[str, Crawl]) -> None:
    for item in runs["first"].items:
        assert "revision" not in item
        assert "duplicate_of" not in item
