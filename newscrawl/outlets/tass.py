"""TASS (tass.ru): the Russian state news agency, Russian edition (tass.com is English).

Sources (tags as in the shared OUTLETS.md):
- feed ``tass.ru/rss/v2.xml`` (R:SergLih/Classification_of_news:parser_tass.py; the saved
  2020 page links it too, OBS), both over ``http://``; https is assumed here, unconfirmed;
- the sitemap index ``https://tass.ru/sitemap.xml`` (two unnamed public
  Scrapy spiders) of news sitemaps ``/sitemap/sitemap_news<N>.xml`` with ``<lastmod>``, N=0 the
  newest (three unnamed scrapers; tass.com has the same scheme);
- article URLs ``/<rubric>/<numeric id>`` with no trailing slash (OBS: the saved page
  tass.ru__moskva-8836033); a video is served under the same scheme (``/video/<id>``) and is
  told apart by its ``og:type``;
- the rubric of an article URL's first path segment, named as the rubric menu of the saved
  page names it (OBS: tass.ru__moskva-8836033, the links marked "В рубрику →"); the page itself
  names its rubric nowhere else;
- markup of the 2020 layout (OBS: tass.ru__moskva-8836033): ``h1.news-header__title``,
  ``div.news-header__lead``, body in ``div.text-content > div.text-block``, tags
  ``.tags__list a.tags__item``, a print header ``.header-newsblock`` repeating the title,
  "Читать полностью" cards ``.news-content``; JSON-LD ``NewsArticle`` with ``datePublished``
  in +03:00 and TASS (an Organization) as author, so items carry no personal author. The
  visible date is a ``<dateformat time="unix">`` element rendered by script, so a page
  without structured dates has no readable date.
Unconfirmed: a rubric listing with a plain "next page" link (``/obschestvo?page=2``; the live
site loads more items from its JSON API ``/tbp/api/v1/content``); ``article:published_time``
on some pages; whether robots.txt names the sitemap (it is requested directly here); the 2024
markup, which may differ from the 2020 page this profile is checked against (one unnamed
spider also reads ``h1.explainer__title`` / ``h1.article__title``).
"""

from __future__ import annotations

from newscrawl.core.profile import OutletProfile, Selectors

PROFILE = OutletProfile(
    name="tass",
    title="ТАСС",
    country="RU",
    hosts=("tass.ru",),
    languages=("ru",),
    timezone="Europe/Moscow",
    article_url=r"^https://tass\.ru/[a-z0-9-]+/\d+$",
    sitemaps=("https://tass.ru/sitemap.xml",),
    feeds=("https://tass.ru/rss/v2.xml",),
    listings=("https://tass.ru/obschestvo",),
    sections={
        "v-strane": "В стране",
        "politika": "Политика",
        "nacionalnye-proekty": "Национальные проекты",
        "mezhdunarodnaya-panorama": "Международная панорама",
        "ekonomika": "Экономика и бизнес",
        "nedvizhimost": "Недвижимость",
        "msp": "Малый бизнес",
        "armiya-i-opk": "Армия и ОПК",
        "obschestvo": "Общество",
        "proisshestviya": "Происшествия",
        "sport": "Спорт",
        "kultura": "Культура",
        "kosmos": "Космос",
        "moskva": "Москва",
        "moskovskaya-oblast": "Московская область",
        "spb-news": "Северо-Запад",
        "ural-news": "Новости Урала",
        "sibir-news": "Сибирь",
    },
    selectors=Selectors(
        title="h1.news-header__title",
        lead=".news-header__lead",
        tags=".tags__list a.tags__item",
        drop=(
            ".header-newsblock",
            ".news-header",
            ".news-actions",
            ".social",
            ".tags",
            ".news-content",
            ".news-list-content",
            ".banner",
            ".adsSlot-title",
        ),
    ),
)
