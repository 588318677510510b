"""RIA Novosti (ria.ru): Russian state news agency (Russian only; sport is on rsport.ria.ru).

Sources (tags as in the shared OUTLETS.md):
- feed ``https://ria.ru/export/rss2/archive/index.xml`` (R:kovidgoyal/calibre:recipes/ria_ru.recipe;
  R:DamirZa/parsing_ria:parsing_ria.py);
- article URLs ``/YYYYMMDD/<slug>-<numeric id>.html`` (R:Eazyname/Mini-readability:README.md);
- the sitemap index ``https://ria.ru/sitemap_article_index.xml`` of monthly sitemaps
  ``/sitemap_article.xml?date_start=YYYYMMDD&date_end=YYYYMMDD`` (three unnamed public
  scrapers; ``/sitemap_index.xml`` is named by a fourth);
- JSON-LD ``NewsArticle`` whose ``articleSection`` is a list of the page's rubrics and tags
  (unnamed), so an item's section is the first of them; the title in ``div|h1.article__title``
  and the subtitle in ``div|h2.article__second-title`` (unnamed);
- markup: calibre keeps ``div.article__header`` to ``div.article__userbar`` and drops
  ``div.article__title``, ``div.article__aggr`` and ``div.article__article-info``; the body is a
  run of ``div.article__block[data-type=text|quote]`` (unnamed parsers, which skip the
  ``article`` and ``banner`` blocks); the date is in ``div.article__info-date`` (unnamed);
  the listing's items are ``div.list-item`` with ``a.list-item__title`` (unnamed).
Unconfirmed: the "news feed" listing ``/lenta/`` and its "more" button, whose ``data-url``
(``/services/lenta/more.html?id=…&date=…``) returns the next items as an HTML fragment; the
visible date format ("10:15 27.03.2024"); the image credit ``div.media__copyright``; whether
robots.txt names the sitemaps (the index is requested directly here). No saved ria.ru page
was available.
"""

from __future__ import annotations

from newscrawl.core.profile import OutletProfile, Selectors

PROFILE = OutletProfile(
    name="ria",
    title="РИА Новости",
    country="RU",
    hosts=("ria.ru",),
    languages=("ru",),
    timezone="Europe/Moscow",
    article_url=r"^https://ria\.ru/\d{8}/[a-z0-9_-]+-\d+\.html$",
    sitemaps=("https://ria.ru/sitemap_article_index.xml",),
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
