"""Where a crawl writes: the feed given on the command line, else one new file per run."""

from __future__ import annotations

import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from pathlib import Path

    from newscrawl.replay.server import ReplayServer


pytestmark = pytest.mark.e2e


def crawl(replay: ReplayServer, workdir: Path, *options: str) -> None:
    config = "[settings]\ndefault = newscrawl.crawler.settings\n"
    (workdir / "scrapy.cfg").write_text(config, "utf-8")
    subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "aqnews", *options,
         "-s", f"NEWSCRAWL_REPLAY_URL={replay.url}", "-s", "DOWNLOAD_DELAY=0",
         "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "LOG_LEVEL=ERROR",
         "-s", f"NEWSCRAWL_STATE_DIR={workdir / 'state'}"],
        cwd=workdir, check=True, timeout=120,
    )


def test_a_feed_on_the_command_line_is_the_only_output(
    replay: ReplayServer, tmp_path: Path
) -> None:
    crawl(replay, tmp_path, "-O", "out.jsonl")
    assert (tmp_path / "out.jsonl").read_text("utf-8").count("\n") > 0
    assert not (tmp_path / "output").exists()


def test_without_a_feed_each_run_writes_its_own_file(replay: ReplayServer, tmp_path: Path) -> None:
    crawl(replay, tmp_path)
    runs = list((tmp_path / "output" / "aqnews").glob("*.jsonl"))
    assert len(runs) == 1
    assert runs[0].read_text("utf-8").count("\n") > 0
