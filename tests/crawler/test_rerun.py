"""Running a crawl again over one state: ``-o`` appends only what is new and says why nothing
was, ``-O`` writes every article again; skipping a seen page is no failure; a quiet log."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pytest

from newscrawl.replay.server import ReplayServer
from tests.crawls import ROOT, Crawl
from tests.incremental import copy_snapshots, edit

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

pytestmark = pytest.mark.e2e
SPORT = "https://aqnews.kz/ru/sport/123406-sbornaya-kazakhstana-po-futzalu-vyshla-v-final/"
NOT_ARTICLES = "newscrawl/skipped/not_article_type"


@dataclass
class Run:
    crawl: Crawl
    health: dict[str, Any]


@dataclass
class Runner:
    """``scrapy crawl aqnews`` against a replay server, every run over one state."""

    replay: str
    work: Path
    runs: int = 0

    def __call__(self, flag: str, out: str, *args: str) -> Run:
        self.runs += 1
        path = self.work / out
        log = self.work / f"run{self.runs}.log"
        command = [
            sys.executable, "-m", "scrapy", "crawl", "aqnews", flag, str(path),
            "-s", f"NEWSCRAWL_REPLAY_URL={self.replay}", "-s", "DOWNLOAD_DELAY=0",
            "-s", "AUTOTHROTTLE_ENABLED=False", "-s", f"LOG_FILE={log}",
            "-s", f"NEWSCRAWL_STATE_DIR={self.work / 'state'}", *args,
        ]
        subprocess.run(command, cwd=ROOT, check=True, timeout=120)
        health = json.loads(path.with_name(f"{path.stem}.health.json").read_text("utf-8"))
        return Run(Crawl.read(path, log.read_text("utf-8")), health)


@pytest.fixture(scope="module")
def snapshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_snapshots(tmp_path_factory.mktemp("rerun") / "snapshots")


@pytest.fixture(scope="module")
def server(snapshots: Path) -> Iterator[ReplayServer]:
    with ReplayServer(snapshots) as replay:
        yield replay


@pytest.fixture(scope="module")
def runs(
    snapshots: Path, server: ReplayServer, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Run]:
    """A first run; the same command again (``-o``: appending); ``-O``; the site changes an
    article; ``-O`` again; then a refetch."""
    crawl = Runner(server.url, tmp_path_factory.mktemp("runs"))
    debug = ("-s", "LOG_LEVEL=DEBUG")
    runs = {"first": crawl("-o", "appended.jsonl", *debug)}
    runs["appended"] = crawl("-o", "appended.jsonl", *debug)
    runs["complete"] = crawl("-O", "complete.jsonl")
    sport = snapshots / "aqnews.kz" / SPORT.removeprefix("https://aqnews.kz/") / "index.html"
    edit(sport, "Матч пройдёт в воскресенье.", "Матч перенесли на субботу из-за погоды.")
    runs["changed"] = crawl("-O", "complete.jsonl")
    runs["refetch"] = crawl("-o", "refetch.jsonl", "-a", "refetch=1")
    return runs


def article_pages(run: Run) -> int:
    figures = run.crawl.stats
    return figures["newscrawl/articles_extracted"] + figures.get(NOT_ARTICLES, 0)


def lines_at(log: str, level: str) -> list[str]:
    return re.findall(rf"^\S+ \S+ \[[^\]]+\] {level}: .*$", log, re.MULTILINE)


def summary_of(log: str) -> str:
    """The crawl's summary: its log line and the lines under it."""
    start = log.index("INFO: Summary of aqnews: ")
    end = log.index("\n20", start)
    return log[start:end]


def test_appending_again_writes_nothing_and_says_why(runs: dict[str, Run]) -> None:
    first, appended = runs["first"].crawl, runs["appended"].crawl
    assert first.items
    assert appended.items == first.items, "the second run appended nothing to the file"
    assert appended.stats["newscrawl/skipped/seen"] == article_pages(runs["first"])
    summary = summary_of(appended.log)
    assert summary.startswith("INFO: Summary of aqnews: 0 articles written to ")
    assert re.search(
        rf"No new article: the {article_pages(runs['first'])} article pages found were all "
        r"fetched by an earlier run \(crawl state: \S+/state\)\.\n  To write them again: -O "
        r"FILE writes every article again, -a refetch=1 writes the ones that changed\.",
        summary,
    ), summary
    assert "Incremental crawl: article pages earlier runs fetched" in appended.log


def test_a_seen_page_is_skipped_quietly_and_still_credits_its_sources(
    runs: dict[str, Run],
) -> None:
    appended = runs["appended"].crawl
    assert lines_at(appended.log, "WARNING") == []
    assert "Failed " not in appended.log
    assert "downloader/exception_count" not in appended.stats
    assert "newscrawl/ignored" not in appended.stats
    skips = [line for line in lines_at(appended.log, "DEBUG")
             if line.endswith(": fetched by an earlier run")]
    assert len(skips) == appended.stats["newscrawl/skipped/seen"]
    first, again = runs["first"].health["summary"], runs["appended"].health["summary"]
    assert again["sources"].keys() == first["sources"].keys()
    assert all(again["sources"][source] >= count for source, count in first["sources"].items())
    assert runs["appended"].health["healthy"], runs["appended"].health["failed"]


def test_replacing_the_file_writes_every_article_again(runs: dict[str, Run]) -> None:
    first, complete = runs["first"].crawl, runs["complete"].crawl

    # Which of two pages with one body is written depends on which arrives first.
    assert sorted(item["content_hash"] for item in complete.items) == sorted(
        item["content_hash"] for item in first.items
    )
    assert "newscrawl/skipped/seen" not in complete.stats
    assert not any("revision" in item for item in complete.items)
    assert re.search(
        r"INFO: Complete crawl: -O replaces \S+/complete\.jsonl, so every article in reach is "
        r"fetched and written", complete.log,
    )
    summary = summary_of(complete.log)
    assert f"INFO: Summary of aqnews: {len(complete.items)} articles written to " in summary
    assert "No new article" not in summary
    assert "dropped/duplicate/url: 1" in summary


def test_a_complete_crawl_writes_a_change_and_leaves_its_revision_to_a_refetch(
    runs: dict[str, Run],
) -> None:
    changed, refetch = runs["changed"].crawl, runs["refetch"].crawl
    assert len(changed.items) == len(runs["complete"].crawl.items)
    (sport,) = [item for item in changed.items if item["url"] == SPORT]
    assert "Матч перенесли на субботу" in sport["body"]
    assert "revision" not in sport
    (revision,) = refetch.items
    assert (revision["url"], revision["revision"]) == (SPORT, 2)
    assert "Refetch (-a refetch=1)" in refetch.log


def test_the_log_is_quiet(runs: dict[str, Run]) -> None:
    first = runs["first"].crawl
    assert lines_at(first.log, "WARNING") == []
    (warc,) = [line for line in first.log.splitlines() if "NEWSCRAWL_WARC_DIR is not set" in line]
    assert " DEBUG: " in warc
    drops = [line for line in first.log.splitlines() if "Dropped: " in line]
    assert len(drops) == first.stats["item_dropped_count"]
    assert all(" DEBUG: Dropped: duplicate/" in line for line in drops)
    following = first.log.split("Dropped: ")[1:]
    assert all(re.match(r"[^\n]*\n20\d\d-", text) for text in following), "one line per drop"
    for run in ("complete", "changed"):
        log = runs[run].crawl.log
        assert lines_at(log, "WARNING") == []
        assert len(re.findall(r"^finish_reason +ok", log, re.MULTILINE)) == 1
        assert "[Spidermon]" not in log
        assert "Disabled" not in log
