"""An article's section: declared, else its breadcrumb trail's, else its URL's (when the
outlet's profile maps it).

The trails model real markup (own text): JSON-LD ``BreadcrumbList`` with string positions and
the article as last step (pravda.com.ua, kommersant.ru), microdata ``BreadcrumbList`` lists,
``nav[aria-label=breadcrumb]``, and a ``div.breadcrumbs`` of links (gazeta.ru).
"""

from __future__ import annotations

import gzip
import json
from datetime import datetime, timezone
from pathlib import Path

import pytest
from w3lib.encoding import html_to_unicode

from newscrawl.core.profile import OutletProfile, Selectors
from newscrawl.extract.article import extract_article
from newscrawl.outlets import outlet_for_url

FETCHED_AT = datetime(2024, 5, 20, tzinfo=timezone.utc)
URL = "https://example.kz/obschestvo/2024/05/17/park/"
TITLE = "В Караганде открыли новый парк"
BODY = "".join(
    f"<p>{text}</p>"
    for text in (
        "В Караганде после реконструкции открыли парк на месте заброшенного стадиона. На "
        "открытие пришли несколько тысяч горожан.",
        "В парке высадили больше двух тысяч деревьев, проложили велодорожки и построили "
        "детские площадки. Работы шли полтора года.",
        "Аким города пообещал, что к осени рядом появится еще и крытый каток, который будет "
        "работать круглый год.",
    )
)
REALPAGES = Path(__file__).resolve().parents[3] / "shared" / "realpages"


def page(trail: str = "", head: str = "") -> str:
    return (
        f'<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>{TITLE}</title>'
        f"{head}</head><body>{trail}<article><h1>{TITLE}</h1>{BODY}</article></body></html>"
    )


def section(html: str, url: str = URL, **profile: object) -> str | None:
    """The section of ``html``: on the generic path, or with a profile of ``profile``'s
    fields."""
    outlet = OutletProfile(
        name="example", title="Example", country="KZ", hosts=("example.kz",),
        languages=("ru",), timezone="Asia/Almaty", article_url=r"^https://example\.kz/",
        sitemaps=("https://example.kz/sitemap.xml",), **profile,
    ) if profile else None
    return extract_article(html, url, FETCHED_AT, outlet)["section"]


def json_ld(data: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>'


JSON_LD_TRAIL = json_ld({
    "@context": "https://schema.org",
    "@type": "BreadcrumbList",
    "itemListElement": [
        {"@type": "ListItem", "position": "3", "name": TITLE, "item": URL},
        {"@type": "ListItem", "position": "1", "name": "Главная",
         "item": "https://example.kz/"},
        {"@type": "ListItem", "position": "2",
         "item": {"@id": "https://example.kz/obschestvo/", "name": "Общество"}},
    ],
})
MICRODATA_TRAIL = (
    '<ol itemscope itemtype="https://schema.org/BreadcrumbList">'
    '<li itemprop="itemListElement" itemscope itemtype="https://schema.org/ListItem">'
    '<a itemprop="item" href="/"><span itemprop="name">Басты бет</span></a>'
    '<meta itemprop="position" content="1"></li>'
    '<li itemprop="itemListElement" itemscope itemtype="https://schema.org/ListItem">'
    '<a itemprop="item" href="/kogam/"><span itemprop="name">Қоғам</span></a>'
    '<meta itemprop="position" content="2"></li></ol>'
)
NAV_TRAIL = (
    '<nav aria-label="Breadcrumb"><ul><li><a href="/">Главная</a></li>'
    '<li><a href="/economy/">Экономика</a></li><li><a href="/economy/banks/">Банки</a></li>'
    f'<li aria-current="page">{TITLE}</li></ul></nav>'
)
LINKS_TRAIL = (
    '<div class="breadcrumbs"><a href="https://example.kz/">Example.kz</a> / '
    '<a href="/regions/">Регионы</a> / <a href="/regions/karaganda/">Караганда</a> / '
    f'<a href="{URL}">{TITLE}</a></div>'
)


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (page(head=JSON_LD_TRAIL), "Общество"),
        (page(MICRODATA_TRAIL), "Қоғам"),
        (page(NAV_TRAIL), "Банки"),
        (page(LINKS_TRAIL), "Караганда"),
    ],
    ids=["json-ld", "microdata", "nav", "links"],
)
def test_the_last_crumb_that_is_neither_home_nor_the_article(html: str, expected: str) -> None:
    assert section(html) == expected


def test_a_declared_section_wins_over_the_trail() -> None:
    declared = '<meta property="article:section" content="Город">'
    assert section(page(NAV_TRAIL, head=declared)) == "Город"


def test_the_word_in_a_stylesheet_is_no_trail() -> None:
    style = "<style>.breadcrumbs a{color:#333}</style>"
    assert section(page(head=style)) is None


def test_a_trail_of_home_and_article_names_no_section() -> None:
    trail = (
        f'<nav aria-label="breadcrumb"><a href="/">Главная</a> › <a href="{URL}">{TITLE}</a></nav>'
    )
    assert section(page(trail)) is None


def test_the_url_names_the_section_when_the_profile_maps_it() -> None:
    sections = {"obschestvo": "Общество", "sport": "Спорт"}
    assert section(page(), sections=sections) == "Общество"
    assert section(page(), url="https://example.kz/kultura/1/", sections=sections) is None
    assert section(page(), sections={}) is None


def test_the_trail_and_the_profiles_selector_come_before_the_url() -> None:
    sections = {"obschestvo": "Общество"}
    assert section(page(NAV_TRAIL), sections=sections) == "Банки"
    rubric = '<div class="rubric">Столица</div>'
    assert section(
        page(rubric), sections=sections, selectors=Selectors(section=".rubric")
    ) == "Столица"


def real_page(name: str) -> str:
    """A saved real page (outside the repository; the test is skipped without it)."""
    path = REALPAGES / f"{name}.html.gz"
    if not path.is_file():
        pytest.skip(f"no real page at {path}")
    return html_to_unicode(None, gzip.decompress(path.read_bytes()))[1]


@pytest.mark.parametrize(
    ("name", "url", "expected"),
    [
        ("tass.ru__moskva-8836033", "https://tass.ru/moskva/8836033", "Москва"),
        (
            "gazeta.ru__social-2023-07-03-17227874",
            "https://www.gazeta.ru/social/2023/07/03/17227874.shtml",
            "Общество",
        ),
    ],
)
def test_real_pages(name: str, url: str, expected: str) -> None:
    html = real_page(name)
    article = extract_article(html, url, datetime(2026, 11, 1, tzinfo=timezone.utc),
                              outlet_for_url(url))
    assert article["section"] == expected
