"""Dropped items in the log: one line with the reason and the URL, never the article."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from newscrawl.core import stats
from newscrawl.core.article import Article
from newscrawl.crawler.components import Dropped
from newscrawl.crawler.logformatter import ItemLogFormatter

URL = "https://aqnews.kz/ru/politika/123401-v-mazhilise-obsudili-polnomochiya-selskih-akimov/"
BODY = "Депутаты мажилиса обсудили полномочия сельских акимов.\n\nВторой абзац статьи."


def article() -> Article:
    return Article(url=URL, canonical_url=URL, outlet="aqnews", language="ru",
                   title="Заголовок", lead=None, body=BODY)


def line(result: Any) -> tuple[int, str]:
    return result["level"], result["msg"] % result["args"]


@pytest.fixture
def spider() -> Any:
    crawler = get_crawler()
    return crawler.spidercls.from_crawler(crawler)


@pytest.mark.parametrize(
    ("reason", "level"),
    [(stats.DUPLICATE_URL, logging.DEBUG), (stats.UNCHANGED, logging.DEBUG),
     (stats.invalid("published_at"), logging.WARNING)],
)
def test_a_dropped_article_is_one_line_without_its_body(
    spider: Any, reason: stats.DropReason, level: int
) -> None:
    error = Dropped(reason, URL, "same canonical URL as https://aqnews.kz/ru/news/123401/")
    logged_level, text = line(ItemLogFormatter().dropped(article(), error, None, spider))
    assert logged_level == level
    assert text == (f"Dropped: {reason.name}: same canonical URL as "
                    f"https://aqnews.kz/ru/news/123401/ ({URL})")


def test_another_drop_or_an_item_error_names_the_url(spider: Any) -> None:
    formatter = ItemLogFormatter()
    _, dropped = line(formatter.dropped(article(), DropItem("no"), None, spider))
    assert dropped == f"Dropped: no ({URL})"
    _, failed = line(formatter.item_error(article(), ValueError("x"), None, spider))
    assert failed == f"Error processing {URL}"
    _, unnamed = line(formatter.dropped({"title": "t"}, DropItem("no"), None, spider))
    assert unnamed == "Dropped: no (dict)"
    assert all("\n" not in text and "Депутаты" not in text
               for text in (dropped, failed, unnamed))
