"""Zakon.kz: Kazakhstan news and legal portal, Russian (``www.``) and Kazakh (``kaz.``).

Sources (tags as in the shared OUTLETS.md):
- Article URLs ``https://www.zakon.kz/<section>/<7-digit id>-<slug>.html``, e.g.
  ``/ekonomika-biznes/…`` and ``/finansy/…`` (R:Greemq/ainews, mysql-dump.sql, 2025).
- Listing ``https://www.zakon.kz/news/`` (Greemq ``sources`` row) with cards
  ``a.newscard_link`` > ``.newscard__title``, ``.newscard__date`` and a date text like
  "13:51, 15 августа 2025" (R:Greemq/ainews src/parsers/zakon_parser.py); article body
  ``.description, .content`` (same parser): here ``.description`` is the lead.
- Kazakh edition ``https://kaz.zakon.kz/`` with links under ``/news/`` (R:sailybaev/NewsParser,
  config.py, a guess there). Its article URLs are assumed to mirror the Russian ones: unconfirmed.
- Feed ``https://www.zakon.kz/rss/``: unnamed lists only, unconfirmed.
- Unconfirmed: the listing's second page (``/news/?p=2``; the site loads more news through
  ``?handler=LoadMoreNews&p=N``, U:71609103845), the title/date/author classes
  (``.articleHeader h1``, ``.date``, ``.author__name``), and that an article can be reached
  under a second section with ``rel=canonical`` to the first.
"""

from __future__ import annotations

from newscrawl.core.profile import OutletProfile, Selectors

PROFILE = OutletProfile(
    name="zakon",
    title="Zakon.kz",
    country="KZ",
    hosts=("www.zakon.kz", "kaz.zakon.kz", "zakon.kz"),
    languages=("ru", "kk"),
    timezone="Asia/Almaty",
    article_url=r"^https://(?:www|kaz)\.zakon\.kz/[a-z-]+/\d{7}-[a-z0-9-]+\.html$",
    feeds=("https://www.zakon.kz/rss/",),
    listings=("https://www.zakon.kz/news/", "https://kaz.zakon.kz/news/"),
    selectors=Selectors(
        title=".articleHeader h1",
        lead=".description",
        date=".articleHeader .date",
        authors=".author__name",
        section=".breadcrumbs__section",
        tags=".tags a",
        drop=(
            ".articleHeader",
            ".read-also",
            ".subscribe",
            ".tags",
            ".share",
            ".comments",
            ".news-more",
        ),
    ),
)
