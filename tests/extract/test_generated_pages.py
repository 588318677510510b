"""Generated hostile pages: whatever the markup, charset or structured data, extraction gives a
schema-valid article or refuses the page, in bounded time.

A few hundred pages by default; thousands with ``pytest -m fuzz`` (or ``--all``).
"""

from __future__ import annotations

import json
import time
from datetime import datetime, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newscrawl.core.article import schema_errors
from newscrawl.extract.article import NotAnArticle, extract_article
from newscrawl.extract.encoding import decode_html

FETCHED_AT = datetime(2024, 5, 18, 9, 0, tzinfo=timezone.utc)
URLS = ("https://aqnews.kz/ru/politika/123401-most/", "https://example.kz/news/2024/05/17/a/",
        "https://example.com/a-long-article-slug-here/")
# Generous for a loaded machine; a page that takes this long is a bug either way.
TIME_LIMIT = 10.0

WORDS = st.sampled_from([
    "мост", "город", "жители", "аким", "открыли", "Орал", "көпір", "қала", "ашылды", "news",
    "bridge", "&amp;", "&#8216;", "&quot;", "<", ">", "\u00a0", "\u200b", "\x00", "\ufffd",
    "Ð¿Ñ€", "РџСЂ", "п▓п°", "😀", "\u202e",
])
TEXT = st.lists(WORDS, max_size=80).map(" ".join)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | TEXT,
    lambda children: st.lists(children, max_size=6)
    | st.dictionaries(
        st.sampled_from(["@type", "@graph", "headline", "datePublished", "dateModified",
                         "author", "name", "image", "url", "keywords", "articleSection",
                         "isAccessibleForFree", "articleBody", "@context", "x"]),
        children, max_size=6,
    ),
    max_leaves=30,
)
ARTICLE_TYPES = st.sampled_from(["NewsArticle", "Article", "BlogPosting", "WebPage", ["Article"]])
DATES = st.sampled_from([
    "2024-05-17T10:20:00+05:00", "2024-05-17 10:20:00 +0500", "9999-12-31T23:59:59-23:59",
    "0001-01-01", "17.05.2024 20:15", "Вчера, 18:05", "", "2024-02-30", "2024-05-17T25:00:00Z",
])


@st.composite
def json_ld(draw: st.DrawFn) -> str:
    node: Any = draw(JSON)
    if draw(st.booleans()):
        node = {"@type": draw(ARTICLE_TYPES), "headline": draw(TEXT),
                "datePublished": draw(DATES | JSON), "author": draw(JSON),
                **(node if isinstance(node, dict) else {"x": node})}
    text = json.dumps(node, ensure_ascii=draw(st.booleans()), allow_nan=True)
    if draw(st.booleans()):
        depth = draw(st.integers(0, 3000))
        text = '{"@graph": [' * depth + text + "]}" * depth
    if draw(st.booleans()):
        text = text[: draw(st.integers(0, len(text)))]
    return f'<script type="application/ld+json">{text}</script>'


@st.composite
def body(draw: st.DrawFn) -> str:
    paragraphs = draw(st.lists(TEXT, max_size=12))
    html = "".join(f"<p>{text}</p>" for text in paragraphs)
    depth = draw(st.integers(0, 400))
    tag = draw(st.sampled_from(["div", "span", "b", "p", "table", "li"]))
    html = f"<{tag}>" * depth + html + (f"</{tag}>" * depth if draw(st.booleans()) else "")
    if draw(st.booleans()):
        html += f'<div class="{"x" * draw(st.integers(0, 200_000))}">{draw(TEXT)}</div>'
    if draw(st.booleans()):
        html += draw(st.text(max_size=300))
    microdata = (
        '<div itemscope itemtype="https://schema.org/NewsArticle">'
        f'<span itemprop="headline">{draw(TEXT)}</span>'
        f'<time itemprop="datePublished" datetime="{draw(DATES)}"></time></div>'
    )
    return (microdata if draw(st.booleans()) else "") + html


@st.composite
def page(draw: st.DrawFn) -> bytes:
    meta = "".join(
        f'<meta property="{name}" content="{draw(DATES if "time" in name else TEXT)}">'
        for name in draw(st.lists(st.sampled_from([
            "og:type", "og:title", "og:image", "article:published_time", "article:tag",
            "author", "article:section", "og:updated_time",
        ]), max_size=6))
    )
    scripts = "".join(draw(st.lists(json_ld(), max_size=3)))
    declared = draw(st.sampled_from(["utf-8", "windows-1251", "koi8-r", "utf-16", "", "x-bogus"]))
    html = (
        f'<!DOCTYPE html><html lang="{draw(st.sampled_from(["ru", "kk", "en", "", "xx"]))}">'
        f'<head><meta charset="{declared}"><title>{draw(TEXT)}</title>{meta}{scripts}</head>'
        f"<body><h1>{draw(TEXT)}</h1>{draw(body())}</body></html>"
    )
    codec = draw(st.sampled_from(["utf-8", "cp1251", "koi8-r", "utf-16-le", "utf-16"]))
    raw = html.encode(codec, errors="replace")
    if draw(st.booleans()) and raw:
        at = draw(st.integers(0, len(raw) - 1))
        raw = raw[:at] + draw(st.binary(max_size=8)) + raw[at:]
    return raw


def check(raw: bytes, url: str, declared: str | None) -> None:
    started = time.monotonic()
    _, html = decode_html(raw, declared)
    try:
        article = extract_article(html, url, FETCHED_AT)
    except NotAnArticle:
        pass
    else:
        assert schema_errors(article) == []
    assert time.monotonic() - started < TIME_LIMIT


HEALTH = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]


@settings(max_examples=200, deadline=None, suppress_health_check=HEALTH)
@given(page(), st.sampled_from(URLS), st.sampled_from([None, "utf-8", "windows-1251"]))
def test_generated_pages(raw: bytes, url: str, declared: str | None) -> None:
    check(raw, url, declared)


@pytest.mark.fuzz
@settings(max_examples=3000, deadline=None, suppress_health_check=HEALTH)
@given(page(), st.sampled_from(URLS), st.sampled_from([None, "utf-8", "windows-1251"]))
def test_thousands_of_generated_pages(raw: bytes, url: str, declared: str | None) -> None:
    check(raw, url, declared)
