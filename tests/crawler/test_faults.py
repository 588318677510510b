"""One crawl through the fault snapshot: every hostile case is survived, logged and counted.

The crawl runs the made-up outlet of ``tests/fixtures/faults`` (loaded through
``NEWSCRAWL_PROFILES``) with a two-second timeout (the slow page takes five) and one retry,
so it takes a few seconds.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from newscrawl.core.article import schema_errors
from newscrawl.replay.server import ReplayServer
from tests.crawls import Crawl, run_crawl, stats_of
from tests.fixtures.faults.profile import SNAPSHOTS

if TYPE_CHECKING:
    from collections.abc import Iterator


pytestmark = pytest.mark.e2e
HOST = "https://faultnews.example"
GOOD = {
    "good-sitemap-one", "good-sitemap-two", "good-feed", "good-listing", "enc-cp1251-header",
    "enc-cp1251-meta", "enc-cp1251-none", "enc-utf8-lie", "enc-koi8r", "flaky-500",
    "busy-503", "limited-429", "plain-http", "canonical-target", "undated",
    "malformed-salvaged",
}
# Each bad URL, and the counter its one log line names.
BAD = {
    "/news/missing/": "http_error/404",
    "/news/gone/": "http_error/410",
    "/news/broken/": "http_error/500",
    "/news/slow/": "download_error/timeout",
    "/news/reset/": "download_error/connection_lost",
    "/news/truncated/": "download_error/truncated",
    "/news/gzip-bomb/": "download_error/too_large",
    "/sitemaps/huge.xml": "download_error/too_large",
    "/news/huge/": "skipped/too_large",
    "/news/loop-b/": "redirect/loop",
    "/news/offsite/": "redirect/offsite",
    "/private/staff-salaries/": "refused/robots_txt",
}
COUNTERS = {
    "articles_extracted": 16,
    "backoff/429": 1,
    "backoff/503": 1,
    # Every dated article's date comes from its JSON-LD; one article is undated.
    "date_source/json_ld": 15,
    "download_error/connection_lost": 1,
    "download_error/timeout": 1,
    "download_error/too_large": 2,
    "download_error/truncated": 1,
    "encoding/corrected": 1,
    "feed/links": 3,
    "feed/unreadable_dates": 2,
    # The fault outlet is no healthy outlet: its errors and short pages fail two checks.
    "health/failed_checks": 2,
    "http_error/404": 1,
    "http_error/410": 1,
    "http_error/500": 1,
    "listing/page_limit": 2,
    "redirect/loop": 1,
    "redirect/offsite": 1,
    "refused/robots_txt": 1,
    "sitemap/entities": 1,
    "sitemap/malformed": 1,
    "sitemap/self_reference": 1,
    "skipped/empty": 1,
    "skipped/not_html": 2,
    "skipped/paywall": 1,
    "skipped/too_large": 1,
    "skipped/too_short": 2,
    "undated": 1,
}


@pytest.fixture(scope="module")
def faults_replay() -> Iterator[ReplayServer]:
    with ReplayServer(SNAPSHOTS) as server:
        yield server


@pytest.fixture(scope="module")
def crawl(faults_replay: ReplayServer, tmp_path_factory: pytest.TempPathFactory) -> Crawl:
    return run_crawl(
        "faults", faults_replay, tmp_path_factory.mktemp("faults"),
        "NEWSCRAWL_PROFILES=tests.fixtures.faults.profile",
        "DOWNLOAD_TIMEOUT=2", "RETRY_TIMES=1", "NEWSCRAWL_RETRY_BACKOFF_BASE=0.5",
    )


def stats(log: str) -> dict[str, int]:
    return {
        key.removeprefix("newscrawl/"): value
        for key, value in stats_of(log).items()
        if key.startswith("newscrawl/")
    }


def snapshot_title(slug: str) -> str:
    page = (SNAPSHOTS / "faultnews.example" / "news" / slug / "index.html").read_text("utf-8")
    match = re.search(r'<meta property="og:title" content="([^"]+)">', page)
    assert match
    return match.group(1)


def test_every_good_article_around_the_bad_pages_is_written_once(crawl: Crawl) -> None:
    urls = [item["url"] for item in crawl.items]
    assert sorted(urls) == sorted(f"{HOST}/news/{slug}/" for slug in GOOD)
    assert len({item["content_hash"] for item in crawl.items}) == len(GOOD)


def test_every_encoding_comes_out_as_the_text_the_page_was_written_in(crawl: Crawl) -> None:
    for item in crawl.items:
        slug = item["url"].split("/")[-2]
        assert item["title"] == snapshot_title(slug)
        assert "\ufffd" not in item["body"]
        assert item["language"] == "ru"
        assert schema_errors(item) == []


def test_an_undated_article_is_kept_with_a_null_date(crawl: Crawl) -> None:
    dated = {item["url"]: item["published_at"] for item in crawl.items}
    assert dated.pop(f"{HOST}/news/undated/") is None
    assert all(dated.values())


def test_each_bad_case_is_one_log_line_and_a_counter(crawl: Crawl) -> None:
    assert stats(crawl.log) == COUNTERS
    for path, counter in BAD.items():
        lines = [line for line in crawl.log.splitlines()
                 if f"Failed {HOST}{path}: {counter} (" in line]
        assert len(lines) == 1, path
    assert "Traceback" not in crawl.log
    assert "log_count/ERROR" not in crawl.log


def test_output_has_only_whole_json_lines(crawl: Crawl) -> None:
    assert crawl.raw.endswith("\n")
    assert len(crawl.raw.splitlines()) == len(GOOD)
