"""Kazinform (inform.kz): the state news agency, Russian (``www.inform.kz/ru/``) and Kazakh
(``kaz.inform.kz``).

Sources (tags as in the shared OUTLETS.md):
- Article URLs: 2025 Russian ``https://www.inform.kz/ru/<slug>-<6 hex>`` (no trailing slash,
  R:Greemq/ainews mysql-dump.sql); 2025–26 Kazakh ``https://kaz.inform.kz/news/<slug>-<6 hex>/``
  (R:sailybaev/NewsParser data/seen_urls.json; an 8-hex id also occurs, U:69646640097); 2020
  ``https://www.inform.kz/ru/<slug>_a<id>`` (OBS: realpages/inform.kz__ru-a3725092). All are
  matched.
- Listing ``https://www.inform.kz/lenta/`` (Greemq ``sources`` row) with cards
  ``.allNewsCard a`` > ``.allNewsCard_title``, ``.allNewsCard_time`` and a time text like
  "13:51, 15 Август 2025"; body ``.article__description, .article__body-text``
  (R:Greemq/ainews src/parsers/kazinform_parser.py).
- The 2020 page declares JSON-LD ``NewsArticle`` with ``datePublished`` (+06:00),
  ``article:published_time``, ``article:tag`` and ``article:section`` meta, the title in
  ``div.article_title h1``, the body in ``div.article_news_body`` with a "Новости по теме"
  block (``div.frame_news_article``) inside it, the author in ``p.name_p`` (OBS). The
  selectors below cover both layouts.
- Feeds, all from unnamed files: the Kazakh ``https://kaz.inform.kz/rss/kz.xml`` (U:60788201000,
  which reports it open with 200 items); the Russian ``https://www.inform.kz/rss/ru.xml``
  (U:34504426198, U:42543434746) — others name ``/rss/ru`` (U:19439224158) or ``/rss/rus.xml``
  (U:71270149974, U:57747071185). Unconfirmed.
- Kazakh listing ``https://kaz.inform.kz/lenta/`` (U:54639448601, U:62716473674).
- Unconfirmed: the listing's second page (``/lenta/?page=2``) and the 2025 title, date and
  author classes.
"""

from __future__ import annotations

from newscrawl.core.profile import OutletProfile, Selectors

PROFILE = OutletProfile(
    name="inform",
    title="Kazinform (inform.kz)",
    country="KZ",
    hosts=("www.inform.kz", "kaz.inform.kz", "inform.kz"),
    languages=("ru", "kk", "en"),
    timezone="Asia/Almaty",
    article_url=(
        r"^https://(?:www\.inform\.kz/ru/[a-z0-9-]+(?:-[0-9a-f]{6,8}|_a\d+)"
        r"|kaz\.inform\.kz/news/[a-z0-9-]+-[0-9a-f]{6,8}/)$"
    ),
    feeds=("https://www.inform.kz/rss/ru.xml", "https://kaz.inform.kz/rss/kz.xml"),
    listings=("https://www.inform.kz/lenta/", "https://kaz.inform.kz/lenta/"),
    selectors=Selectors(
        title="h1.article__title, .article_title h1",
        lead=".article__description",
        date=".article__info-date, .date_public_art",
        authors=".article__author-name, .author_article_block .name_p",
        section=".article__breadcrumbs a:last-child",
        tags=".article__tags a",
        drop=(
            ".article__info",
            ".article__share",
            ".article__related",
            ".article__subscribe",
            ".article__tags",
            ".article__author",
            ".lenta",
            ".frame_news_article",
            ".soc_art_block",
            ".soc_art_block2",
            ".keyword_art",
            ".author_article_block",
        ),
    ),
)
