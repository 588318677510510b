from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import pytest
from scrapy.exceptions import DropItem
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from newscrawl.core.article import Article, schema_errors
from newscrawl.crawler.pipelines.dedup import DeduplicationPipeline
from newscrawl.crawler.pipelines.validate import ValidationPipeline

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

HASH = "a" * 64


def article(**changes: object) -> Article:
    base = Article(
        url="https://aqnews.kz/ru/politika/123401-most/",
        canonical_url="https://aqnews.kz/ru/politika/123401-most/",
        outlet="aqnews",
        language="ru",
        title="В Астане открыли мост",
        lead=None,
        body="Первый абзац.\n\nВторой абзац.",
        authors=["Айгерим Нурланова"],
        published_at="2024-03-25T14:30:00+05:00",
        modified_at=None,
        section="Политика",
        tags=["Астана"],
        image_url="https://aqnews.kz/uploads/1.jpg",
        fetched_at="2024-03-28T09:00:00+00:00",
        content_hash=HASH,
        word_count=4,
    )
    return replace(base, **changes)


@pytest.fixture
def crawler() -> Crawler:
    crawler = get_crawler()
    crawler.stats = MemoryStatsCollector(crawler)
    return crawler


def test_valid_article_passes(crawler: Crawler) -> None:
    item = article()
    assert ValidationPipeline(crawler).process_item(item) is item


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"published_at": "2024-03-25T14:30:00"}, "published_at"),
        ({"published_at": "25 марта 2024"}, "published_at"),
        ({"fetched_at": "2024-03-28"}, "fetched_at"),
        ({"language": None}, "language"),
        ({"language": "de"}, "language"),
        ({"title": "   "}, "title"),
        ({"body": ""}, "body"),
        ({"url": "ftp://aqnews.kz/x"}, "url"),
        ({"authors": ["A", "A"]}, "authors"),
        ({"content_hash": "xyz"}, "content_hash"),
        ({"word_count": 0}, "word_count"),
    ],
)
def test_invalid_article_is_dropped_with_its_field_counted(
    crawler: Crawler, changes: dict[str, object], field: str
) -> None:
    with pytest.raises(DropItem, match=field):
        ValidationPipeline(crawler).process_item(article(**changes))
    assert crawler.stats.get_value(f"newscrawl/dropped/invalid/{field}") == 1


def test_schema_rejects_unknown_fields() -> None:
    from dataclasses import asdict

    assert schema_errors({**asdict(article()), "extra": 1})


ODD_VALUES: dict[str, list[object]] = {
    "url": ["https://aqnews.kz/ru/мост/", "https://aqnews.kz/a b", "https://", "aqnews.kz/x", None],
    "title": ["x" * 1000, "x" * 1001, "", "\n", 5, None],
    "lead": ["", " ", "Лид", None, []],
    "authors": [["a" * 200], ["a" * 201], [""], ["A", "B"], "A", [None]],
    "published_at": [
        "2024-03-25T14:30:00Z", "2024-03-25T14:30:00.123+05:00", "2024-13-25T14:30:00+05:00",
        "2024-02-30T14:30:00+05:00", "2024-03-25T24:30:00+05:00", "2024-03-25 14:30:00+05:00",
        "2024-03-25T14:30:00+0500", 1711359000,
    ],
    "image_url": ["https://aqnews.kz/uploads/фото 1.jpg", "//aqnews.kz/1.jpg", ""],
    "outlet": ["Aqnews", "aq news", "aq-news.kz_2"],
    "tags": [[], ["#"], ["a", "a"], [1]],
    "word_count": [1, 0, -1, 1.0, 1.5, True, "4"],
    "revision": [2, 1, "2"],
    "duplicate_of": ["https://aqnews.kz/ru/1/", "", None],
    "content_hash": ["A" * 64, "a" * 63, "a" * 65],
}


@pytest.mark.parametrize(
    ("field", "value"), [(field, value) for field, values in ODD_VALUES.items() for value in values]
)
def test_compiled_schema_accepts_exactly_what_jsonschema_accepts(field: str, value: object) -> None:
    from dataclasses import asdict

    from newscrawl.core.article import _fast_check, _validator

    item = {**asdict(article()), field: value}
    try:
        _fast_check()(item)
        fast_accepts = True
    except Exception:
        fast_accepts = False
    assert fast_accepts == _validator().is_valid(item)


def test_duplicates_by_canonical_url_and_by_content(crawler: Crawler) -> None:
    pipeline = DeduplicationPipeline(crawler)
    pipeline.process_item(article())
    alias = article(url="https://aqnews.kz/ru/news/123401-most/", content_hash="b" * 64)
    with pytest.raises(DropItem, match="same canonical URL"):
        pipeline.process_item(alias)
    copy = article(
        url="https://aqnews.kz/ru/obshchestvo/123499-most/",
        canonical_url="https://aqnews.kz/ru/obshchestvo/123499-most/",
    )
    with pytest.raises(DropItem, match="same body"):
        pipeline.process_item(copy)
    other = article(
        url="https://aqnews.kz/ru/sport/123402-match/",
        canonical_url="https://aqnews.kz/ru/sport/123402-match/",
        content_hash="c" * 64,
    )
    assert pipeline.process_item(other) is other
    assert crawler.stats.get_value("newscrawl/dropped/duplicate/url") == 1
    assert crawler.stats.get_value("newscrawl/dropped/duplicate/content") == 1
