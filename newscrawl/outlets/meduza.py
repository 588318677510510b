"""Meduza (meduza.io): Russian-language outlet whose pages are rendered by scripts.

Sources: shared OUTLETS.md (feeds ``https://meduza.io/rss2/news``, ``/rss2/articles`` and
``/rss/all``; article URL pattern not seen there). A public Python wrapper of the site's API
reads the news chronology from ``/api/w4/search?chrono=news&locale=ru&page=0&per_page=24``
(``collection`` of URLs and ``documents`` by URL) and an article from ``/api/w4/<url>``
(``root.content.blocks``, each ``{"type": "lead" | "p" | …, "data": html}``); its URLs are
``news/YYYY/MM/DD/<slug>`` and ``feature/YYYY/MM/DD/<slug>`` without a trailing slash.
Unconfirmed, modelled on that: the home page builds its chronology from the search endpoint
and a news page fills its body from the article endpoint, while long reads (``/feature/``)
are served whole; the ``RichTitle``/``SimpleBlock`` class names; the time zone (the outlet
is based in Riga; its pages give offsets, which are kept).
"""

from __future__ import annotations

from newscrawl.core.profile import OutletProfile, Selectors

PROFILE = OutletProfile(
    name="meduza",
    title="Meduza",
    country="LV",
    hosts=("meduza.io",),
    languages=("ru", "en"),
    timezone="Europe/Riga",
    article_url=r"^https://meduza\.io/(?:en/)?(?:news|feature)/\d{4}/\d{2}/\d{2}/[a-z0-9-]+$",
    feeds=("https://meduza.io/rss2/news",),
    listings=("https://meduza.io/",),
    js_urls=r"^https://meduza\.io/(?:$|(?:en/)?news/)",
    js_wait=".Chronology-item, .GeneralMaterial-article[data-rendered]",
    selectors=Selectors(
        title="h1.RichTitle-root",
        lead=".SimpleBlock-lead",
        authors=".MaterialMeta-authors",
        drop=(".MaterialNote-note", ".Toolbar-root", ".Related-root", ".Banner-root"),
    ),
)
