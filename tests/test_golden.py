"""Every snapshot article page of every outlet, extracted and compared with its golden file.

Golden files live in ``tests/golden/<outlet>/<URL path>.json`` (keys sorted). A page whose
extraction must refuse it holds ``{"not_an_article": "<reason>"}``. To write them after a
deliberate change: ``NEWSCRAWL_WRITE_GOLDEN=1 pytest tests/test_golden.py``, then review
the diff line by line before committing.
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from w3lib.encoding import html_to_unicode

from newscrawl.extract.article import NotAnArticle, extract_article
from newscrawl.items import schema_errors
from newscrawl.outlets import OUTLETS
from newscrawl.replay.server import Snapshots, bundled_snapshots

GOLDEN = Path(__file__).parent / "golden"
FETCHED_AT = datetime.fromisoformat("2024-03-28T09:00:00+00:00")
WRITE = os.environ.get("NEWSCRAWL_WRITE_GOLDEN") == "1"


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


@pytest.mark.parametrize(("outlet", "url", "file"), PAGES, ids=[url for _, url, _ in PAGES])
def test_page_matches_its_golden_file(outlet: str, url: str, file: Path) -> None:
    got = extract(outlet, url)
    golden = golden_path(outlet, url)
    if WRITE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(got, ensure_ascii=False, indent=2, sort_keys=True)
        golden.write_text(text + "\n", "utf-8")
    assert golden.is_file(), f"no golden file for {url}: {golden}"
    assert got == json.loads(golden.read_text("utf-8"))
    if "not_an_article" not in got:
        assert schema_errors(got) == []


def test_every_outlet_has_article_pages() -> None:
    outlets_with_pages = {outlet for outlet, _, _ in PAGES}
    assert outlets_with_pages == set(OUTLETS)


def test_every_golden_file_has_a_page() -> None:
    expected = {golden_path(outlet, url) for outlet, url, _ in PAGES}
    orphans = sorted(str(p) for p in GOLDEN.rglob("*.json") if p not in expected)
    assert orphans == []
