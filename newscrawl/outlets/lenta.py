"""Lenta.ru: Russian national news (Russian only).

Sources (tags as in the shared OUTLETS.md):
- feeds ``https://lenta.ru/rss/news`` (R:temaptz/ticker-analysis:lib/news/parsers/lenta.py) and
  ``https://lenta.ru/rss/`` (R:kovidgoyal/calibre:recipes/lenta_ru.recipe); items carry guid,
  author, title, link, CDATA description, ``pubDate`` with +0300, enclosure and category;
- article URLs ``/news/YYYY/MM/DD/<slug>/`` and ``/articles/YYYY/MM/DD/<slug>/`` (OBS: the saved
  pages lenta.ru__news-2023-07-04-aeroport and lenta.ru__articles-2020-12-02-ad);
- robots.txt naming the gzipped sitemap index ``https://lenta.ru/sitemap.xml.gz`` (an unnamed
  robots.txt test fixture, whose rules the snapshot copies; an unnamed scraper reads the same
  index), whose children are ``/news/sitemap<N>.xml.gz`` holding news and long reads (unnamed
  scrapers);
- the listing ``/parts/news/`` with ``a.card-full-news._parts-news`` cards
  (R:Kodeks67/news_parser:main.py) and its pages ``/parts/news/<N>/`` (unnamed parsers);
- markup of the 2023 layout (OBS: lenta.ru__news-2023-07-04-aeroport): title in
  ``span.topic-body__title``, body in ``div.topic-body__content``, inline "Материалы по теме"
  box ``.box-inline-topic``, visible date ``a.topic-header__time`` ("17:51, 4 июля 2023"),
  rubric ``a.topic-header__rubric``, byline ``a.topic-authors__author``, JSON-LD ``NewsArticle``
  with a Person author and ``datePublished`` in +03:00; the 2020 layout's standfirst
  ``h2.b-topic__rightcol`` (OBS: lenta.ru__articles-2020-12-02-ad).
Unconfirmed: the link to the second listing page (modelled as an ``a[rel=next]`` "Показать
еще" button); the sitemaps' Content-Type (``application/x-gzip`` here); the 2023 layout's
standfirst of long reads as ``span.topic-body__rightcol`` inside the title (modelled on the
2020 class name).
"""

from __future__ import annotations

from newscrawl.core.profile import OutletProfile, Selectors

PROFILE = OutletProfile(
    name="lenta",
    title="Lenta.ru",
    country="RU",
    hosts=("lenta.ru",),
    languages=("ru",),
    timezone="Europe/Moscow",
    article_url=r"^https://lenta\.ru/(?:news|articles)/\d{4}/\d{2}/\d{2}/[a-z0-9_]+/$",
    sitemaps=("https://lenta.ru/robots.txt",),
    feeds=("https://lenta.ru/rss/news",),
    listings=("https://lenta.ru/parts/news/",),
    selectors=Selectors(
        title=".topic-body__title",
        lead=".topic-body__rightcol, .b-topic__rightcol",
        date=".topic-header__time",
        authors=".topic-authors__author",
        section=".topic-header__rubric",
        drop=(
            ".topic-header",
            ".topic-body__title-yandex",
            ".box-inline-topic",
            ".topic-footer",
            ".rubric-header",
            ".sidebar",
            ".banner",
        ),
    ),
)
