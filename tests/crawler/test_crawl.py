"""End to end: outlet crawls against the replay server write each snapshot article once.

What each page's extraction gives is the golden files' business (``tests/outlets``); here the
crawl must write exactly the articles they expect, valid and once, and account for the rest.
One outlet is crawled with ``scrapy crawl`` as a user runs it; every outlet is crawled at once
in one process (marked ``e2e``).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest

from newscrawl.core.article import schema_errors
from newscrawl.outlets import OUTLETS
from tests.crawls import crawl_outlets, goldens, run_crawl

if TYPE_CHECKING:
    from newscrawl.replay.server import ReplayServer
    from tests.crawls import Crawl

PLAIN_OUTLETS = sorted(name for name, profile in OUTLETS.items() if not profile.uses_browser)


def check_crawl(outlet: str, crawl: Crawl) -> None:
    """The crawl wrote the outlet's distinct articles once each, valid, and counted the rest."""
    expected = goldens(outlet)
    articles = {url: golden for url, golden in expected.items() if "not_an_article" not in golden}
    for item in crawl.items:
        golden = articles[str(item["url"])]
        assert (item["canonical_url"], item["content_hash"]) == (
            golden["canonical_url"], golden["content_hash"]
        )
    canonical, hashes, distinct = set(), set(), 0
    for golden in articles.values():
        if golden["canonical_url"] not in canonical and golden["content_hash"] not in hashes:
            distinct += 1
        canonical.add(golden["canonical_url"])
        hashes.add(golden["content_hash"])
    assert len(crawl.items) == distinct
    assert len({item["canonical_url"] for item in crawl.items}) == distinct
    assert len({item["content_hash"] for item in crawl.items}) == distinct

    assert crawl.raw.endswith("\n")
    assert "\\u04" not in crawl.raw
    for item in crawl.items:
        assert schema_errors(item) == []
        assert str(item["url"]).startswith("https://")
        assert "127.0.0.1" not in json.dumps(item)

    assert "Traceback" not in crawl.log
    assert crawl.stats["newscrawl/articles_extracted"] == len(articles)
    dated = sum(golden["published_at"] is not None for golden in articles.values())
    sources = {key: value for key, value in crawl.stats.items()
               if key.startswith("newscrawl/date_source/")}
    assert sum(sources.values()) == dated
    duplicates = sum(count for key, count in crawl.stats.items()
                     if key.startswith("newscrawl/dropped/duplicate/"))
    assert duplicates == len(articles) - len(crawl.items)
    assert crawl.log.count(": not an article (") == len(expected) - len(articles)


def test_a_scrapy_crawl_writes_each_article_once(
    replay: ReplayServer, tmp_path_factory: pytest.TempPathFactory
) -> None:
    check_crawl("aqnews", run_crawl("aqnews", replay, tmp_path_factory.mktemp("aqnews")))


@pytest.fixture(scope="module")
def every_outlet(
    replay: ReplayServer, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Crawl]:
    return crawl_outlets(PLAIN_OUTLETS, replay, tmp_path_factory.mktemp("outlets"))


@pytest.mark.e2e
@pytest.mark.parametrize("outlet", PLAIN_OUTLETS)
def test_every_outlet_writes_each_article_once(
    every_outlet: dict[str, Crawl], outlet: str
) -> None:
    check_crawl(outlet, every_outlet[outlet])
