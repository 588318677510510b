"""Text hygiene: agency datelines, cross-links, embed captions, logos and entities never end up
in an article."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from newscrawl.extract.article import extract_article
from newscrawl.extract.hygiene import (
    is_boilerplate,
    is_default_image,
    is_furniture,
    without_dateline,
)

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
        ("По теме: Мост через Урал открыли досрочно", True),
        ("Related: A bridge over the Ural opens early", True),
        ("DON'T MISS", True),
        ("Самое читаемое", True),
        ("Самое читаемое издание страны сменило главного редактора.", False),
        ("2019-11-19T08:57:40+01:00", True),
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


@pytest.mark.parametrize(
    ("paragraph", "furniture"),
    [
        ("Подписывайтесь на наш канал в Telegram", True),
        ("Следите за новостями в нашем Telegram-канале", True),
        ("Telegram арнамызға жазылыңыз", True),
        ("© 2024 Пример. Все права защищены.", True),
        ("Барлық құқықтар қорғалған", True),
        ("Copyright 2019 Hawaii News Now. All rights reserved.", True),
        ("Комментарии", True),
        ("Email Tariq Malik at tmalik@space.com or follow him @tariqjmalik.", True),
        ("Follow Newsbeat on Instagram, Facebook, Twitter and YouTube.", True),
        ("(Reporting by Greg Roumeliotis; Editing by Martin Howell)", True),
        ("Обновлено: 26 марта 2024, 14:30", True),
        ("UPDATED: Tue., Nov. 19, 2019", True),
        ('[button link="/submit/" type="big"]Send us your review[/button]', True),
        ("Мост открыли 26 марта.", False),
        ("Others are expected to follow suit on Monday.", False),
        ("Voters can sign up until Friday.", False),
        ("Число подписчиков канала выросло вдвое за год.", False),
        ("Комментарии к законопроекту министерство опубликует в понедельник.", False),
    ],
)
def test_page_furniture(paragraph: str, furniture: bool) -> None:
    assert is_furniture(paragraph) is furniture


ARTICLE = [
    "В Уральске открыли новый пешеходный мост через реку Урал, который соединил старый город "
    "с новыми жилыми кварталами на левом берегу.",
    "Строительство заняло полтора года. По словам акима города, мост рассчитан на тысячи "
    "пешеходов в день и освещается всю ночь.",
    "Жители давно просили о переправе: до сих пор им приходилось делать крюк в несколько "
    "километров через автомобильный мост.",
]
RELATED = [
    "В Атырау отремонтируют набережную к лету следующего года",
    "Как изменится Уральск к 2030 году",
    "Пешеходные мосты появятся еще в трех городах",
]


def around(before: str, after: str) -> str:
    """An article page with ``before`` and ``after`` around its paragraphs, in its body."""
    paragraphs = "".join(f"<p>{p}</p>" for p in ARTICLE)
    return (
        '<html lang="ru"><head><meta charset="utf-8"><title>Мост через Урал</title></head><body>'
        f"<article><h1>Мост через Урал</h1><div class='text'>{before}{paragraphs}{after}</div>"
        "</article></body></html>"
    )


def body_of(html: str) -> str:
    return extract_article(html, "https://example.kz/news/most/",
                           datetime(2024, 5, 18, tzinfo=timezone.utc))["body"]


def test_the_links_a_body_ends_with_go_with_their_label() -> None:
    related = "".join(f'<p><a href="/news/{n}/">{title}</a></p>' for n, title in
                      enumerate(RELATED))
    html = around("", f"<p>Материалы по теме</p>{related}")
    assert body_of(html) == "\n\n".join(ARTICLE)


def test_furniture_at_either_end_goes() -> None:
    html = around(
        "<p>26 марта 2024, 14:30</p>",
        "<p>Подписывайтесь на наш канал в Telegram</p><p>© 2024 Пример. Все права защищены.</p>",
    )
    assert body_of(html) == "\n\n".join(ARTICLE)


def test_links_listed_under_a_cross_link_or_shouted_in_capitals_go() -> None:
    listed = f'<p>Читайте также:</p><p><a href="/news/1/">{RELATED[0]}</a></p>'
    shouted = '<p><a href="/news/2/">МОСТ ЧЕРЕЗ ИРТЫШ ОТКРОЮТ В СЕНТЯБРЕ</a></p>'
    paragraphs = "".join(f"<p>{p}</p>" for p in ARTICLE)
    html = around("", "").replace(paragraphs, (
        f"<p>{ARTICLE[0]}</p>{listed}<p>{ARTICLE[1]}</p>{shouted}<p>{ARTICLE[2]}</p>"
    ))
    assert body_of(html) == "\n\n".join(ARTICLE)


def test_a_body_that_ends_with_its_own_short_lines_keeps_them() -> None:
    ending = ["Мост открыт с 7:00 до 23:00", f'<a href="/news/1/">{RELATED[0]}</a> — об этом '
              "мы писали в марте"]
    html = around("", "".join(f"<p>{p}</p>" for p in ending))
    assert body_of(html).endswith(
        f"Мост открыт с 7:00 до 23:00\n\n{RELATED[0]} — об этом мы писали в марте"
    )
