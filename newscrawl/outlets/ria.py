"""RIA Novosti (ria.ru): Russian state news agency (Russian only; sport is on rsport.ria.ru).

Sources (tags as in the shared OUTLETS.md):
- feed ``https://ria.ru/export/rss2/archive/index.xml`` (R:kovidgoyal/calibre:recipes/ria_ru.recipe;
  R:DamirZa/parsing_ria:parsing_ria.py);
- article URLs ``/YYYYMMDD/<slug>-<numeric id>.html`` (R:Eazyname/Mini-readability:README.md);
- markup: calibre keeps ``div.article__header`` to ``div.article__userbar`` and drops
  ``div.article__title``, ``div.article__aggr`` and ``div.article__article-info``; the body is a
  run of ``div.article__block[data-type=text|quote]`` (unnamed parsers, which skip the
  ``article`` and ``banner`` blocks); the date is in ``div.article__info-date`` (unnamed);
  the listing's items are ``div.list-item`` with ``a.list-item__title`` (unnamed).
Unconfirmed: the "news feed" listing ``/lenta/`` and its "more" button, whose ``data-url``
(``/services/lenta/more.html?id=…&date=…``) returns the next items as an HTML fragment; the
visible date format ("10:15 27.03.2024"); the subtitle ``div.article__second-title``; the
image credit ``div.media__copyright``; JSON-LD ``NewsArticle`` on article pages; whether
robots.txt names a sitemap (none is used here). No saved ria.ru page was available.
"""

from __future__ import annotations

from newscrawl.outlets.base import OutletProfile, Selectors

PROFILE = OutletProfile(
    name="ria",
    title="РИА Новости",
    country="RU",
    hosts=("ria.ru",),
    languages=("ru",),
    timezone="Europe/Moscow",
    article_url=r"^https://ria\.ru/\d{8}/[a-z0-9_-]+-\d+\.html$",
    feeds=("https://ria.ru/export/rss2/archive/index.xml",),
    listings=("https://ria.ru/lenta/",),
    next_page=".list-more::attr(data-url)",
    selectors=Selectors(
        title=".article__title",
        lead=".article__second-title",
        date=".article__info-date > a",
        tags=".article__tags a.article__tags-item",
        drop=(
            ".article__info",
            ".article__announce",
            '.article__block[data-type="article"]',
            '.article__block[data-type="banner"]',
            ".article__tags",
            ".article__userbar",
            ".article__subscribe",
            ".article__aggr",
            ".banner",
        ),
    ),
)
