"""Date-bounded backfill (``-a since/until``) and language restriction (``-a languages``)."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import pytest

from newscrawl.core.window import Window, date_in_url
from tests.crawls import goldens, run_crawl

if TYPE_CHECKING:
    from pathlib import Path

    from newscrawl.replay.server import ReplayServer

ALMATY = ZoneInfo("Asia/Almaty")


@pytest.mark.parametrize(
    ("url", "day"),
    [
        ("https://lenta.ru/news/2023/07/04/aeroport/", date(2023, 7, 4)),
        ("https://www.rbc.ru/economics/03/07/2023/649ea4cc9a7947b29e9db05a", date(2023, 7, 3)),
        ("https://kz.kursiv.media/2024-03-25/some-story/", date(2024, 3, 25)),
        ("https://ria.ru/20240325/story-1935.html", date(2024, 3, 25)),
        ("https://aqnews.kz/ru/politika/123401-story/", None),
        ("https://example.kz/2024/13/45/not-a-date/", None),
    ],
)
def test_date_in_url(url: str, day: date | None) -> None:
    assert date_in_url(url) == day


def test_window_bounds_are_whole_local_days() -> None:
    window = Window.from_arguments("2024-03-01", "2024-03-31", ALMATY)
    assert window.since == datetime(2024, 3, 1, tzinfo=ALMATY)
    assert window.contains(datetime.fromisoformat("2024-03-31T23:59:59+05:00"))
    assert not window.contains(datetime.fromisoformat("2024-04-01T00:00:00+05:00"))
    assert not window.contains(datetime.fromisoformat("2024-02-29T23:59:59+06:00"))
    assert window.contains_day(date(2024, 2, 29))
    assert not window.contains_day(date(2024, 2, 27))
    with pytest.raises(ValueError, match="after"):
        Window.from_arguments("2024-04-01", "2024-03-01", ALMATY)


def _distinct_articles(outlet: str) -> dict[str, dict[str, object]]:
    """One golden per canonical URL and body: what a crawl writes."""
    kept: dict[str, dict[str, object]] = {}
    hashes: set[object] = set()
    for golden in goldens(outlet).values():
        if "not_an_article" in golden or golden["content_hash"] in hashes:
            continue
        kept.setdefault(str(golden["canonical_url"]), golden)
        hashes.add(golden["content_hash"])
    return kept


@pytest.mark.e2e
def test_backfill_keeps_the_window_and_skips_what_is_outside(
    replay: ReplayServer, tmp_path: Path
) -> None:
    since, until = "2024-03-01", "2024-03-26"
    crawl = run_crawl(
        "aqnews", replay, tmp_path, "LOG_LEVEL=DEBUG", arguments={"since": since, "until": until}
    )
    window = Window.from_arguments(since, until, ALMATY)
    expected = {
        url
        for url, golden in _distinct_articles("aqnews").items()
        if window.contains(datetime.fromisoformat(str(golden["published_at"])))
    }
    assert {item["canonical_url"] for item in crawl.items} == expected
    assert len(crawl.items) == len(expected)
    # The February sitemap is not fetched at all; later articles are dropped after extraction.
    assert "'newscrawl/backfill/sitemap_entries_skipped':" in crawl.log
    assert "Crawled (200) <GET https://aqnews.kz/sitemap-news.xml>" in crawl.log
    assert "sitemaps/2024-02.xml" not in crawl.log
    assert "'newscrawl/dropped/out_of_window':" in crawl.log
    assert "'newscrawl/backfill/feed_entries_skipped':" in crawl.log


@pytest.mark.e2e
def test_languages_restricts_the_output(replay: ReplayServer, tmp_path: Path) -> None:
    crawl = run_crawl("aqnews", replay, tmp_path, arguments={"languages": "kk"})
    kazakh = {u for u, g in _distinct_articles("aqnews").items() if g["language"] == "kk"}
    assert kazakh
    assert {item["canonical_url"] for item in crawl.items} == kazakh
    assert "'newscrawl/dropped/language':" in crawl.log
