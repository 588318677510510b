"""Hostile or odd pages: wrong charsets, JSON-LD of any shape, oversized fields, absurd dates.

Each page is an ordinary article with one thing wrong; extraction must give the article with
that one thing left out, trimmed or refused, and note it.
"""

from __future__ import annotations

import json
import time
from datetime import datetime, timezone
from typing import Any

import pytest

from newscrawl.core.article import schema_errors
from newscrawl.extract.article import MAX_TITLE_CHARS, NotAnArticle, extract_article
from newscrawl.extract.encoding import decode_html, detect_encoding, looks_garbled

URL = "https://example.kz/news/2024/05/17/most-cherez-ural/"
FETCHED_AT = datetime(2024, 5, 18, 9, 0, tzinfo=timezone.utc)
PARAGRAPHS = [
    "В Уральске открыли новый пешеходный мост через реку Урал, который соединил старый город "
    "с новыми жилыми кварталами на левом берегу.",
    "Строительство заняло полтора года. По словам акима города, мост рассчитан на тысячи "
    "пешеходов в день и освещается всю ночь.",
    "Жители давно просили о переправе: до сих пор им приходилось делать крюк в несколько "
    "километров через автомобильный мост.",
]
TITLE = "В Уральске открыли пешеходный мост через Урал"


def page(ld: Any = None, head: str = "", charset: str = "utf-8") -> str:
    """An article page; ``ld`` is put in a JSON-LD script as it is (a string) or as JSON."""
    script = ""
    if ld is not None:
        text = ld if isinstance(ld, str) else json.dumps(ld, ensure_ascii=False)
        script = f'<script type="application/ld+json">{text}</script>'
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (
        f'<!DOCTYPE html><html lang="ru"><head><meta charset="{charset}"><title>{TITLE}</title>'
        f'{head}{script}</head><body><article><h1>{TITLE}</h1>{body}</article></body></html>'
    )


def extract(html: str) -> tuple[dict[str, Any], list[str]]:
    notes: list[str] = []
    article = extract_article(html, URL, FETCHED_AT, None, notes)
    assert schema_errors(article) == []
    return article, notes


def news(**fields: Any) -> dict[str, Any]:
    return {"@context": "https://schema.org", "@type": "NewsArticle", "headline": TITLE,
            **fields}


# Decoding


def test_one_stray_byte_keeps_a_utf8_page_utf8() -> None:
    raw = page().encode("utf-8")
    at = raw.index("Строительство".encode())
    broken = raw[:at] + b"\xff" + raw[at:]
    assert detect_encoding(broken, "utf-8") == "utf-8"
    _, text = decode_html(broken, "utf-8")
    article, _ = extract(text)
    assert article["title"] == TITLE
    assert article["body"].startswith(PARAGRAPHS[0])


def test_windows_1251_under_a_koi8_declaration_reads_as_windows_1251() -> None:
    raw = page(charset="koi8-r").encode("cp1251")
    codec, text = decode_html(raw)
    assert codec == "cp1251"
    assert extract(text)[0]["title"] == TITLE


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark(codec: str) -> None:
    _, text = decode_html(page().encode(codec))
    article, _ = extract(text)
    assert article["title"] == TITLE
    assert article["language"] == "ru"


@pytest.mark.parametrize("wrong", ["cp1251", "koi8-r", "latin-1"])
def test_text_decoded_with_the_wrong_charset_is_refused(wrong: str) -> None:
    garbled = page().encode("utf-8").decode(wrong, errors="replace")
    assert looks_garbled(" ".join(PARAGRAPHS).encode("utf-8").decode(wrong, errors="replace"))
    with pytest.raises(NotAnArticle, match="garbled_text"):
        extract_article(garbled, URL, FETCHED_AT)


def test_windows_1251_read_as_koi8_is_refused() -> None:
    garbled = page().encode("cp1251").decode("koi8-r")
    with pytest.raises(NotAnArticle, match="garbled_text"):
        extract_article(garbled, URL, FETCHED_AT)


def test_correct_russian_and_kazakh_text_is_not_garbled() -> None:
    assert not looks_garbled(" ".join(PARAGRAPHS) * 3)
    kazakh = ("Орал қаласында Жайық өзені арқылы жаңа жаяу жүргіншілер көпірі ашылды. "
              "Құрылыс бір жарым жылға созылды, көпір түні бойы жарықтандырылады. ") * 5
    assert not looks_garbled(kazakh)
    assert not looks_garbled("ООО «КАЗМУНАЙГАЗ» и АО «НК «ҚТЖ» подписали соглашение. " * 2
                             + " ".join(PARAGRAPHS) * 2)


# JSON-LD of any shape


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        (["2024-05-17T10:20:00+05:00", "2024-05-18T00:00:00+05:00"], "2024-05-17T10:20:00+05:00"),
        ([None, 5, "17 мая", "2024-05-17T10:20:00+05:00"], "2024-05-17T10:20:00+05:00"),
        (1715926800, None),
        ({"@value": "2024-05-17"}, None),
        (True, None),
        ([[["2024-05-17T10:20:00+05:00"]]], None),
    ],
)
def test_date_published_of_any_json_type(published: Any, expected: str | None) -> None:
    article, _ = extract(page(news(datePublished=published)))
    assert article["published_at"] == expected


def test_json_ld_nested_beyond_any_reason_is_skipped_not_the_article() -> None:
    deep = '{"a": ' * 100_000 + "1" + "}" * 100_000
    article, notes = extract(page(deep))
    assert article["title"] == TITLE
    assert "structured_data/unreadable" in notes


def test_json_ld_graphs_nested_deeply_are_read_to_a_bound() -> None:
    inner = json.dumps(news(datePublished="2024-05-17T10:20:00+05:00"), ensure_ascii=False)
    shallow = '{"@graph": [' * 10 + inner + "]}" * 10
    assert extract(page(shallow))[0]["published_at"] == "2024-05-17T10:20:00+05:00"
    deep = '{"@graph": [' * 400 + inner + "]}" * 400
    article, _ = extract(page(deep))
    assert article["title"] == TITLE
    assert article["published_at"] is None


def test_an_oversized_json_ld_script_is_skipped() -> None:
    article, notes = extract(page(news(description="ж" * 2_000_000)))
    assert article["title"] == TITLE
    assert "structured_data/too_large" in notes


@pytest.mark.parametrize(
    "author",
    [{"@type": "Person", "name": {"name": {"name": "Айгуль Серикова"}}}, [[["Айгуль Серикова"]]],
     {"@type": "Person"}, 42, None],
)
def test_authors_of_odd_shapes_never_fail(author: Any) -> None:
    article, _ = extract(page(news(author=author)))
    assert all(isinstance(name, str) for name in article["authors"])


# Oversized fields


def test_an_author_longer_than_the_schema_allows_is_dropped_alone() -> None:
    article, notes = extract(page(news(author=[
        {"@type": "Person", "name": "Айгуль Серикова"},
        {"@type": "Person", "name": "А" * 201},
    ])))
    assert article["authors"] == ["Айгуль Серикова"]
    assert "field/dropped/authors" in notes


def test_a_headline_longer_than_the_schema_allows_is_trimmed_at_a_word() -> None:
    headline = " ".join(["Мост"] * 400)
    html = page(news(headline=headline)).replace(f"<h1>{TITLE}</h1>", "")
    article, notes = extract(html)
    assert len(article["title"]) <= MAX_TITLE_CHARS
    assert article["title"].endswith("Мост…")
    assert "field/trimmed/title" in notes


def test_eighty_thousand_authors_take_no_time() -> None:
    authors = [f"А{number}" for number in range(80_000)]
    started = time.process_time()
    article, notes = extract(page(news(author=authors)))
    assert time.process_time() - started < 3
    assert article["authors"] == authors[:100]
    assert "structured_data/cut" in notes


# Dates that cannot be publication times


@pytest.mark.parametrize(
    "published",
    ["9999-12-31T23:59:59-23:59", "1970-01-01T00:00:00+00:00", "2024-05-25T10:00:00+05:00"],
)
def test_a_date_outside_the_sane_window_is_not_the_publication_date(published: str) -> None:
    article, notes = extract(page(news(datePublished=published)))
    assert article["published_at"] is None
    assert "date/implausible" in notes


def test_an_implausible_structured_date_falls_through_to_the_meta_date() -> None:
    meta = '<meta property="article:published_time" content="2024-05-17T10:20:00+05:00">'
    article, _ = extract(page(news(datePublished="9999-12-31T23:59:59-23:59"), head=meta))
    assert article["published_at"] == "2024-05-17T10:20:00+05:00"


def test_a_date_up_to_a_day_after_the_fetch_is_kept() -> None:
    article, notes = extract(page(news(datePublished="2024-05-18T20:00:00+05:00")))
    assert article["published_at"] == "2024-05-18T20:00:00+05:00"
    assert notes == ["date_source/json_ld"]
