"""Extraction rules on small hand-written pages (the snapshots cover whole outlets)."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from newscrawl.extract.article import NotAnArticle, content_hash, extract_article
from newscrawl.outlets import get_outlet

FETCHED_AT = datetime.fromisoformat("2024-03-28T09:00:00+00:00")
PARAGRAPHS = [
    "Акимат Астаны сообщил о завершении ремонта дорог на левом берегу, передает Aqnews.kz. "
    "Работы шли с начала весны и затронули двенадцать улиц в трех районах столицы.",
    "По словам заместителя акима, подрядчики уложили новый асфальт, заменили бордюры и "
    "обновили разметку. Отдельное внимание уделили пешеходным переходам возле школ.",
    "«Мы просим водителей соблюдать скоростной режим на обновленных участках», — сказал он. "
    "Следующий этап ремонта намечен на лето и коснется окраин города.",
]


def page(head: str = "", body_extra: str = "", lang: str = "ru") -> str:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>Ремонт дорог завершили - Сайт</title>{head}</head><body>"
        '<nav><a href="/">Главная</a> <a href="/news/">Новости</a></nav>'
        f"<article><h1>Ремонт дорог завершили</h1>{body}{body_extra}</article>"
        "<footer>© 2024 Пример. Все права защищены.</footer></body></html>"
    )


def json_ld(data: dict[str, object]) -> str:
    return f'<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>'


def test_generic_page_without_dates_keeps_null_and_never_the_footer_year() -> None:
    article = extract_article(page(), "https://example.kz/news/1/", FETCHED_AT)
    assert article["published_at"] is None
    assert article["title"] == "Ремонт дорог завершили"
    assert article["body"] == "\n\n".join(PARAGRAPHS)
    assert article["language"] == "ru"
    assert article["outlet"] == "example.kz"
    assert article["content_hash"] == content_hash("\n\n".join(PARAGRAPHS))


def test_json_ld_graph_gives_exact_facts() -> None:
    data = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "name": "Пример"},
            {
                "@type": ["NewsArticle"],
                "headline": "Ремонт дорог в Астане завершили",
                "datePublished": "2024-03-25T14:30:00+05:00",
                "dateModified": "2024-03-25T16:00:00",
                "author": [{"@type": "Person", "name": "Айгерим Нурланова"},
                           {"@type": "Organization", "name": "Пример"}],
                "articleSection": ["Общество"],
                "keywords": "Астана, дороги, ремонт",
                "image": {"@type": "ImageObject", "url": "/img/1.jpg"},
            },
        ],
    }
    article = extract_article(page(json_ld(data)), "https://example.kz/news/1/", FETCHED_AT)
    assert article["title"] == "Ремонт дорог в Астане завершили"
    assert article["published_at"] == "2024-03-25T14:30:00+05:00"
    assert article["modified_at"] == "2024-03-25T16:00:00+05:00"
    assert article["authors"] == ["Айгерим Нурланова"]
    assert article["section"] == "Общество"
    assert article["tags"] == ["Астана", "дороги", "ремонт"]
    assert article["image_url"] == "https://example.kz/img/1.jpg"


def test_meta_published_time_and_microdata() -> None:
    head = '<meta property="article:published_time" content="2023-07-04T17:51:57+03:00">'
    article = extract_article(page(head), "https://example.ru/news/1/", FETCHED_AT)
    assert article["published_at"] == "2023-07-04T17:51:57+03:00"
    micro = '<time itemprop="datePublished" datetime="2023-07-03T00:25:59+03:00">03 июл</time>'
    article = extract_article(page(body_extra=micro), "https://example.ru/n/2/", FETCHED_AT)
    assert article["published_at"] == "2023-07-03T00:25:59+03:00"


def test_canonical_link_is_honoured_on_the_same_site_only() -> None:
    own = '<link rel="canonical" href="/news/1/?utm_source=x">'
    article = extract_article(page(own), "https://www.example.kz/amp/news/1/", FETCHED_AT)
    assert article["canonical_url"] == "https://www.example.kz/news/1/"
    foreign = '<link rel="canonical" href="https://other.kz/copied/">'
    article = extract_article(page(foreign), "https://example.kz/news/1/", FETCHED_AT)
    assert article["canonical_url"] == "https://example.kz/news/1/"


def test_byline_label_and_photo_credits_are_removed() -> None:
    extra = "<p>Фото: пресс-служба акимата</p>"
    head = '<meta name="author" content="Автор: Иван Петров и Асель Серикова">'
    article = extract_article(page(head, extra), "https://example.kz/news/1/", FETCHED_AT)
    assert article["authors"] == ["Иван Петров", "Асель Серикова"]
    assert "Фото:" not in article["body"]


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        (page('<meta property="og:type" content="video.other">'), "not_article_type"),
        ("<html><body><h1>Видео дня</h1><p>Короткая подпись.</p></body></html>", "too_short"),
        ("", "empty"),
        (" \n ", "empty"),
    ],
)
def test_non_articles_are_refused_with_a_reason(html: str, reason: str) -> None:
    with pytest.raises(NotAnArticle) as refusal:
        extract_article(html, "https://example.kz/video/1/", FETCHED_AT)
    assert refusal.value.reason == reason


def test_profile_zone_applies_to_naive_timestamps() -> None:
    data = {"@type": "NewsArticle", "headline": "Заголовок", "datePublished": "2024-02-20T10:00:00"}
    article = extract_article(
        page(json_ld(data)), "https://aqnews.kz/ru/x/123456-a/", FETCHED_AT, get_outlet("aqnews")
    )
    assert article["published_at"] == "2024-02-20T10:00:00+06:00"
