"""Outlets that render pages in Chromium (scrapy-playwright) through the replay server."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

import pytest

from newscrawl.core.article import schema_errors
from newscrawl.crawler.downloader.browser import find_chromium
from newscrawl.replay.server import bundled_snapshots
from tests.crawls import run_crawl, stats_of

if TYPE_CHECKING:
    from pathlib import Path

    from newscrawl.replay.server import ReplayServer

pytestmark = pytest.mark.js

SNAPSHOT = bundled_snapshots() / "meduza.io"
SITE = "https://meduza.io"
FEATURE = f"{SITE}/feature/2024/03/26/kak-malenkie-goroda-evropy-borolis-s-pustymi-vitrinami"
needs_chromium = pytest.mark.skipif(find_chromium() is None, reason="Chromium is not installed")


def api_articles() -> dict[str, dict[str, object]]:
    """The news the site's scripts render, by live URL, read from its JSON endpoints."""
    search = json.loads((SNAPSHOT / "api/w4/search-news-0.json").read_text("utf-8"))
    articles = {}
    for url in search["collection"]:
        root = json.loads((SNAPSHOT / f"api/w4/{url}.json").read_text("utf-8"))["root"]
        articles[f"{SITE}/{url}"] = root
    return articles


def stat(log: str, name: str) -> int:
    return stats_of(log).get(f"newscrawl/browser/{name}", 0)


@needs_chromium
def test_script_built_pages_crawl_to_full_articles(replay: ReplayServer, tmp_path: Path) -> None:
    crawl = run_crawl("meduza", replay, tmp_path, "LOG_LEVEL=DEBUG")
    expected = api_articles()
    by_url = {item["url"]: item for item in crawl.items}
    assert set(by_url) == {*expected, FEATURE}
    for url, root in expected.items():
        item = by_url[url]
        blocks = root["content"]["blocks"]  # type: ignore[index]
        assert item["title"] == root["title"]
        assert item["lead"] == next((b["data"] for b in blocks if b["type"] == "lead"), None)
        assert item["body"] == "\n\n".join(b["data"] for b in blocks if b["type"] == "p")
        assert item["published_at"].endswith("+02:00")
        assert schema_errors(item) == []
    # Only the home page and the news pages went through the browser.
    crawled = re.findall(r"Crawled \(\d+\) <GET (\S+)>(.*)", crawl.log)
    rendered = {url for url, rest in crawled if "'playwright'" in rest}
    assert rendered == {*expected, f"{SITE}/"}
    assert FEATURE in {url for url, _ in crawled} - rendered
    assert stat(crawl.log, "rendered_responses") == len(rendered)
    assert stat(crawl.log, "plain_responses") == 3  # robots.txt, the feed, the long read
    assert "'playwright/request_count/aborted':" in crawl.log  # images never downloaded
    assert "Traceback" not in crawl.log


def test_without_the_browser_script_built_pages_yield_nothing(
    replay: ReplayServer, tmp_path: Path
) -> None:
    crawl = run_crawl("meduza", replay, tmp_path, "NEWSCRAWL_BROWSER_ENABLED=False")
    assert [item["url"] for item in crawl.items] == [FEATURE]
    assert "'newscrawl/skipped/too_short': 3" in crawl.log  # the news the feed lists
    assert "playwright" not in crawl.log


def test_missing_chromium_stops_the_crawl_with_one_clear_error(
    replay: ReplayServer, tmp_path: Path
) -> None:
    crawl = run_crawl("meduza", replay, tmp_path, "NEWSCRAWL_CHROMIUM=/nonexistent/chromium")
    lines = crawl.log.splitlines()
    # Besides the health report, which names the finish reason among its failed checks.
    errors = [line for line in lines if " ERROR: " in line and "[newscrawl.health." not in line]
    assert len(errors) == 1
    assert any("UNHEALTHY: 1 of 9 checks failed (finish_reason)" in line for line in lines)
    assert "NEWSCRAWL_CHROMIUM" in errors[0]
    assert "apt-get install chromium" in errors[0]
    assert "'finish_reason': 'chromium_missing'" in crawl.log
    assert crawl.items == []
    assert "Traceback" not in crawl.log
