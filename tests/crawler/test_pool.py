"""The extraction pool: same items as in-process; a page that kills its worker is retried
once, then counted, and the crawl finishes; a page past the time limit is given up and its
worker replaced, the other pages going on."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys
import time
from typing import TYPE_CHECKING, Any

import pytest

from newscrawl.crawler.pool import ExtractionPool, ExtractionTimedOut, WorkerCrashed
from newscrawl.replay.server import ReplayServer, bundled_snapshots
from tests.crashing_crawl import MARKER, STALL
from tests.crawls import ROOT, goldens, run_crawl

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

POISONED = "https://aqnews.kz/ru/politika/123401-v-mazhilise-obsudili-polnomochiya-selskih-akimov/"
STALLING = "https://aqnews.kz/ru/sport/123406-sbornaya-kazakhstana-po-futzalu-vyshla-v-final/"


def echo_or_die(html: str, url: str, *_: Any) -> dict[str, Any]:
    if MARKER in html:
        os._exit(70)
    return {"url": url}


def sleep_then_echo(html: str, url: str, *_: Any) -> dict[str, Any]:
    time.sleep(float(html))
    return {"url": url, "pid": os.getpid()}


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
    # Of two pages with one body, the crawl writes the one extracted first: with workers in
    # parallel, either.
    pages_of_body: dict[object, set[object]] = {}
    for url, golden in goldens("aqnews").items():
        pages_of_body.setdefault(golden.get("content_hash"), set()).add(url)
    written = {item["content_hash"]: item for item in pooled.items}
    assert sorted(written) == sorted(item["content_hash"] for item in alone.items)
    for item in alone.items:
        other = written[item["content_hash"]]
        if other["url"] != item["url"]:
            assert {other["url"], item["url"]} <= pages_of_body[item["content_hash"]]
        else:
            assert other == item


def test_pool_retries_a_crashed_page_once_and_keeps_the_others() -> None:
    counts: dict[str, int] = {}

    def count(key: str) -> None:
        counts[key] = counts.get(key, 0) + 1

    pool = ExtractionPool(2, job=echo_or_die, count=count, warm_up=False)
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


def test_the_pools_of_one_process_share_their_workers_until_the_last_closes() -> None:
    first, second = (
        ExtractionPool(2, job=sleep_then_echo, warm_up=False, shared=True) for _ in range(2)
    )

    async def pids(pool: ExtractionPool) -> set[int]:
        jobs = [pool.extract("0.2", f"https://example.kz/{n}/", None, None)  # type: ignore[arg-type]
                for n in range(6)]
        return {result["pid"] for result in await asyncio.gather(*jobs)}

    try:
        before = asyncio.run(pids(first))
        assert asyncio.run(pids(second)) == before
        assert len(before) == 2
        first.close()
        # The second pool still uses them.
        assert asyncio.run(pids(second)) == before
        assert all(_running(pid) for pid in before)
    finally:
        first.close()
        second.close()
    deadline = time.monotonic() + 10
    while any(_running(pid) for pid in before) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_running(pid) for pid in before)


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_a_page_past_the_time_limit_is_given_up_and_its_worker_replaced() -> None:
    counts: dict[str, int] = {}

    def count(key: str) -> None:
        counts[key] = counts.get(key, 0) + 1

    pool = ExtractionPool(2, job=sleep_then_echo, count=count, timeout=3.0, warm_up=False)

    async def extract(seconds: float, url: str) -> dict[str, Any]:
        return await pool.extract(str(seconds), url, None, None)  # type: ignore[arg-type]

    async def quick(*names: str) -> list[dict[str, Any]]:
        return await asyncio.gather(*(extract(0, f"https://example.kz/{name}/") for name in names))

    async def run() -> tuple[list[dict[str, Any]], dict[str, Any], list[dict[str, Any]]]:
        before = await quick("a", "b")  # both workers started
        submitted = time.monotonic()
        stuck = asyncio.ensure_future(extract(60, "https://example.kz/stuck/"))
        stuck.add_done_callback(lambda _: times.update(given_up=time.monotonic() - submitted))
        await asyncio.sleep(1.5)
        innocent = await extract(2.0, "https://example.kz/innocent/")
        times["innocent_done"] = time.monotonic() - submitted
        with pytest.raises(ExtractionTimedOut, match="took longer than 3 s"):
            await stuck
        return before, innocent, await quick("c", "d")

    times: dict[str, float] = {}
    try:
        before, innocent, after = asyncio.run(asyncio.wait_for(run(), 120))
    finally:
        pool.close()
    assert 3.0 <= times["given_up"] < 10
    assert times["given_up"] < times["innocent_done"]  # in flight when its neighbour was killed
    assert counts == {"extraction/timed_out": 1}
    old, fresh = {page["pid"] for page in before}, {page["pid"] for page in after}
    assert innocent["pid"] in old
    assert len(fresh) == 2
    assert len(old & fresh) == 1  # the stuck page's worker is gone, a new one took its place


def _marked_replay(root: Path, marks: dict[str, str]) -> ReplayServer:
    """A replay server over a copy of the aqnews.kz snapshot, each page of ``marks`` carrying
    its marker."""
    shutil.copytree(bundled_snapshots() / "aqnews.kz", root / "aqnews.kz")
    for url, marker in marks.items():
        page = root / "aqnews.kz" / url.removeprefix("https://aqnews.kz/") / "index.html"
        page.write_text(page.read_text("utf-8").replace("</body>", f"{marker}\n</body>"), "utf-8")
    return ReplayServer(root)


@pytest.fixture(scope="module")
def poisoned_replay(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ReplayServer]:
    with _marked_replay(tmp_path_factory.mktemp("snapshots"), {POISONED: MARKER}) as server:
        yield server


@pytest.fixture(scope="module")
def stalling_replay(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ReplayServer]:
    with _marked_replay(tmp_path_factory.mktemp("snapshots"), {STALLING: STALL}) as server:
        yield server


def _crashing_crawl(replay: ReplayServer, tmp_path: Path, *settings: str) -> tuple[set[str], str]:
    """``tests.crashing_crawl`` of aqnews with two workers: the URLs written, and the log."""
    out, log = tmp_path / "aqnews.jsonl", tmp_path / "aqnews.log"
    command = [
        sys.executable, "-m", "tests.crashing_crawl", "crawl", "aqnews", "-O", str(out),
        "-s", f"NEWSCRAWL_REPLAY_URL={replay.url}", "-s", "DOWNLOAD_DELAY=0",
        "-s", "AUTOTHROTTLE_ENABLED=False", "-s", f"LOG_FILE={log}",
        "-s", f"NEWSCRAWL_STATE_DIR={tmp_path / 'state'}", "-s", "NEWSCRAWL_EXTRACTION_WORKERS=2",
        *(arg for setting in settings for arg in ("-s", setting)),
    ]
    subprocess.run(command, cwd=ROOT, check=True, timeout=120)
    items = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    return {item["url"] for item in items}, log.read_text("utf-8")


def _articles() -> set[str]:
    return {url for url, golden in goldens("aqnews").items() if "not_an_article" not in golden}


@pytest.mark.e2e
def test_crawl_finishes_without_the_page_that_kills_its_worker(
    poisoned_replay: ReplayServer, tmp_path: Path
) -> None:
    written, text = _crashing_crawl(poisoned_replay, tmp_path)
    articles = _articles()
    assert POISONED in articles
    assert POISONED not in written
    assert "'newscrawl/skipped/worker_crashed': 1," in text
    assert f"'newscrawl/articles_extracted': {len(articles) - 1}," in text
    assert "'newscrawl/extraction/retried'" in text
    assert text.count(f"Skipping {POISONED}: the extraction worker died twice") == 1


@pytest.mark.e2e
def test_crawl_skips_the_page_past_the_time_limit(
    stalling_replay: ReplayServer, tmp_path: Path
) -> None:
    # Well above what a fresh worker's first page may take on a busy machine (the date parser
    # compiling its patterns: seconds).
    written, text = _crashing_crawl(stalling_replay, tmp_path, "NEWSCRAWL_EXTRACTION_TIMEOUT=20")
    articles = _articles()
    assert STALLING in articles
    assert STALLING not in written
    assert f"'newscrawl/articles_extracted': {len(articles) - 1}," in text
    assert "'newscrawl/skipped/extraction_timeout': 1," in text
    assert "'newscrawl/extraction/timed_out': 1," in text
    assert "worker_crashed" not in text
    assert text.count(f"Skipping {STALLING}: extraction took longer than 20 s") == 1


def test_a_page_sent_as_bytes_is_extracted_as_its_text_with_its_fingerprint() -> None:
    from datetime import datetime, timezone

    from scrapy.http import HtmlResponse

    from newscrawl.crawler.pool import FINGERPRINT, extract_job, extract_page
    from newscrawl.extract.fingerprint import fingerprint
    from newscrawl.outlets import get_outlet

    url = "https://www.interfax.ru/russia/952101"
    body = (bundled_snapshots() / "www.interfax.ru" / "russia" / "952101.html").read_bytes()
    response = HtmlResponse(url, body=body,
                            headers={"Content-Type": "text/html; charset=windows-1251"})
    fetched_at = datetime(2024, 3, 25, 10, tzinfo=timezone.utc)
    outlet = get_outlet("interfax")
    fields = extract_page(response.body, url, fetched_at, outlet, response.encoding)
    marks = fields.pop(FINGERPRINT)
    assert fields == extract_job(response.text, url, fetched_at, outlet)
    assert fields["body"].startswith("Три новых моста через Волгу")
    assert marks == fingerprint(fields["body"])
