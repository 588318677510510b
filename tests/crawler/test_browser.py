"""An archive crawl of an outlet that renders pages in Chromium starts no browser: an archive
holds each page as it was fetched."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from newscrawl.core.settings import defaults
from newscrawl.crawler.downloader.browser import BrowserMiddleware
from newscrawl.crawler.spiders.outlet import spider_class_for
from newscrawl.demo import replay_settings
from newscrawl.outlets import OUTLETS
from tests.crawls import run_crawl

if TYPE_CHECKING:
    from pathlib import Path

    from scrapy.crawler import Crawler

    from newscrawl.replay.server import ReplayServer

MEDUZA = OUTLETS["meduza"]
FEATURE = "https://meduza.io/feature/2024/03/26/kak-malenkie-goroda-evropy-borolis-s-pustymi-vitrinami"
NO_DELAY = json.dumps(replay_settings("commoncrawl")["NEWSCRAWL_ARCHIVE_SLOTS"])


def crawler_of(source: str) -> Crawler:
    """A crawler of meduza reading ``source``, its spider made."""
    spider_class = spider_class_for(MEDUZA)
    crawler = get_crawler(spider_class, settings_dict={
        **defaults(), "NEWSCRAWL_CHROMIUM": "/nonexistent/chromium",
    })
    crawler.stats = MemoryStatsCollector(crawler)
    crawler.spider = spider_class.from_crawler(crawler, source=source)
    return crawler


def test_only_a_live_crawl_routes_pages_to_the_browser() -> None:
    assert MEDUZA.uses_browser
    assert isinstance(BrowserMiddleware.from_crawler(crawler_of("live")), BrowserMiddleware)
    for source in ("commoncrawl", "wayback"):
        with pytest.raises(NotConfigured):
            BrowserMiddleware.from_crawler(crawler_of(source))


@pytest.mark.e2e
@pytest.mark.parametrize("source", ["commoncrawl", "wayback"])
def test_an_archive_crawl_of_a_script_built_outlet_needs_no_chromium(
    source: str, replay: ReplayServer, tmp_path: Path
) -> None:
    crawl = run_crawl(
        "meduza", replay, tmp_path, "NEWSCRAWL_CHROMIUM=/nonexistent/chromium",
        f"NEWSCRAWL_ARCHIVE_SLOTS={NO_DELAY}", arguments={"source": source},
    )
    # The long read is served whole; the news pages, built by scripts, are empty as archived.
    # Neither Chromium nor Playwright is started (scrapy-playwright's handler logs its start).
    assert [item["url"] for item in crawl.items] == [FEATURE]
    assert crawl.items[0]["archive"]["source"] == source  # type: ignore[index]
    assert crawl.stats["newscrawl/skipped/too_short"] >= 3
    assert "'finish_reason': 'finished'" in crawl.log
    assert "playwright" not in crawl.log
    assert "chromium" not in crawl.log.lower()
    assert "Traceback" not in crawl.log
