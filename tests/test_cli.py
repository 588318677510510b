"""The ``newscrawl`` command as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import TYPE_CHECKING

from newscrawl.core.article import schema_errors
from newscrawl.outlets import OUTLETS
from tests.golden_pages import PAGES

if TYPE_CHECKING:
    from pathlib import Path


def newscrawl(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newscrawl.cli", *args],
        cwd=cwd, capture_output=True, text=True, timeout=300, check=False,
    )


def test_demo_writes_articles_and_a_summary(tmp_path: Path) -> None:
    result = newscrawl("demo", "--outlet", "aqnews", "--out", "out/demo.jsonl", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    items = [json.loads(line) for line in (tmp_path / "out/demo.jsonl").read_text().splitlines()]
    assert items
    assert all(schema_errors(item) == [] for item in items)
    summary = result.stdout
    assert summary.startswith(f"{len(items)} articles written to out/demo.jsonl")
    assert f"aqnews: {len(items)}" in summary
    assert "languages: ru" in summary
    assert "kk" in summary
    assert "published: 2024-" in summary
    assert "dropped/duplicate/url: 1" in summary
    assert "skipped/not_article_type: 1" in summary
    assert "Traceback" not in result.stderr


def test_extract_prints_one_article(tmp_path: Path) -> None:
    _, url, file = next(page for page in PAGES if "/sayasat/" in page[1])
    result = newscrawl("extract", str(file), "--url", url, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    article = json.loads(result.stdout)
    assert (article["outlet"], article["language"]) == ("aqnews", "kk")
    assert schema_errors(article) == []


def test_extract_refuses_a_non_article(tmp_path: Path) -> None:
    _, url, file = next(page for page in PAGES if "/video/" in page[1])
    result = newscrawl("extract", str(file), "--url", url, cwd=tmp_path)
    assert result.returncode == 1
    assert "not an article (not_article_type" in result.stderr


def test_extract_reads_a_page_in_the_charset_the_server_sent(tmp_path: Path) -> None:
    _, url, file = next(page for page in PAGES if page[1].endswith("/business/952102"))
    assert b"charset" not in file.read_bytes()
    result = newscrawl("extract", str(file), "--url", url, "--encoding", "windows-1251",
                       cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    article = json.loads(result.stdout)
    assert article["title"] == "Авиакомпании увеличат число рейсов в Калининград в летнем сезоне"
    assert article["published_at"] == "2024-03-27T13:05:00+03:00"


def test_outlets_lists_every_profile(tmp_path: Path) -> None:
    result = newscrawl("outlets", "--json", cwd=tmp_path)
    rows = json.loads(result.stdout)
    assert {row["name"] for row in rows} == set(OUTLETS)
    assert all(row["discovery"] and row["languages"] for row in rows)


def test_extract_refuses_a_file_over_the_size_cap(tmp_path: Path) -> None:
    _, url, file = next(page for page in PAGES if "/sayasat/" in page[1])
    size = file.stat().st_size
    result = newscrawl("extract", str(file), "--url", url, "--max-bytes", str(size - 1),
                       cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"newscrawl: {file} is {size} bytes, over --max-bytes {size - 1}"
    )
    assert result.stdout == ""
