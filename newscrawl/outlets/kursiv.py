"""Kursiv (kz.kursiv.media): Kazakhstan business news on WordPress, Russian and English (``/en/``).

Sources (tags as in the shared OUTLETS.md; all of them unnamed files, so every fact here is
unconfirmed):
- WordPress: site search ``/?s=`` paged as ``/page/N/?s=`` (U:71609103845); feed
  ``https://kz.kursiv.media/feed/`` (U:58169599281, and feed lists U:68348810074,
  U:59304461959, U:71494865047, one of which, U:68786594838, marks it working).
- Article URLs ``https://kz.kursiv.media/YYYY-MM-DD/<slug>/`` and ``/en/YYYY-MM-DD/<slug>/``
  (U:40953262493, U:55091545957, U:70486809425, U:70232982616).
- English category listing ``/en/category/news/`` (U:60376648582); the Russian
  ``/category/news/`` with WordPress pagination ``/page/N/`` and ``a.next.page-numbers`` is
  modelled on it.
- Modelled on WordPress with Yoast SEO, not seen: robots.txt naming ``/sitemap_index.xml``,
  ``post-sitemap.xml``, the Yoast JSON-LD ``@graph``, and the theme's classes
  (``h1.post__title``, ``.post__lead``, ``time.post__date``, ``.post__author``).
- ``uz.kursiv.media`` is a separate Uzbek edition and is not covered.
"""

from __future__ import annotations

from newscrawl.core.profile import OutletProfile, Selectors

PROFILE = OutletProfile(
    name="kursiv",
    title="Kursiv (kz.kursiv.media)",
    country="KZ",
    hosts=("kz.kursiv.media",),
    languages=("ru", "en"),
    timezone="Asia/Almaty",
    article_url=r"^https://kz\.kursiv\.media/(?:en/)?\d{4}-\d{2}-\d{2}/[a-z0-9-]+/$",
    sitemaps=("https://kz.kursiv.media/robots.txt",),
    feeds=("https://kz.kursiv.media/feed/",),
    listings=("https://kz.kursiv.media/category/news/",),
    next_page="a.next.page-numbers::attr(href)",
    selectors=Selectors(
        title="h1.post__title",
        lead=".post__lead",
        date="time.post__date",
        authors=".post__author a",
        section=".post__category a",
        tags=".post__tags a[rel=tag]",
        drop=(
            ".post__meta",
            ".read-also-block",
            ".post__tags",
            ".post__subscribe",
            ".post__share",
            ".related-posts",
            ".adv",
        ),
    ),
)
