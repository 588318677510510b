"""Aqnews.kz: Kazakhstan news in Kazakh (site root) and Russian (``/ru/``).

Sources: no public scraper, feed list or saved page of aqnews.kz was found (shared
OUTLETS.md: "nothing found"), so every fact below is unconfirmed and modelled on the
outlet's Kazakhstan peers:
- numeric-id article URLs under a section, like tengrinews.kz (``/<section>/<slug>-<id>/``)
  and zakon.kz (``/<section>/<id>-<slug>.html``); here ``/<section>/<id>-<slug>/``;
- Kazakh at the root and Russian under ``/ru/``, like inform.kz's and informburo.kz's
  language sub-paths;
- a robots.txt that names a sitemap index with a Google News sitemap, like rbc.ru and
  kommersant.ru; RSS per language; a paginated "all news" listing (``?page=N``), like
  tengrinews.kz's ``/news/page/N/``.
Check these against the live site before a production crawl.
"""

from __future__ import annotations

from newscrawl.core.profile import OutletProfile, Selectors

PROFILE = OutletProfile(
    name="aqnews",
    title="Aqnews.kz",
    country="KZ",
    hosts=("aqnews.kz", "www.aqnews.kz"),
    languages=("ru", "kk"),
    timezone="Asia/Almaty",
    article_url=r"^https://(?:www\.)?aqnews\.kz/(?:ru/)?[a-z-]+/\d{6}-[a-z0-9-]+/$",
    sitemaps=("https://aqnews.kz/robots.txt",),
    feeds=("https://aqnews.kz/ru/rss.xml", "https://aqnews.kz/rss.xml"),
    listings=("https://aqnews.kz/ru/news/", "https://aqnews.kz/news/"),
    selectors=Selectors(
        title="h1.article__title",
        lead=".article__lead",
        date=".article__meta .article__date",
        authors=".article__meta .article__author",
        section=".breadcrumbs a:last-child",
        tags=".article__tags a",
        drop=(
            ".article__meta",
            ".read-also",
            ".share",
            ".subscribe-banner",
            ".article__subscribe",
            ".article__tags",
            "figcaption",
            ".related",
            ".comments",
        ),
    ),
    terms=(
        "Not checked: no copy of the site's terms of use was available. The texts are the "
        "outlet's copyright: use them for research (text and data mining), cite each "
        "article's URL, and do not republish full texts without the outlet's permission."
    ),
)
