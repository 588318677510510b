"""End to end: `scrapy crawl <outlet>` in a subprocess against the replay server."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from newscrawl.items import schema_errors
from newscrawl.outlets import OUTLETS
from tests.test_golden import PAGES, golden_path

if TYPE_CHECKING:
    from newscrawl.replay.server import ReplayServer

ROOT = Path(__file__).parent.parent


@dataclass
class Crawl:
    items: list[dict[str, object]]
    raw: str
    log: str


def run_crawl(
    outlet: str,
    replay: ReplayServer,
    workdir: Path,
    *settings: str,
    arguments: dict[str, str] | None = None,
) -> Crawl:
    """Run one crawl of ``outlet`` against ``replay``; its items, raw output and log.

    ``settings`` are ``NAME=VALUE`` strings (``-s``), ``arguments`` spider arguments (``-a``).
    """
    out, log = workdir / f"{outlet}.jsonl", workdir / f"{outlet}.log"
    command = [
        sys.executable, "-m", "scrapy", "crawl", outlet, "-O", str(out),
        "-s", f"REPLAY_URL={replay.url}", "-s", "DOWNLOAD_DELAY=0",
        "-s", "AUTOTHROTTLE_ENABLED=False", "-s", f"LOG_FILE={log}",
        "-s", f"NEWSCRAWL_STATE_DIR={workdir / 'state'}",
    ]
    for setting in settings:
        command += ["-s", setting]
    for name, value in (arguments or {}).items():
        command += ["-a", f"{name}={value}"]
    subprocess.run(command, cwd=ROOT, check=True, timeout=120)
    raw = out.read_text("utf-8")
    return Crawl([json.loads(line) for line in raw.splitlines()], raw, log.read_text("utf-8"))


def goldens(outlet: str) -> dict[str, dict[str, object]]:
    return {
        url: json.loads(golden_path(outlet, url).read_text("utf-8"))
        for name, url, _ in PAGES
        if name == outlet
    }


@pytest.fixture(
    scope="module",
    params=sorted(name for name, profile in OUTLETS.items() if not profile.uses_browser),
)
def crawl(
    request: pytest.FixtureRequest, replay: ReplayServer, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, Crawl]:
    outlet = request.param
    return outlet, run_crawl(outlet, replay, tmp_path_factory.mktemp(outlet))


def test_items_equal_their_golden_files(crawl: tuple[str, Crawl]) -> None:
    outlet, result = crawl
    expected = goldens(outlet)
    for written in result.items:
        item, golden = dict(written), dict(expected[written["url"]])
        assert item.pop("fetched_at")
        assert golden.pop("fetched_at")
        assert item == golden


def test_each_article_once_and_nothing_else(crawl: tuple[str, Crawl]) -> None:
    outlet, result = crawl
    articles = [g for g in goldens(outlet).values() if "not_an_article" not in g]
    canonical, hashes, distinct = set(), set(), 0
    for golden in articles:
        if golden["canonical_url"] not in canonical and golden["content_hash"] not in hashes:
            distinct += 1
        canonical.add(golden["canonical_url"])
        hashes.add(golden["content_hash"])
    assert len(result.items) == distinct
    assert len({item["canonical_url"] for item in result.items}) == distinct
    assert len({item["content_hash"] for item in result.items}) == distinct
    refused = {url for url, g in goldens(outlet).items() if "not_an_article" in g}
    assert refused.isdisjoint(item["url"] for item in result.items)


def test_output_is_valid_readable_json_lines(crawl: tuple[str, Crawl]) -> None:
    _, result = crawl
    assert result.raw.endswith("\n")
    assert "\\u04" not in result.raw
    for item in result.items:
        assert schema_errors(item) == []
        assert item["url"].startswith("https://")
        assert "127.0.0.1" not in json.dumps(item)


def test_drops_and_skips_are_logged_and_counted(crawl: tuple[str, Crawl]) -> None:
    outlet, result = crawl
    expected = goldens(outlet).values()
    articles = sum("not_an_article" not in golden for golden in expected)
    assert "Traceback" not in result.log
    assert f"'newscrawl/articles_extracted': {articles}," in result.log
    assert result.log.count("Dropped: duplicate/") == articles - len(result.items)
    assert result.log.count(": not an article (") == len(expected) - articles
