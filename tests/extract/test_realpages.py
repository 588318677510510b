"""Extraction of real saved outlet pages (``../shared/realpages``) against what is known of them.

The pages stay outside the repository; the test is skipped where they are not beside it.
"""

from __future__ import annotations

import gzip
import json
import re
from datetime import datetime, timezone
from pathlib import Path

import pytest
from w3lib.encoding import html_to_unicode

from newscrawl.extract.article import extract_article
from newscrawl.outlets import outlet_for_url

REALPAGES = Path(__file__).resolve().parents[3] / "shared" / "realpages"
TRUTHS = sorted(REALPAGES.glob("*.json"))
# After every page was saved: a publication time later than the fetch is not taken.
FETCHED_AT = datetime(2026, 11, 1, tzinfo=timezone.utc)
MIN_BODY_RECALL = 0.9


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


@pytest.mark.skipif(not TRUTHS, reason=f"no real pages at {REALPAGES}")
@pytest.mark.parametrize("truth_file", TRUTHS, ids=[t.stem for t in TRUTHS])
def test_real_page(truth_file: Path) -> None:
    truth = json.loads(truth_file.read_text("utf-8"))
    raw = gzip.decompress(truth_file.with_suffix(".html.gz").read_bytes())
    _, html = html_to_unicode(None, raw)
    article = extract_article(html, truth["url"], FETCHED_AT, outlet_for_url(truth["url"]))

    assert article["published_at"] == truth["published_at"]
    assert article["language"] == truth["lang"]
    for field in ("title", "authors"):
        if field in truth:
            assert article[field] == truth[field]
    if "lead" in truth:
        assert article["lead"] == (truth["lead"] or None)
    if "body" in truth:
        expected = truth["body"].split("\n\n")
        noise = [p for p in article["body"].split("\n\n") if p not in expected]
        assert noise == [], "paragraphs that are not the article's"
        recall = len(_words(article["body"])) / len(_words(truth["body"]))
        assert recall >= MIN_BODY_RECALL
