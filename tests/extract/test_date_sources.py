"""Publication dates from every source a page may give, strongest first, each one noted."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from newscrawl.extract.article import extract_article
from newscrawl.outlets import OUTLETS

URL = "https://aqnews.kz/ru/politika/123401-most-cherez-ural/"
FETCHED_AT = datetime(2024, 5, 18, 9, 0, tzinfo=timezone.utc)
TEXT = "".join(
    f"<p>{sentence}</p>" for sentence in (
        "В Уральске открыли новый пешеходный мост через реку Урал, который соединил старый "
        "город с новыми жилыми кварталами на левом берегу.",
        "Строительство заняло полтора года. По словам акима города, мост рассчитан на тысячи "
        "пешеходов в день и освещается всю ночь.",
        "Жители давно просили о переправе: до сих пор им приходилось делать крюк в несколько "
        "километров через автомобильный мост.",
    )
)


def page(head: str = "", near: str = "", before: str = "", after: str = "") -> str:
    """An aqnews-like article page whose date line is not where the profile looks."""
    return (
        f"<html><head><title>Мост через Урал</title>{head}</head><body>{before}"
        f"<article><h1>Мост через Урал</h1>{near}<div class='text'>{TEXT}</div></article>"
        f"{after}</body></html>"
    )


def published(html: str, profile: str | None = "aqnews") -> tuple[str | None, list[str]]:
    notes: list[str] = []
    article = extract_article(html, URL, FETCHED_AT, OUTLETS[profile] if profile else None,
                              notes)
    return article["published_at"], [note for note in notes if note.startswith("date")]


@pytest.mark.parametrize(
    ("near", "expected"),
    [
        ("<div class='story-when'>12 қазан 2023, 09:45</div>", "2023-10-12T09:45:00+06:00"),
        ("<span class='pub-date'>14 февраля 2024 09:05</span>", "2024-02-14T09:05:00+06:00"),
        ("<div class='meta'><span>17.05.2024 20:15</span></div>", "2024-05-17T20:15:00+05:00"),
        ("<p class='info'>2024 жылғы 25 наурыз, 10:00</p>", "2024-03-25T10:00:00+05:00"),
        ("<span class='time'>Вчера, 18:05</span>", "2024-05-17T18:05:00+05:00"),
    ],
)
def test_a_visible_date_near_the_headline_when_the_selector_misses(
    near: str, expected: str
) -> None:
    assert published(page(near=near)) == (expected, ["date_source/visible"])


def test_the_profiles_selector_comes_before_a_guess() -> None:
    near = ("<div class='article__meta'><span class='article__date'>16 мая 2024, 11:00</span>"
            "</div><div class='story-when'>12 қазан 2023, 09:45</div>")
    assert published(page(near=near)) == ("2024-05-16T11:00:00+05:00", ["date_source/selector"])


@pytest.mark.parametrize(
    "head",
    [
        '<meta property="article:published_time" content="2024-05-17 10:20:00 +05:00">',
        '<meta property="article:published_time" content="2024-05-17T10:20:00+0500">',
        '<meta name="publishdate" content="2024-05-17T10:20:00+05:00">',
        '<meta name="DC.date.issued" content="2024-05-17T10:20:00+05:00">',
        '<meta name="parsely-pub-date" content="2024-05-17T05:20:00Z">',
    ],
)
def test_meta_dates_under_their_many_names_and_spellings(head: str) -> None:
    moment, notes = published(page(head=head), None)
    assert datetime.fromisoformat(moment or "") == datetime.fromisoformat(
        "2024-05-17T10:20:00+05:00"
    )
    assert notes == ["date_source/meta"]


def test_a_time_element_inside_the_article() -> None:
    near = '<time datetime="2024-05-17T10:20:00+05:00">17 мая</time>'
    assert published(page(near=near), None) == ("2024-05-17T10:20:00+05:00", ["date_source/time"])


def test_structured_data_comes_first() -> None:
    head = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Мост",'
            ' "datePublished": "2024-05-17T10:20:00+05:00"}</script>'
            '<meta property="article:published_time" content="2024-05-16T10:20:00+05:00">')
    near = "<div class='date'>15.05.2024 10:00</div>"
    assert published(page(head=head, near=near)) == (
        "2024-05-17T10:20:00+05:00", ["date_source/json_ld"]
    )


def test_dates_of_other_stories_and_of_the_site_header_are_never_taken() -> None:
    header = "<header><div class='header__date'>18 мая 2024</div></header>"
    related = ("<aside><ul class='related'><li><span class='date'>16.05.2024 10:00</span>"
               "<a href='/x/'>Другая новость</a></li></ul></aside>")
    cards = "<div class='news-card'><span class='news-card__date'>15 мая 2024</span></div>"
    assert published(page(before=header, after=related + cards)) == (None, [])
