"""Azattyq (RFE/RL's Kazakh service): Kazakh at www.azattyq.org, Russian at rus.azattyq.org.

Sources (tags as in the shared OUTLETS.md):
- Both hosts are one Pangea CMS site per language: www. is Kazakh, rus. is Russian
  (Zotero translator "Radio Free Europe / Radio Liberty", U:1096931413; OUTLETS.md).
- Article URLs ``/a/<slug>/<8 digits>.html`` and the short alias ``/a/<8 digits>.html``
  (R:sailybaev/NewsParser:data/seen_urls.json); a scraper rebuilds ``/a/<id>.html`` from
  the listing's ``data-article-id`` (U:17249870516).
- Russian RSS through ``/api/<zone>``: ``/api/zrqomeuuo_`` (U:37274340965, U:37368272067).
- Listings: Kazakh ``/z/330`` (R:sailybaev/NewsParser:config.py); Russian ``/z/360?p=N``
  (U:17249870516).
- Markup: ``h1.title.pg-title``, body in ``div#article-content``, lead in ``div.intro``
  (U:17249870516).
Unconfirmed, modelled on Pangea's usual layout: robots.txt naming a sitemap index with a
news sitemap; the Kazakh zone feed code (none was found, so the Kazakh side is discovered
by sitemap and listing only); ``?p=N`` paging on the Kazakh listing behind a "load more"
link; the byline, date and "read also" embed classes. U:71609103845 reports the site as
unreachable from Kazakh IP addresses.
"""

from __future__ import annotations

from newscrawl.core.profile import OutletProfile, Selectors

PROFILE = OutletProfile(
    name="azattyq",
    title="Azattyq (RFE/RL)",
    country="KZ",
    hosts=("www.azattyq.org", "rus.azattyq.org"),
    languages=("kk", "ru"),
    timezone="Asia/Almaty",
    article_url=r"^https://(?:www|rus)\.azattyq\.org/a/(?:[a-z0-9-]+/)?\d{8}\.html$",
    sitemaps=("https://www.azattyq.org/robots.txt", "https://rus.azattyq.org/robots.txt"),
    feeds=("https://rus.azattyq.org/api/zrqomeuuo_",),
    listings=("https://www.azattyq.org/z/330", "https://rus.azattyq.org/z/360"),
    next_page="a.link-showMore::attr(href)",
    selectors=Selectors(
        title="h1.pg-title",
        lead=".intro",
        date=".publishing-details .published time",
        authors=".publishing-details .links__item-link",
        section=".category a",
        drop=(
            ".publishing-details",
            ".wsw__embed",
            ".sticky-share-container",
            ".embed-subscribe",
            ".media-block-wrap",
            ".comments",
            ".category",
        ),
    ),
)
