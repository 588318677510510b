"""Every snapshot article page of every outlet, extracted and compared with its golden file.

To write the golden files after a deliberate change: ``NEWSCRAWL_WRITE_GOLDEN=1 pytest
tests/outlets/test_golden.py``, then review the diff line by line before committing.
"""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING

import pytest

from newscrawl.core.article import schema_errors
from newscrawl.outlets import OUTLETS
from tests.golden_pages import GOLDEN, PAGES, extract, golden_path

if TYPE_CHECKING:
    from pathlib import Path

WRITE = os.environ.get("NEWSCRAWL_WRITE_GOLDEN") == "1"


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
