"""An AMP page extracts as fully as its canonical page.

``pages/amp_article.html`` is the AMP twin of ``pages/amp_canonical.html`` (own text, markup
modelled on AMP pages of publishing systems that keep a story's text as one block with
``<br>`` breaks): ``<amp-img>`` for ``<img>``, ``<amp-ad>`` for the ad slot, AMP's sidebar,
share buttons and analytics. Text right after an ``amp-*`` element (its tail) was lost.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from newscrawl.extract.article import extract_article

PAGES = Path(__file__).parent / "pages"
CANONICAL = "https://priirtysh-news.kz/news/most-cherez-irtysh-otkroyut-v-sentyabre-2417.html"
AMP = "https://priirtysh-news.kz/amp/news/most-cherez-irtysh-otkroyut-v-sentyabre-2417.html"
FETCHED_AT = datetime(2024, 5, 15, tzinfo=timezone.utc)
LAST = "Власти ожидают, что после открытия моста пробки на старой переправе сократятся вдвое."


@pytest.fixture(scope="module")
def twins() -> tuple[dict[str, object], dict[str, object]]:
    amp = extract_article((PAGES / "amp_article.html").read_text("utf-8"), AMP, FETCHED_AT)
    canonical = extract_article(
        (PAGES / "amp_canonical.html").read_text("utf-8"), CANONICAL, FETCHED_AT
    )
    return amp, canonical


def test_the_amp_page_has_the_canonical_pages_body(
    twins: tuple[dict[str, object], dict[str, object]],
) -> None:
    amp, canonical = twins
    assert amp["body"] == canonical["body"]
    assert str(amp["body"]).split("\n\n")[-1].startswith(LAST)
    assert amp["word_count"] == canonical["word_count"] == 113


def test_the_amp_page_is_the_same_article(
    twins: tuple[dict[str, object], dict[str, object]],
) -> None:
    amp, canonical = twins
    assert {key: value for key, value in amp.items() if key != "url"} == {
        key: value for key, value in canonical.items() if key != "url"
    }
    assert amp["canonical_url"] == CANONICAL


def test_text_after_an_amp_element_is_kept() -> None:
    text = "Последний абзац новости остается в тексте после рекламного блока AMP."
    paragraphs = "<br><br>".join(["Первый абзац новости о строительстве моста. " * 4] * 2)
    html = (
        '<!doctype html><html amp lang="ru"><head><meta charset="utf-8"><title>Мост</title>'
        f"</head><body><article><h1>Мост</h1><div class='text'>{paragraphs}<br><br>"
        f'<amp-img src="/a.jpg" width="800" height="450" layout="responsive"></amp-img>{text}'
        "</div></article></body></html>"
    )
    body = extract_article(html, AMP, FETCHED_AT)["body"]
    assert body.endswith(text)
