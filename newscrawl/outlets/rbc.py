"""RBC (rbc.ru): Russian business news, Moscow; its RSS is served from rssexport.rbc.ru.

Sources (tags as in the shared OUTLETS.md):
- feed ``https://rssexport.rbc.ru/rbcnews/news/30/full.rss``:
  R:kovidgoyal/calibre:recipes/rbc_ru.recipe (``/90/`` holds more items:
  R:temaptz/ticker-analysis:lib/news/parsers/rbc.py); body
  ``.article__text``: R:dengaletin/api.fnk:api/components/parser/AbstractParser.php@f8fc4a3;
- article URLs ``/<section>/DD/MM/YYYY/<24 hex>`` and markup (microdata ``NewsArticle`` on
  ``div.js-rbcslider-slide``, ``time.article__header__date`` with ``itemprop=datePublished``,
  ``h1.article__header__title-in``, ``div.article__text__overview`` lead,
  ``div.article__text_free`` body with ``article__main-image`` captions, ``pro-anons`` and
  ``article__inline-item`` "read also" blocks, ``fox-tail`` ad slots, authors and tags tabs):
  OBS:realpages/rbc.ru__economics-03-07-2023-649ea4cc.html;
- the section of an article URL's first path segment, named as the saved page's menu names it
  (OBS: realpages/rbc.ru__economics-03-07-2023-649ea4cc; its ``articleSection`` there is
  "Экономика" too); ``rbcfreenews`` is no section;
- short news at ``/rbcfreenews/<24 hex>`` and feed links tagged ``?from=newsfeed``: public
  feed-parser tests (U:38073132717, U:31804748729);
- the Google News sitemap ``/google-news-sitemap.xml`` and an anti-bot redirect on the home
  page: U:71609103845 (one third-party note), so unconfirmed.
Unconfirmed: that robots.txt names that sitemap, the visible date with a year ("27 мар 2024,
14:05"; the saved page shows "03 июл, 00:25" for the current year), and section pages
paginating with ``?page=N`` (the live site loads more with a script).
"""

from __future__ import annotations

from newscrawl.core.profile import OutletProfile, Selectors

PROFILE = OutletProfile(
    name="rbc",
    title="РБК",
    country="RU",
    hosts=("www.rbc.ru", "rbc.ru", "rssexport.rbc.ru"),
    languages=("ru",),
    timezone="Europe/Moscow",
    article_url=(
        r"^https://(?:www\.)?rbc\.ru/(?:[a-z_]+/\d{2}/\d{2}/\d{4}|rbcfreenews)/[0-9a-f]{24}$"
    ),
    sitemaps=("https://www.rbc.ru/robots.txt",),
    feeds=("https://rssexport.rbc.ru/rbcnews/news/30/full.rss",),
    listings=("https://www.rbc.ru/economics/",),
    tracking_parameters=("from",),
    sections={
        "politics": "Политика",
        "economics": "Экономика",
        "finances": "Финансы",
        "business": "Бизнес",
        "technology_and_media": "Технологии и медиа",
    },
    selectors=Selectors(
        title="h1.article__header__title-in",
        lead=".article__text__overview",
        date=".article__header__date",
        authors=".article__authors__author__name",
        section="a.article__header__category",
        tags=".article__tags__item",
        drop=(
            ".article__header",
            ".article__main-image",
            ".article__picture",
            ".article__inline-item",
            ".article__tabs-wrapper",
            ".pro-anons",
            ".fox-tail",
            ".social-networks",
            ".article__subscribe",
            ".banner__container__link",
        ),
    ),
)
