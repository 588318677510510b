"""The snapshot article pages of every outlet and their golden files.

Golden files live in ``tests/golden/<outlet>/<URL path>.json`` (keys sorted). A page whose
extraction must refuse it holds ``{"not_an_article": "<reason>"}``.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from w3lib.encoding import html_to_unicode

from newscrawl.extract.article import NotAnArticle, extract_article
from newscrawl.outlets import OUTLETS
from newscrawl.replay.server import Snapshots, bundled_snapshots

GOLDEN = Path(__file__).parent / "golden"
FETCHED_AT = datetime.fromisoformat("2024-03-28T09:00:00+00:00")


def golden_path(outlet: str, url: str) -> Path:
    """Where the golden file of an article URL lives."""
    parts = urlsplit(url)
    path = parts.path.strip("/") or "index"
    if parts.query:
        path += "?" + parts.query
    return GOLDEN / outlet / f"{path}.json"


SNAPSHOTS = Snapshots(bundled_snapshots())


def article_pages() -> list[tuple[str, str, Path]]:
    pages = []
    for name, profile in sorted(OUTLETS.items()):
        for host in profile.hosts:
            if (SNAPSHOTS.root / host).is_dir():
                pages += [
                    (name, url, file)
                    for url, file in SNAPSHOTS.pages(host)
                    if profile.is_article_url(url)
                ]
    return pages


PAGES = article_pages()


def page_text(url: str) -> str:
    """The page as a crawl decodes it: by the charset the server sends, else the page's own."""
    parts = urlsplit(url)
    reply = SNAPSHOTS.reply(parts.hostname or "", parts.path, parts.query, None)
    return html_to_unicode(reply.headers["Content-Type"], reply.body)[1]


def extract(outlet: str, url: str) -> dict[str, object]:
    try:
        return extract_article(page_text(url), url, FETCHED_AT, OUTLETS[outlet])
    except NotAnArticle as refusal:
        return {"not_an_article": refusal.reason}
