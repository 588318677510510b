"""Vlast.kz: Kazakhstan political and economic news and analysis, Russian.

Sources (tags as in the shared OUTLETS.md):
- Article URLs ``https://vlast.kz/novosti/<id>-<slug>…`` (R:arystan01/news_parser
  vlast_parser.ipynb, 2025; the notebook output truncates the URL after the slug). The
  ``.html`` ending used here is unconfirmed.
- Article markup (same notebook, Selenium): title ``h1``; date
  ``ul.meta.item-expand-meta time.news-date.js-date-long``; views in the same list
  (``.icon--view-gray``).
- Site search ``/search/?query=`` (U:71609103845) is not used for discovery.
- Unconfirmed (modelled, not seen): the sitemap named in robots.txt, the listing
  ``/novosti/`` and its ``?page=2``, the body ``.item-expand-text``, the author
  ``.item-expand-author``, the tag and share blocks, and the visible date format.
"""

from __future__ import annotations

from newscrawl.outlets.base import OutletProfile, Selectors

PROFILE = OutletProfile(
    name="vlast",
    title="Vlast.kz",
    country="KZ",
    hosts=("vlast.kz", "www.vlast.kz"),
    languages=("ru",),
    timezone="Asia/Almaty",
    article_url=r"^https://vlast\.kz/[a-z_-]+/\d+-[a-z0-9-]+\.html$",
    sitemaps=("https://vlast.kz/robots.txt",),
    listings=("https://vlast.kz/novosti/",),
    selectors=Selectors(
        title=".item-expand h1",
        date="ul.item-expand-meta time.news-date",
        authors=".item-expand-author a",
        section=".item-expand-rubric a",
        tags=".item-expand-tags a",
        drop=(
            "ul.item-expand-meta",
            ".item-expand-author",
            ".donate-inline",
            ".item-expand-tags",
            ".item-expand-share",
            ".news-aside",
        ),
    ),
)
