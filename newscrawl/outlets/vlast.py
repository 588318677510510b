"""Vlast.kz: Kazakhstan political and economic news and analysis, Russian, with a Kazakh
section (``/vlas-qazaqsha/``).

Sources (tags as in the shared OUTLETS.md):
- Article URLs ``https://vlast.kz/novosti/<id>-<slug>.html`` (R:arystan01/news_parser
  vlast_parser.ipynb, 2025, truncated there; the ``.html`` ending is in U:70775075646,
  U:70232982616). Other sections (``/politika/``, ``/obsshestvo/``, ``/regiony/``,
  ``/vlas-qazaqsha/``) are named in a Scrapy spider's deny list (U:8193646741); no article URL
  of theirs was seen. Kazakh articles are modelled under ``/vlas-qazaqsha/`` with the same URL
  shape and markup: unconfirmed.
- Article markup: date ``ul.meta.item-expand-meta time.news-date.js-date-long``, views
  ``.icon--view-gray`` (arystan01, Selenium); title ``li.has-title h1`` and body
  ``div.default-item-in.js-editor.js-mediator-article`` (U:8193646741).
- Listing ``https://vlast.kz/novosti/`` (U:37315937869, U:249437756; the spider U:8193646741
  starts from ``/novosti/0`` … ``/novosti/3``, so the page scheme is unclear).
- Site search ``/search/?query=`` (U:71609103845) is not used for discovery.
- Unconfirmed (modelled, not seen): the sitemap named in robots.txt, the second listing page
  ``/novosti/?page=2``, the author ``.item-expand-author``, the tag and share blocks, and the
  visible date format.
"""

from __future__ import annotations

from newscrawl.core.profile import OutletProfile, Selectors

PROFILE = OutletProfile(
    name="vlast",
    title="Vlast.kz",
    country="KZ",
    hosts=("vlast.kz", "www.vlast.kz"),
    languages=("ru", "kk"),
    timezone="Asia/Almaty",
    article_url=r"^https://vlast\.kz/[a-z_-]+/\d+-[a-z0-9-]+\.html$",
    sitemaps=("https://vlast.kz/robots.txt",),
    listings=("https://vlast.kz/novosti/",),
    selectors=Selectors(
        title="li.has-title h1",
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
