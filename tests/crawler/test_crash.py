"""A crawl killed with SIGKILL and resumed with the same JOBDIR writes each article once: the
lines its last uncommitted state batch left are adopted, the articles it never wrote fetched."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from typing import TYPE_CHECKING

import pytest

from newscrawl.replay.server import ReplayServer
from tests.crawls import ROOT
from tests.incremental import add_generated_articles, copy_snapshots

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.crash

GENERATED = 150
KILL_AFTER = 30


# The state committed as the project commits it, and never before the kill.
BATCHES = {"default": {}, "never": {"NEWSCRAWL_STATE_COMMIT_WRITES": "1000000",
                                    "NEWSCRAWL_STATE_COMMIT_MS": "3600000"}}


def command(replay: str, work: Path, **extra: str) -> list[str]:
    feeds = json.dumps({f"{work}/out/%(time)s.jsonl": {"format": "jsonlines"}})
    settings = {
        "NEWSCRAWL_REPLAY_URL": replay, "DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "False",
        "CONCURRENT_REQUESTS": "4", "JOBDIR": str(work / "job"), "FEEDS": feeds,
        "NEWSCRAWL_STATE_DIR": str(work / "state"), "LOG_LEVEL": "INFO", **extra,
    }
    pairs = [arg for name, value in settings.items() for arg in ("-s", f"{name}={value}")]
    return [sys.executable, "-m", "scrapy", "crawl", "aqnews", *pairs]


def written_lines(work: Path) -> list[str]:
    lines = []
    for part in sorted((work / "out").glob("*.jsonl")):
        raw = part.read_text("utf-8")
        assert raw == "" or raw.endswith("\n"), f"{part.name} ends in half a line"
        lines += raw.splitlines()
    return lines


@pytest.mark.parametrize("batch", sorted(BATCHES))
def test_killed_and_resumed_crawl_writes_every_article_once(tmp_path: Path, batch: str) -> None:
    snapshots = copy_snapshots(tmp_path / "snapshots")
    generated = add_generated_articles(snapshots / "aqnews.kz", GENERATED)
    with ReplayServer(snapshots) as replay:
        killed = subprocess.Popen(
            command(replay.url, tmp_path, **BATCHES[batch]), cwd=ROOT,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 120
        while killed.poll() is None and time.monotonic() < deadline:
            if (tmp_path / "out").exists() and len(written_lines(tmp_path)) >= KILL_AFTER:
                break
            time.sleep(0.02)
        assert killed.poll() is None, "the crawl ended before it could be killed"
        os.kill(killed.pid, signal.SIGKILL)
        killed.wait()
        before = len(written_lines(tmp_path))
        assert KILL_AFTER <= before < GENERATED
        time.sleep(1.1)  # the resumed run's feed gets a name of its own
        resumed = subprocess.run(
            command(replay.url, tmp_path, **BATCHES[batch]), cwd=ROOT, check=True, timeout=240,
            capture_output=True, text=True,
        )
    assert "Traceback" not in resumed.stderr
    assert "'newscrawl/skipped/seen'" in resumed.stderr
    if batch == "never":
        recovered = re.search(r"'newscrawl/recovered/written': (\d+)", resumed.stderr)
        assert recovered is not None
        assert int(recovered[1]) == before, "every line the killed crawl wrote is adopted"

    items = [json.loads(line) for line in written_lines(tmp_path)]
    urls = [item["canonical_url"] for item in items]
    assert len(urls) == len(set(urls))
    assert set(generated) <= set(urls)
    assert len({item["content_hash"] for item in items}) == len(items)
    assert len(items) == GENERATED + 10
