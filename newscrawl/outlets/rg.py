"""Rossiyskaya Gazeta (rg.ru): Russian government daily, Moscow.

Sources (``U:<id>`` is a public file whose repository is not named; trust it less):
- feeds ``https://rg.ru/xml/index.xml`` and ``/xml/rubrics/ekonomika.xml``:
  R:temaptz/ticker-analysis:lib/news/parsers/rg.py;
- sitemap index ``https://rg.ru/sitemaps/index.xml`` whose children are the same URL with
  ``?date_start=<unix>&date_end=<unix>``; article URLs ``/YYYY/MM/DD/<slug>.html``, official
  documents under ``/documents/YYYY/MM/DD/``, regional editions ``/YYYY/MM/DD/reg-<district>/``;
  JSON-LD NewsArticle with ``headline``, ``datePublished``, ``articleSection``, ``articleBody``:
  U:70496651776, U:11006478415, U:61442111092;
- listing ``https://rg.ru/news.html``; markup of the Next.js site (CSS-module classes, matched
  here by prefix since their hash suffix changes with each build): title
  ``h1.PageArticleCommonTitle_title__…``, body ``div.PageContentCommonStyling_text__… p`` without
  ``rg-incut``, ``figure`` and the likes bar, date ``div.ContentMetaDefault_date__…`` as
  "27.03.2024 14:05" (Moscow), tags ``.EditorialTags_tag__…`` written with "#", rubric links
  ``LinksOfRubric_item``: U:2552487665, U:11006478415.
Unconfirmed: the lead and author markup, how ``/news.html`` paginates (``?page=N`` here), and
that a regional copy declares the federal URL as canonical.
"""

from __future__ import annotations

from newscrawl.core.profile import OutletProfile, Selectors

PROFILE = OutletProfile(
    name="rg",
    title="Российская газета",
    country="RU",
    hosts=("rg.ru", "www.rg.ru"),
    languages=("ru",),
    timezone="Europe/Moscow",
    article_url=(
        r"^https://(?:www\.)?rg\.ru/(?:documents/)?\d{4}/\d{2}/\d{2}/"
        r"(?:reg-[a-z]+/)?[a-z0-9-]+\.html$"
    ),
    sitemaps=("https://rg.ru/sitemaps/index.xml",),
    feeds=("https://rg.ru/xml/index.xml",),
    listings=("https://rg.ru/news.html",),
    selectors=Selectors(
        title="h1[class*='PageArticleCommonTitle_title']",
        lead="[class*='PageArticleCommonTitle_lead']",
        date="[class*='ContentMetaDefault_date']",
        authors="[class*='PageArticleCommonAuthors_name']",
        section="[class*='LinksOfRubric_item']",
        tags="[class*='EditorialTags_tag_']",
        drop=(
            "rg-incut",
            "figure",
            "[class*='Likes_wrapper']",
            "[class*='ContentMetaDefault_root']",
            "[class*='PageArticleContent_relationBottom']",
            "[class*='EditorialTags_tags']",
            "[class*='ReadMore_root']",
            "[class*='Subscribe_root']",
            "[class*='Banner_root']",
        ),
    ),
)
