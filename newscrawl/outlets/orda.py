"""Orda.kz: independent Kazakhstan outlet in Russian, with an English edition at en.orda.kz.

Sources (tags as in the shared OUTLETS.md; U:<id> is an unnamed public file):
- Article URLs are a slug at the site root with a trailing slash and no id:
  ``https://orda.kz/podzabytye-maslihaty-komu-oni-nuzhny-ichem-zanimayutsya/`` (cited in a
  2024 paper, U:56938086857); a test elsewhere probes ``https://orda.kz/maybe-valid/``
  (U:66412390328). Section and service pages (``/last-news/``, ``/about/``) are also one
  root segment, so the pattern asks for a slug of at least three words.
- Images under ``/uploads/sites/2/YYYY/MM/``, a WordPress multisite layout (U:26322268419).
- Listing ``/last-news/`` (U:3163973077); feed cards ``.main-feed-item``,
  ``a.main-feed-title`` (U:249437756).
- English edition ``https://en.orda.kz`` (U:66447459347, U:66525709325); site search is a
  Google CSE page ``/search-results.html`` (U:71609103845).
Unconfirmed, modelled on a WordPress site with Yoast SEO: robots.txt naming
``/sitemap_index.xml``, the ``/feed/`` RSS on both hosts, ``/last-news/page/N/`` paging,
and the article classes (``h1.entry-title``, ``.entry-meta``, ``.entry-lead``,
``.entry-content``). R:sailybaev/NewsParser:parsers.py only guesses ``/posts/`` or
``/\\d{4}/`` links, which the URLs above contradict.
"""

from __future__ import annotations

from newscrawl.core.profile import OutletProfile, Selectors

PROFILE = OutletProfile(
    name="orda",
    title="Orda.kz",
    country="KZ",
    hosts=("orda.kz", "www.orda.kz", "en.orda.kz"),
    languages=("ru", "en"),
    timezone="Asia/Almaty",
    article_url=r"^https://(?:www\.|en\.)?orda\.kz/(?:[a-z0-9]+-){2,}[a-z0-9]+/$",
    sitemaps=("https://orda.kz/robots.txt",),
    feeds=("https://orda.kz/feed/", "https://en.orda.kz/feed/"),
    listings=("https://orda.kz/last-news/",),
    next_page="a.next.page-numbers::attr(href)",
    selectors=Selectors(
        title="h1.entry-title",
        lead=".entry-lead",
        date=".entry-meta .posted-on",
        authors=".entry-meta .byline a",
        section=".post-categories a",
        tags=".tags-links a",
        drop=(
            ".entry-meta",
            ".post-categories",
            ".read-also-inline",
            ".entry-footer",
            ".donate-block",
            ".related-posts",
            ".comments-area",
            ".ad-slot",
        ),
    ),
)
