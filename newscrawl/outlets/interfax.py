"""Interfax (interfax.ru): Russian news agency, Russian edition (interfax.com is English).

The site serves its pages and its feed in windows-1251 and says so in the Content-Type header;
some pages repeat it in a ``<meta http-equiv>`` and some do not, so pages must be decoded by
the header (Scrapy's ``response.text`` does).

Sources (tags as in the shared OUTLETS.md):
- feed ``https://www.interfax.ru/rss.asp``, whose items link to pages read through their
  ``article`` element (R:dengaletin/api.fnk:api/components/parser/InterfaxParser.php, with
  time zone +0300);
- sitemap ``https://www.interfax.ru/SEO_SiteMapLastChanges.xml`` (an unnamed Scrapy
  SitemapSpider: unconfirmed); another unnamed scraper reads ``/SEO_SiteMapIndex.xml``, which
  is not modelled here;
- article URLs ``/<rubric>/<numeric id>`` such as ``/world/682606``
  (R:IlyaGusev/tgcontest:test/data/example1.html; R:Eazyname/Mini-readability README);
- the listing ``/news/`` (unnamed) whose items sit in ``div.timeline__group`` /
  ``div.timeline__text`` / ``div.timeline__photo`` with ``<time datetime="%Y-%m-%dT%H:%M">``,
  a local time without offset (unnamed parsers).
Unconfirmed: that robots.txt names the sitemap; the listing's second page (``/news/page_2``)
and its ``.pages__next`` link; the article markup (``aside.textML`` holding the rubric link and
``time[itemprop=datePublished]``, ``h1[itemprop=headline]``, ``div[itemprop=articleBody]``,
tags ``.textMTags``, "Читайте также" ``.inner-read``, related ``.textMRelated``); an article
being served under a second rubric (``/moscow/<id>`` with rel=canonical to ``/russia/<id>``);
photo stories at ``/photo/<id>``. No saved interfax.ru page was available.
"""

from __future__ import annotations

from newscrawl.core.profile import OutletProfile, Selectors

PROFILE = OutletProfile(
    name="interfax",
    title="Интерфакс",
    country="RU",
    hosts=("www.interfax.ru", "interfax.ru"),
    languages=("ru",),
    timezone="Europe/Moscow",
    article_url=r"^https://(?:www\.)?interfax\.ru/[a-z]+/\d+$",
    sitemaps=("https://www.interfax.ru/robots.txt",),
    feeds=("https://www.interfax.ru/rss.asp",),
    listings=("https://www.interfax.ru/news/",),
    next_page=".pages a.pages__next::attr(href)",
    selectors=Selectors(
        title='h1[itemprop="headline"]',
        date=".textML time",
        section=".textML .textML__rubric",
        tags=".textMTags a",
        drop=(
            ".textML",
            ".inner-read",
            ".textMTags",
            ".textMSocial",
            ".subscribe-tg",
            ".textMRelated",
            ".rightside",
            ".adv",
        ),
    ),
)
