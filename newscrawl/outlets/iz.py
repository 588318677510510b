"""Izvestia (iz.ru): Russian daily, Moscow.

Sources (``U:<id>`` is a public file whose repository is not named; trust it less):
- feed ``https://iz.ru/xml/rss/all.xml``: R:kovidgoyal/calibre:recipes/izvestia.recipe, which keeps
  ``div[role=article]`` and drops ``.article_page__left__top__views``, ``.hash_tags`` and
  ``.share_bottom2``; images lazy-loaded through ``img[data-src]``;
- sitemap index ``https://iz.ru/sitemap.xml`` with children ``/export/sitemap/<n>/xml`` and the
  newest ``/export/sitemap/last/xml``: U:70496651776, U:182304013, U:10934361246;
- article URLs ``/<id>/<YYYY-MM-DD>/<slug>``, video pages ``/<id>/video/<slug>``: the iz.ru
  extractor of a public video downloader (U:43397575796); author columns
  ``/<id>/<author-slug>/<slug>`` and ``/news/<id>``: U:16672512252, U:70496651776;
- markup: title ``h1[itemprop=headline]``, body ``div.text-article__inside
  div[itemprop=articleBody] p``, lead ``div[itemprop=description]``, date in
  ``.article_page__left__top__time__label time``, photo ``.big_photo__img``: U:16672512252,
  U:36791800867, U:28186790431, U:70496651776; listing ``https://iz.ru/news`` whose links carry
  ``?main_click``: U:40737247293.
Unconfirmed: that ``/news/<id>`` serves the article with rel=canonical (not a redirect), the
author block's markup, the visible date format "27 марта 2024, 14:05", and Drupal-style
``?page=1`` for the second listing page; the home page answers 403 to bots (U:71609103845),
so the profile starts from the sitemap and the feed.
"""

from __future__ import annotations

from newscrawl.core.profile import OutletProfile, Selectors

PROFILE = OutletProfile(
    name="iz",
    title="Известия",
    country="RU",
    hosts=("iz.ru", "www.iz.ru"),
    languages=("ru",),
    timezone="Europe/Moscow",
    article_url=r"^https://(?:www\.)?iz\.ru/(?:news/\d+|\d+/[a-z0-9-]+/[a-z0-9-]+)$",
    sitemaps=("https://iz.ru/sitemap.xml",),
    feeds=("https://iz.ru/xml/rss/all.xml",),
    listings=("https://iz.ru/news",),
    tracking_parameters=("main_click",),
    selectors=Selectors(
        title='h1[itemprop="headline"]',
        lead='.text-article__inside div[itemprop="description"]',
        date=".article_page__left__top__time__label time",
        authors=".article_page__left__top__author__name",
        section=".rubrics_btn a",
        tags=".hash_tags a",
        drop=(
            ".article_page__left__top",
            ".article_page__left__top__views",
            ".hash_tags",
            ".share_bottom2",
            ".text-article__disclaimer",
            ".big_photo",
            ".more-news",
            ".subscribe_block",
            ".comments-block",
            ".banner",
        ),
    ),
)
