"""Egemen Qazaqstan (egemen.kz): the Kazakh-language national newspaper.

Sources (tags as in the shared OUTLETS.md; U:<id> is an unnamed public file):
- RSS ``https://egemen.kz/rss`` in two aggregators' source lists (U:56527532364,
  U:58504496883, the latter marking it native Kazakh).
- Article URLs ``https://egemen.kz/article/<id>-<slug>`` with no extension or trailing
  slash (U:31601744097); photos under ``/article_photo/<timestamp>_article_b.jpeg``
  (U:16313320026, U:11326368146).
- Listing ``https://egemen.kz/last-news?page={n}``; title ``h1.responsive_title``, date
  ``span.text-grey``, body ``div.main-news.padding-80`` (U:38073669430).
- Laravel site, since migrated to NestJS/Next.js (U:49040840423); the site search is a
  JS shell, ``/search?q=`` (U:71609103845).
Unconfirmed, modelled: robots.txt naming a flat sitemap, the lead, byline, breadcrumb,
tag and "Тағы оқыңыз" (read also) blocks, and the visible date format
"25 Наурыз, 2024 10:30". Everything the outlet publishes is in Kazakh.
"""

from __future__ import annotations

from newscrawl.core.profile import OutletProfile, Selectors

PROFILE = OutletProfile(
    name="egemen",
    title="Egemen Qazaqstan",
    country="KZ",
    hosts=("egemen.kz", "www.egemen.kz"),
    languages=("kk",),
    timezone="Asia/Almaty",
    article_url=r"^https://(?:www\.)?egemen\.kz/article/\d+-[a-z0-9-]+$",
    sitemaps=("https://egemen.kz/robots.txt",),
    feeds=("https://egemen.kz/rss",),
    listings=("https://egemen.kz/last-news",),
    selectors=Selectors(
        title="h1.responsive_title",
        lead=".main-news .news-lead",
        date=".news-info span.text-grey:first-child",
        authors=".author-block .author-name",
        section=".breadcrumb a:last-child",
        tags=".tags a",
        drop=(
            ".news-info",
            ".news-image",
            ".photo-caption",
            ".read-also",
            ".author-block",
            ".tags",
            ".share-block",
            ".subscribe-block",
            ".comments-block",
        ),
    ),
)
