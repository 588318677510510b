"""Informburo.kz: Kazakhstan news in Russian, with a Kazakh edition under ``/kaz/``.

Sources (tags as in the shared OUTLETS.md; U:<id> is an unnamed public file):
- Article URLs without id or trailing slash: ``/novosti/<slug>``, ``/stati/<slug>`` and
  Kazakh ``/kaz/newskaz/<slug>`` (R:Greemq/ainews dump; R:sailybaev/NewsParser:parsers.py).
- Listing ``/novosti`` (R:Greemq/ainews sources) with ``.uk-nav.uk-nav-default > li``
  cards, ``.date-heading`` day headings and ``time.article-time``; body
  ``.article-excerpt, .article > :not(.read-more)`` (R:Greemq/ainews:
  src/parsers/informburo_parser.py, which also reads dates as "13:51, 15 августа 2025");
  tag pages ``/tags/<t>?page=N`` (R:assanbayg/triton-nasaspaceapps:misc/parser.py);
  date ``div.article-meta time[datetime]`` (R:arystan01/news_parser:informburo_parser.ipynb).
  UIkit front end.
- Feed ``https://informburo.kz/rss.xml`` (U:58169599281); a news sitemap is mentioned
  (U:71609103845).
Unconfirmed: the news sitemap's URL and its listing in robots.txt; the Kazakh listing
``/kaz/newskaz`` (inferred from the article paths); ``?page=N`` on ``/novosti``; the title,
byline and tag classes.
"""

from __future__ import annotations

from newscrawl.core.profile import OutletProfile, Selectors

PROFILE = OutletProfile(
    name="informburo",
    title="Informburo.kz",
    country="KZ",
    hosts=("informburo.kz", "www.informburo.kz"),
    languages=("ru", "kk"),
    timezone="Asia/Almaty",
    article_url=r"^https://(?:www\.)?informburo\.kz/(?:novosti|stati|kaz/newskaz)/[a-z0-9-]+$",
    sitemaps=("https://informburo.kz/robots.txt",),
    feeds=("https://informburo.kz/rss.xml",),
    listings=("https://informburo.kz/novosti", "https://informburo.kz/kaz/newskaz"),
    selectors=Selectors(
        title="h1.article-title",
        lead=".article-excerpt",
        date=".article-meta time.article-time",
        authors=".article-meta .article-author",
        section=".uk-breadcrumb li:last-child a",
        tags=".article-tags a",
        drop=(
            ".article-meta",
            ".read-more",
            ".article-tags",
            ".article-share",
            ".article-subscribe",
            ".article-comments",
            ".banner",
        ),
    ),
)
