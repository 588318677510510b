"""NUR.KZ: Kazakhstan news portal, Russian.

Sources (tags as in the shared OUTLETS.md):
- Article URLs ``https://www.nur.kz/<section>/<subsection>/<7-digit id>-<slug>/``
  (R:Greemq/ainews mysql-dump.sql, 2025; R:Arystanbek360/Thesis show.blade.php, 2024).
- Feed ``https://www.nur.kz/rss/all.rss``: read by a PHP widget
  (R:malikaarabbay/kazglobal frontend/views/news/_item.php; date of that code unknown).
  ``/rss/`` appears only in a list that looks guessed and is not used.
- Listing ``https://www.nur.kz/latest/`` with cards ``article.article-card``,
  ``a.article-card__title``, ``time.article-card__date``
  (R:Greemq/ainews src/parsers/nur_parser.py).
- Article markup (saved 2024 page, R:Arystanbek360/Thesis): ``h1.main-headline``,
  ``time.datetime.datetime--publication``, ``div.formatted-body`` with
  ``p.formatted-body__paragraph``, ``address.author-item p.author-item__link``,
  ``article:published_time`` / ``article:tag`` / ``article:section`` meta (+05:00).
- Unconfirmed: the listing's second page (``/latest/?page=2``), the visible date format, the
  "read also", subscription and share block classes, and a Kazakh edition (the 2024 page has a
  ``page__top-placeholder--kaz`` style but no Kazakh URL was found). One source (U:71609103845)
  says the sitemaps are frozen, so none is used.
"""

from __future__ import annotations

from newscrawl.outlets.base import OutletProfile, Selectors

PROFILE = OutletProfile(
    name="nur",
    title="NUR.KZ",
    country="KZ",
    hosts=("www.nur.kz", "nur.kz"),
    languages=("ru",),
    timezone="Asia/Almaty",
    article_url=r"^https://www\.nur\.kz/[a-z-]+/[a-z-]+/\d{7}-[a-z0-9-]+/$",
    feeds=("https://www.nur.kz/rss/all.rss",),
    listings=("https://www.nur.kz/latest/",),
    selectors=Selectors(
        title="h1.main-headline",
        date="time.datetime--publication",
        authors="address.author-item .author-item__link",
        section=".breadcrumbs .breadcrumbs-item:last-child",
        tags=".tags a",
        drop=(
            ".article__meta",
            ".read-more-block",
            "address.author-item",
            ".tags",
            ".social-subscribe",
            ".share-buttons",
            ".comments",
            ".block-top-latest",
            ".banner-place",
        ),
    ),
)
