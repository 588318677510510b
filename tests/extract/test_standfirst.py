"""The standfirst between headline and body: kept as the lead when the page marks it, as the
body's first paragraph when it marks none, never lost and never doubled.

Each page models a layout of real Russian and English news pages (own text): the intro block
outside the body's container with ``itemprop="description"`` and a subheading (gazeta.ru), a
``h2.sub-head`` dek (wsj.com, cbssports.com), a heading that shows ``og:description``
(express.co.uk), the body's first paragraph serving as description (pravda.com.ua).
"""

from __future__ import annotations

import gzip
from datetime import datetime, timezone
from pathlib import Path

import pytest
from trafilatura.utils import load_html
from w3lib.encoding import html_to_unicode

from newscrawl.extract.article import extract_article
from newscrawl.extract.standfirst import find_standfirst

FETCHED_AT = datetime(2024, 5, 20, tzinfo=timezone.utc)
REALPAGES = Path(__file__).resolve().parents[3] / "shared" / "realpages"
URL = "https://example.kz/society/2024/05/17/kotelnaya/"
TITLE = "В Экибастузе построят новую котельную"
STANDFIRST = (
    "Котельная мощностью 120 мегаватт обеспечит теплом три новых микрорайона. Строительство "
    "начнется летом и займет два года."
)
PARAGRAPHS = [
    "Акимат Экибастуза выбрал подрядчика для строительства новой котельной на северной окраине "
    "города. Контракт подписали в пятницу после двух месяцев конкурса.",
    "По словам заместителя акима, котельная закроет дефицит тепла, который город испытывает "
    "каждую зиму с тех пор, как застроили левобережные кварталы.",
    "Финансирование выделят из областного бюджета. Общая стоимость проекта составит около "
    "девяти миллиардов тенге, часть средств пойдет на прокладку теплотрасс.",
    "Жители новых микрорайонов до сих пор отапливаются от временной модульной котельной, "
    "которую установили три года назад как временное решение.",
]


def body_block(paragraphs: list[str] = PARAGRAPHS) -> str:
    return (
        '<div class="article-text" itemprop="articleBody">'
        + "".join(f"<p>{p}</p>" for p in paragraphs)
        + "</div>"
    )


def page(header: str, between: str = "", body: str = "", head: str = "") -> str:
    return (
        '<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8">'
        f"<title>{TITLE} - Пример</title>{head}</head><body>"
        '<nav><a href="/">Главная</a> <a href="/society/">Общество</a></nav>'
        f'<article itemscope itemtype="https://schema.org/NewsArticle">'
        f'<div class="article-header"><h1 itemprop="headline">{TITLE}</h1>{header}</div>'
        f"{between}{body or body_block()}</article>"
        "<footer>© 2024 Пример</footer></body></html>"
    )


def extract(html: str) -> dict[str, object]:
    return extract_article(html, URL, FETCHED_AT)


def description(text: str) -> str:
    return f'<meta name="description" content="{text}">'


def test_an_intro_outside_the_body_container_is_the_lead() -> None:
    subheading = "Проект обойдется в девять миллиардов тенге"
    html = page(
        f'<h2 class="subheader">{subheading}</h2>'
        '<div class="addinfo"><span class="author">Айгерим Нурланова</span></div>',
        between=(
            '<div class="article-media"><img src="/img/1.jpg"><i>Фото: акимат</i></div>'
            f'<div class="article-intro"><span class="intro" itemprop="description">{STANDFIRST}'
            "</span></div>"
        ),
        head=description(STANDFIRST[:90] + "…"),
    )
    article = extract(html)
    assert article["lead"] == f"{subheading}\n\n{STANDFIRST}"
    assert article["body"] == "\n\n".join(PARAGRAPHS)


def test_a_dek_after_the_headline_leaves_the_body_for_the_lead() -> None:
    html = page(f'<h2 class="sub-head">{STANDFIRST}</h2>')
    article = extract(html)
    assert article["lead"] == STANDFIRST
    assert STANDFIRST not in article["body"]
    assert article["body"] == "\n\n".join(PARAGRAPHS)


def test_a_bold_paragraph_before_the_body_is_the_lead() -> None:
    html = page("", between=f"<p><strong>{STANDFIRST}</strong></p>")
    article = extract(html)
    assert article["lead"] == STANDFIRST
    assert article["body"] == "\n\n".join(PARAGRAPHS)


def test_a_heading_that_shows_the_description_is_the_lead() -> None:
    html = page(f"<h3>{STANDFIRST}</h3>", head=description(STANDFIRST))
    assert extract(html)["lead"] == STANDFIRST


def test_unmarked_prose_right_before_the_body_is_its_first_paragraph() -> None:
    html = page("", between=f"<div><p>{STANDFIRST}</p></div>")
    article = extract(html)
    assert article["lead"] is None
    assert article["body"] == "\n\n".join([STANDFIRST, *PARAGRAPHS])


@pytest.mark.parametrize(
    ("html", "why"),
    [
        (page("", head=description(PARAGRAPHS[0])), "the description is the first paragraph"),
        (
            page("", between=f'<div class="image"><p>{STANDFIRST}</p></div>'),
            "a picture's caption",
        ),
    ],
)
def test_what_is_no_standfirst_stays_where_it_is(html: str, why: str) -> None:
    article = extract(html)
    assert article["lead"] is None, why
    assert article["body"].startswith(PARAGRAPHS[0]), why


def test_the_body_paragraph_marked_as_intro_is_no_lead() -> None:
    paragraphs = "".join(f"<p>{p}</p>" for p in PARAGRAPHS[1:])
    html = page("", body=f'<div class="text"><p class="article__intro">{PARAGRAPHS[0]}</p>'
                         f"{paragraphs}</div>")
    article = extract(html)
    assert article["lead"] is None
    assert article["body"] == "\n\n".join(PARAGRAPHS)


def test_the_search_stops_at_the_body() -> None:
    later = "<div class='summary'>Итоги недели: главное за пять дней в одном тексте.</div>"
    tree = load_html(page("", body=body_block() + later))
    found = find_standfirst(next(tree.iter("h1")), [])
    assert found.lead == []
    assert found.prose is None


def test_the_real_intro_outside_the_body_is_the_lead() -> None:
    """gazeta.ru: the standfirst stands outside ``itemprop=articleBody`` and was lost."""
    path = REALPAGES / "gazeta.ru__social-2023-07-03-17227874.html.gz"
    if not path.is_file():
        pytest.skip(f"no real page at {path}")
    html = html_to_unicode(None, gzip.decompress(path.read_bytes()))[1]
    intro = " ".join(load_html(html).xpath("//span[@class='intro']")[0].text_content().split())
    article = extract_article(html, "https://www.gazeta.ru/social/2023/07/03/17227874.shtml",
                              datetime(2026, 11, 1, tzinfo=timezone.utc))
    assert article["lead"].split("\n\n")[-1] == intro
    assert intro[:60] not in article["body"]
