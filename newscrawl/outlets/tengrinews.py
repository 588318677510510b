"""Tengrinews.kz: Kazakhstan's largest news portal, Russian (root) and Kazakh (``kaz.``).

Sources (tags as in the shared OUTLETS.md):
- Feed ``https://tengrinews.kz/news.rss``: read by a working aggregator (R:Greemq/ainews,
  mysql-dump.sql, 2025). ``/rss/`` and ``/rss/all.xml`` appear only in unnamed lists (one of
  them, U:68786594838, reports ``/rss/`` answering HTTP 500) and are not used. The Kazakh feed
  ``https://kaz.tengrinews.kz/news.rss`` is in two unnamed files (U:42543434746,
  U:71581108168): unconfirmed.
- Article URLs ``/<section>/<slug>-<id>/`` with sections such as ``kazakhstan_news``,
  ``world_news``, ``crime``, ``sport`` (R:HiggsBoson8/Parsing_Tengrinews; R:Greemq/ainews;
  R:yelzha/tengrinews-open-project).
- Listing ``/news/`` paginated as ``/news/page/N/``, items ``div.content_main_item``; the
  "next" arrow is the last ``li.page-item`` of ``ul.pagination`` and has no ``rel="next"``
  (OBS: realpages/listings/tengrinews.kz__news_listing_2024-10).
- The Kazakh edition ``kaz.tengrinews.kz`` is linked from the real page's language menu
  (OBS, same listing); unnamed scrapers page through ``kaz.tengrinews.kz/news/page/N/``
  (U:7440787660, U:34070599774) and name articles like
  ``/kazakhstan_news/<slug>-<id>/`` (U:38172415052, U:59582709209).
- Article markup: title ``h1.head-single``; date in ``ol.breadCrumb-ls.date-time li:last-child
  span`` (R:arystan01/news_parser, 2025); body ``div.content_main_text`` whose last ``<p>`` is
  not article text, and tags ``div.content_main_text_tags`` (R:yelzha, 2024). The visible date
  format ("26 марта 2024 11:40"), the author block and the photo-credit class are unconfirmed.
- No sitemap is known (none found in any source).
"""

from __future__ import annotations

from newscrawl.core.profile import OutletProfile, Selectors

PROFILE = OutletProfile(
    name="tengrinews",
    title="Tengrinews.kz",
    country="KZ",
    hosts=("tengrinews.kz", "kaz.tengrinews.kz"),
    languages=("ru", "kk"),
    timezone="Asia/Almaty",
    article_url=r"^https://(?:kaz\.)?tengrinews\.kz/[a-z_]+/[a-z0-9-]+-\d+/$",
    feeds=("https://tengrinews.kz/news.rss", "https://kaz.tengrinews.kz/news.rss"),
    listings=("https://tengrinews.kz/news/", "https://kaz.tengrinews.kz/news/"),
    next_page="ul.pagination li.page-item:last-child a.page-link::attr(href)",
    selectors=Selectors(
        title="h1.head-single",
        date="ol.breadCrumb-ls.date-time li:last-child span",
        authors=".content_main_meta_author span",
        section="ol.breadCrumb-ls.date-time li:first-child a",
        tags=".content_main_text_tags a",
        drop=(
            ".content_main_text > p:last-of-type",
            ".content_main_text_tags",
            ".content_main_thumb",
            ".content_main_meta",
            "ol.breadCrumb-ls",
            ".content_main_share",
            ".content_main_read-also",
            ".tn-comments",
            ".content_side",
        ),
    ),
)
