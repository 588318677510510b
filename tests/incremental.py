"""Helpers for crawls that share a state: run one, read its stats, edit a snapshot copy."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

ROOT = Path(__file__).parent.parent
SNAPSHOTS = Path(str(files("newscrawl").joinpath("replay/snapshots")))
_STAT = re.compile(r"^\s*'([^']+)': (\d+),?$", re.MULTILINE)


@dataclass
class Run:
    items: list[dict[str, object]]
    raw: str
    stats: dict[str, int]
    log: str


def stats_of(log: str) -> dict[str, int]:
    """The integer stats of the last stats dump in a Scrapy log."""
    dump = log.rsplit("Dumping Scrapy stats:", 1)[-1]
    return {key: int(value) for key, value in _STAT.findall(dump)}


def crawl(outlet: str, replay_url: str, state: Path, out: Path, *args: str) -> Run:
    """``scrapy crawl outlet`` against a replay server with ``state``; extra CLI ``args``."""
    log = out.with_suffix(".log")
    command = [
        sys.executable, "-m", "scrapy", "crawl", outlet, "-O", str(out),
        "-s", f"REPLAY_URL={replay_url}", "-s", "DOWNLOAD_DELAY=0",
        "-s", "AUTOTHROTTLE_ENABLED=False", "-s", f"LOG_FILE={log}",
        "-s", f"NEWSCRAWL_STATE_DIR={state}", *args,
    ]
    subprocess.run(command, cwd=ROOT, check=True, timeout=120)
    raw = out.read_text("utf-8")
    text = log.read_text("utf-8")
    return Run([json.loads(line) for line in raw.splitlines()], raw, stats_of(text), text)


def copy_snapshots(target: Path) -> Path:
    """A copy of the bundled snapshots that a test may edit."""
    shutil.copytree(SNAPSHOTS, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    """Replace ``old`` (which must be there) with ``new`` in a snapshot file."""
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), "utf-8")
