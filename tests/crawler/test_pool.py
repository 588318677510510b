"""The extraction pool: same items as in-process; a page that kills its worker is retried
once, then counted, and the crawl finishes."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys
from typing import TYPE_CHECKING, Any

import pytest

from newscrawl.crawler.pool import ExtractionPool, WorkerCrashed
from newscrawl.replay.server import ReplayServer, bundled_snapshots
from tests.crashing_crawl import MARKER
from tests.crawls import ROOT, goldens, run_crawl

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

POISONED = "https://aqnews.kz/ru/politika/123401-v-mazhilise-obsudili-polnomochiya-selskih-akimov/"


def echo_or_die(html: str, url: str, *_: Any) -> dict[str, Any]:
    if MARKER in html:
        os._exit(70)
    return {"url": url}


@pytest.mark.e2e
def test_in_process_extraction_writes_the_same_items(
    replay: ReplayServer, tmp_path: Path
) -> None:
    (tmp_path / "pool").mkdir()
    (tmp_path / "alone").mkdir()
    pooled = run_crawl("aqnews", replay, tmp_path / "pool", "NEWSCRAWL_EXTRACTION_WORKERS=2")
    alone = run_crawl("aqnews", replay, tmp_path / "alone", "NEWSCRAWL_EXTRACTION_WORKERS=1")
    for crawl in (pooled, alone):
        for item in crawl.items:
            item.pop("fetched_at")
    assert alone.items
    assert sorted(alone.items, key=str) == sorted(pooled.items, key=str)


def test_pool_retries_a_crashed_page_once_and_keeps_the_others() -> None:
    counts: dict[str, int] = {}

    def count(key: str) -> None:
        counts[key] = counts.get(key, 0) + 1

    pool = ExtractionPool(2, job=echo_or_die, count=count)
    pages = [(f"<p>{n}</p>", f"https://example.kz/{n}/") for n in range(12)]
    pages[5] = (MARKER, "https://example.kz/poison/")

    async def run() -> list[Any]:
        jobs = [pool.extract(html, url, None, None) for html, url in pages]  # type: ignore[arg-type]
        return await asyncio.wait_for(asyncio.gather(*jobs, return_exceptions=True), 60)

    try:
        results = asyncio.run(run())
    finally:
        pool.close()
    assert isinstance(results.pop(5), WorkerCrashed)
    assert results == [{"url": url} for _, url in pages if url != "https://example.kz/poison/"]
    assert counts["extraction/worker_crashed"] == 2  # the shared pool, then the retry's own
    assert 1 <= counts["extraction/retried"] <= len(pages)


@pytest.fixture(scope="module")
def poisoned_replay(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ReplayServer]:
    root = tmp_path_factory.mktemp("snapshots")
    shutil.copytree(bundled_snapshots() / "aqnews.kz", root / "aqnews.kz")
    page = root / "aqnews.kz" / POISONED.removeprefix("https://aqnews.kz/") / "index.html"
    page.write_text(page.read_text("utf-8").replace("</body>", f"{MARKER}\n</body>"), "utf-8")
    with ReplayServer(root) as server:
        yield server


@pytest.mark.e2e
def test_crawl_finishes_without_the_page_that_kills_its_worker(
    poisoned_replay: ReplayServer, tmp_path: Path
) -> None:
    out, log = tmp_path / "aqnews.jsonl", tmp_path / "aqnews.log"
    command = [
        sys.executable, "-m", "tests.crashing_crawl", "crawl", "aqnews", "-O", str(out),
        "-s", f"NEWSCRAWL_REPLAY_URL={poisoned_replay.url}", "-s", "DOWNLOAD_DELAY=0",
        "-s", "AUTOTHROTTLE_ENABLED=False", "-s", f"LOG_FILE={log}",
        "-s", "NEWSCRAWL_EXTRACTION_WORKERS=2",
    ]
    subprocess.run(command, cwd=ROOT, check=True, timeout=120)
    items = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    written = {item["url"] for item in items}
    text = log.read_text("utf-8")

    articles = {url for url, golden in goldens("aqnews").items() if "not_an_article" not in golden}
    assert POISONED in articles
    assert POISONED not in written
    assert "'newscrawl/skipped/worker_crashed': 1," in text
    assert f"'newscrawl/articles_extracted': {len(articles) - 1}," in text
    assert "'newscrawl/extraction/retried'" in text
    assert text.count(f"Skipping {POISONED}: the extraction worker died twice") == 1
