"""A crawl state file that cannot be read stops the crawl before it fetches anything."""

from __future__ import annotations

import subprocess
import sys
from typing import TYPE_CHECKING

from newscrawl.state.sqlite import STATE_FILE
from tests.crawls import ROOT

if TYPE_CHECKING:
    from pathlib import Path


def test_a_garbage_state_file_stops_the_crawl_with_one_clear_message(tmp_path: Path) -> None:
    state = tmp_path / "state"
    state.mkdir()
    (state / STATE_FILE).write_bytes(b"\x00garbage" * 512)
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "aqnews", "-O", str(tmp_path / "out.jsonl"),
         "-s", "NEWSCRAWL_REPLAY_URL=http://127.0.0.1:9", "-s", f"NEWSCRAWL_STATE_DIR={state}",
         "-s", "LOG_LEVEL=WARNING"],
        cwd=ROOT, capture_output=True, text=True, timeout=60, check=False,
    )
    assert result.returncode == 1
    assert f"newscrawl: cannot read the crawl state {state / STATE_FILE}" in result.stderr
    assert "not an SQLite database" in result.stderr
    assert "NEWSCRAWL_STATE_DIR" in result.stderr
    assert "Traceback" not in result.stderr
    assert (state / STATE_FILE).read_bytes() == b"\x00garbage" * 512
