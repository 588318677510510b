"""Text hygiene: agency datelines, cross-links, embed captions, logos and entities never end up
in an article."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from newscrawl.extract.article import extract_article
from newscrawl.extract.hygiene import is_boilerplate, is_default_image, without_dateline

BODY = "\n\n".join(["Второй абзац новости.", "Третий абзац новости."])


@pytest.mark.parametrize(
    "dateline",
    [
        "ТУЛА, 26 марта. /ТАСС/. ",
        "МОСКВА, 26 марта. /ТАСС/ - ",
        "Москва. 26 марта. INTERFAX.RU - ",
        "НИЖНИЙ НОВГОРОД, 26 мар — РИА Новости. ",
        "АСТАНА. 26 наурыз. ҚазАқпарат - ",
        "Алматы, 12 марта 2024 года. /КазТАГ/. ",
        "ASTANA, March 26 (Reuters) - ",
    ],
)
def test_an_agency_dateline_is_cut_from_the_first_paragraph(dateline: str) -> None:
    first = "губернатор подписал указ о новом парке."
    assert without_dateline(f"{dateline}{first}\n\n{BODY}") == (
        f"Губернатор подписал указ о новом парке.\n\n{BODY}"
    )


@pytest.mark.parametrize(
    "first",
    [
        "Москва, 26 марта. Сегодня в столице прошло совещание.",
        "Москва, 26 человек пострадали в ДТП на МКАД.",
        "В Астане 26 марта открыли мост.",
        "ТАСС сообщает, что мост открыли.",
    ],
)
def test_a_first_paragraph_that_only_looks_like_one_is_kept(first: str) -> None:
    assert without_dateline(f"{first}\n\n{BODY}") == f"{first}\n\n{BODY}"


@pytest.mark.parametrize(
    ("paragraph", "boilerplate"),
    [
        ("Читайте также: В Астане открыли мост", True),
        ("Читайте материал «Мост через Урал»", True),
        ("Оқи отырыңыз: Көпір ашылды", True),
        ("Read more: A bridge over the Ural", True),
        ("Публикация от Айгерим (@aigerim.kz) Дек 20, 2017 at 1:04 PST", True),
        ("A post shared by Aigerim (@aigerim) on Dec 20, 2017 at 1:04pm PST", True),
        ("Жители читайте также объявления на сайте акимата, сказал он.", False),
        ("Мост открыли в 10:30 (@akimat_oral сообщил об этом первым).", False),
    ],
)
def test_cross_links_and_embed_captions(paragraph: str, boilerplate: bool) -> None:
    assert is_boilerplate(paragraph) is boilerplate


@pytest.mark.parametrize(
    ("url", "default"),
    [
        ("https://tass.ru/img/blocks/common/tass_logo_share_ru.png", True),
        ("https://example.kz/static/default-og.jpg", True),
        ("https://example.kz/img/no-image.png", True),
        ("https://cdn.iz.ru/sites/default/files/styles/1920x1080/public/article-1.jpg", False),
        ("https://example.kz/uploads/2024/03/most-ural.jpg", False),
        ("https://example.kz/uploads/blogosphere.jpg", False),
    ],
)
def test_a_logo_or_default_share_image_is_not_the_articles(url: str, default: bool) -> None:
    assert is_default_image(url) is default


def test_entities_in_json_ld_are_unescaped_and_the_logo_falls_to_the_next_image() -> None:
    ld = {"@type": "NewsArticle", "headline": "Аким: &quot;Мост откроют&quot; &#8216;в мае&#039;",
          "image": {"@type": "ImageObject", "url": "https://example.kz/uploads/most.jpg"},
          "author": {"@type": "Person", "name": "Айгуль &amp; Ержан"}}
    paragraphs = "".join(
        f"<p>Абзац {n}: в Уральске строят пешеходный мост через реку Урал, работы идут по "
        f"графику и завершатся к маю.</p>" for n in range(4)
    )
    html = (
        f'<html><head><meta property="og:image" content="/img/site_logo.png">'
        f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>'
        f"</head><body><article>{paragraphs}</article></body></html>"
    )
    article = extract_article(html, "https://example.kz/news/2024/05/17/most/",
                              datetime(2024, 5, 18, tzinfo=timezone.utc))
    assert article["title"] == "Аким: \"Мост откроют\" \u2018в мае'"
    assert article["authors"] == ["Айгуль & Ержан"]
    assert article["image_url"] == "https://example.kz/uploads/most.jpg"
