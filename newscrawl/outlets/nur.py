"""NUR.KZ: Kazakhstan news portal, Russian (``www.``) and Kazakh (``kaz.``).

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
- Kazakh edition ``https://kaz.nur.kz/`` with its articles on the same host (U:60814890064),
  feed ``https://kaz.nur.kz/rss/all.rss`` (U:60788201000; another file names ``/rss/all.xml``),
  listings paged as ``?page=N`` (``kaz.nur.kz/latest/?page=N``, U:13334198073;
  ``kaz.nur.kz/society/?page=N``, U:16716292914); the 2024 page has a
  ``page__top-placeholder--kaz`` style (OBS). Kazakh article URLs are assumed to mirror the
  Russian ones: unconfirmed.
- Unconfirmed: the visible date format and the "read also", subscription and share block
  classes. One source (U:71609103845) says the sitemaps are frozen, so none is used.
"""

from __future__ import annotations

from newscrawl.core.profile import OutletProfile, Selectors

PROFILE = OutletProfile(
    name="nur",
    title="NUR.KZ",
    country="KZ",
    hosts=("www.nur.kz", "kaz.nur.kz", "nur.kz"),
    languages=("ru", "kk"),
    timezone="Asia/Almaty",
    article_url=r"^https://(?:www|kaz)\.nur\.kz/[a-z-]+/[a-z-]+/\d{7}-[a-z0-9-]+/$",
    feeds=("https://www.nur.kz/rss/all.rss", "https://kaz.nur.kz/rss/all.rss"),
    listings=("https://www.nur.kz/latest/", "https://kaz.nur.kz/latest/"),
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
