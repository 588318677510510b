"""Kommersant (kommersant.ru): Russian business daily, Moscow.

Sources (tags as in the shared OUTLETS.md):
- feed ``/RSS/news.xml``, the sitemap index ``/sitemaps/all_docs_sitemap.xml`` and the news
  sitemap ``/sitemaps/sitemap_news.xml``; article URLs ``/doc/<id>``; lead ``header h2``,
  byline ``p.doc__text.document_authors``, title and date from JSON-LD:
  R:flairNLP/fundus:src/fundus/publishers/ru/kommersant.py@18da6e5 (2025-07), which reads
  the sitemaps directly (``suppress_robots=True``), as this profile does;
- section feeds such as ``/rss/section-politics.xml``:
  R:kovidgoyal/calibre:recipes/kommersant.recipe;
- markup (``article.doc``, ``ul.crumbs``, ``time.doc_header__publish_time`` "14.05.2025, 20:28",
  ``h1.doc_header__name``, ``h2.doc_header__subheader``, ``div.article_text_wrapper``,
  ``div.doc_media`` photo blocks with captions, ``footer.doc_footer`` with the newspaper issue
  and "Подписывайтесь на темы"; rubric pages ``/rubric/<n>``; ``?from=`` referrer tails on
  internal links): OBS:realpages/kommersant.ru__doc-7715044.html.
Unconfirmed: the child sitemap names under the index, and how rubric pages paginate (the live
page loads more with a script; ``?page=N`` here is a guess).
"""

from __future__ import annotations

from newscrawl.core.profile import OutletProfile, Selectors

PROFILE = OutletProfile(
    name="kommersant",
    title="Коммерсантъ",
    country="RU",
    hosts=("www.kommersant.ru", "kommersant.ru"),
    languages=("ru",),
    timezone="Europe/Moscow",
    article_url=r"^https://(?:www\.)?kommersant\.ru/doc/\d+$",
    sitemaps=(
        "https://www.kommersant.ru/sitemaps/sitemap_news.xml",
        "https://www.kommersant.ru/sitemaps/all_docs_sitemap.xml",
    ),
    feeds=("https://www.kommersant.ru/RSS/news.xml",),
    listings=("https://www.kommersant.ru/rubric/5",),
    tracking_parameters=("from",),
    selectors=Selectors(
        title="h1.doc_header__name",
        lead="h2.doc_header__subheader",
        date="time.doc_header__publish_time",
        authors="p.document_authors",
        section="ul.crumbs a",
        tags='footer.doc_footer a[href^="/theme/"]',
        drop=(
            "p.document_authors",
            ".doc_media",
            ".ui-modal",
            ".doc_footer",
            ".iconbox",
            ".crumbs",
            ".doc_header__time",
            ".incut",
            ".doc_aside",
            "template",
            "[class^='adv']",
        ),
    ),
)
