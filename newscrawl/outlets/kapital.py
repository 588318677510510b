"""Kapital.kz: Kazakhstan's business news portal, in Russian.

Sources (tags as in the shared OUTLETS.md; U:<id> is an unnamed public file):
- Article URLs ``https://kapital.kz/<section>/<id>/<slug>.html`` (U:71567069541,
  U:69822789259); a Scrapy spider rebuilds them as ``/{category slug}/{id}/{slug}.html``
  from Next.js data, with sections economic, finance, business, tehnology,
  project/investments (U:51910723938).
- Next.js front end: ``__NEXT_DATA__`` with ``buildId`` and ``published_at`` in UTC;
  that spider cleans ``.social-share``, ``.tags``, ``.article__tags``, ``.adfox``,
  ``.banner``, ``.adv`` from the ``<article>`` (U:51910723938).
- Listing ``https://kapital.kz/news/period/today?page={n}`` with visible dates such as
  ``09.04.2026 · 15:37`` (U:53814182992).
Unconfirmed: the feed ``https://kapital.kz/rss`` (one aggregator list, U:58619722505;
``/feed`` is commented out in U:47110501714); whether robots.txt names a sitemap (none is
used here); the class names of title, lead, date and byline. The live article pages are
reported to need a browser (U:51910723938 renders them with Playwright); the snapshot
models the server-rendered HTML.
"""

from __future__ import annotations

from newscrawl.core.profile import OutletProfile, Selectors

PROFILE = OutletProfile(
    name="kapital",
    title="Kapital.kz",
    country="KZ",
    hosts=("kapital.kz", "www.kapital.kz"),
    languages=("ru",),
    timezone="Asia/Almaty",
    article_url=r"^https://(?:www\.)?kapital\.kz/[a-z]+/\d+/[a-z0-9-]+\.html$",
    feeds=("https://kapital.kz/rss",),
    listings=("https://kapital.kz/news/period/today",),
    selectors=Selectors(
        title="h1.article__title",
        lead=".article__lead",
        date=".article__meta .article__date",
        authors=".article__meta .article__author",
        section=".article__meta .article__category",
        tags=".article__tags a",
        drop=(
            ".article__meta",
            ".article__tags",
            ".social-share",
            ".article__subscribe",
            ".adfox",
            ".adv",
            ".read-more",
        ),
    ),
)
