"""Running crawls for tests: ``scrapy crawl`` in a subprocess against the replay server, its
items, log and stats; and one process crawling many outlets at once."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tests.golden_pages import PAGES, golden_path

if TYPE_CHECKING:
    from collections.abc import Iterable

    from newscrawl.replay.server import ReplayServer

ROOT = Path(__file__).parent.parent
_STAT = re.compile(r"^\s*'([^']+)': (\d+),?$", re.MULTILINE)


def stats_of(log: str) -> dict[str, int]:
    """The integer stats of the last stats dump in a Scrapy log."""
    dump = log.rsplit("Dumping Scrapy stats:", 1)[-1]
    return {key: int(value) for key, value in _STAT.findall(dump)}


@dataclass
class Crawl:
    """What one crawl wrote: its items, the raw output, its log and its integer stats."""

    items: list[dict[str, object]]
    raw: str
    log: str
    stats: dict[str, int]

    @classmethod
    def read(cls, out: Path, log: str, stats: dict[str, int] | None = None) -> Crawl:
        """The crawl that wrote ``out``; its stats from ``log`` unless given."""
        raw = out.read_text("utf-8")
        items = [json.loads(line) for line in raw.splitlines()]
        return cls(items, raw, log, stats_of(log) if stats is None else stats)


def scrapy_crawl(outlet: str, replay_url: str, out: Path, state: Path, *args: str) -> Crawl:
    """``scrapy crawl outlet -o out`` into a new file (an incremental run: ``-O`` would make
    it a complete one) against a replay server with ``state``; extra CLI ``args``. The log is
    written next to ``out``."""
    log = out.with_suffix(".log")
    out.unlink(missing_ok=True)
    command = [
        sys.executable, "-m", "scrapy", "crawl", outlet, "-o", str(out),
        "-s", f"NEWSCRAWL_REPLAY_URL={replay_url}", "-s", "DOWNLOAD_DELAY=0",
        "-s", "AUTOTHROTTLE_ENABLED=False", "-s", f"LOG_FILE={log}",
        "-s", f"NEWSCRAWL_STATE_DIR={state}", *args,
    ]
    subprocess.run(command, cwd=ROOT, check=True, timeout=120)
    return Crawl.read(out, log.read_text("utf-8"))


def run_crawl(
    outlet: str,
    replay: ReplayServer,
    workdir: Path,
    *settings: str,
    arguments: dict[str, str] | None = None,
) -> Crawl:
    """One crawl of ``outlet`` in ``workdir`` with a state of its own.

    ``settings`` are ``NAME=VALUE`` strings (``-s``), ``arguments`` spider arguments (``-a``).
    """
    args = [arg for setting in settings for arg in ("-s", setting)]
    args += [arg for name, value in (arguments or {}).items() for arg in ("-a", f"{name}={value}")]
    return scrapy_crawl(outlet, replay.url, workdir / f"{outlet}.jsonl", workdir / "state", *args)


def crawl_outlets(outlets: Iterable[str], replay: ReplayServer, workdir: Path) -> dict[str, Crawl]:
    """Every outlet crawled at once in one process (``tests.crawl_outlets``), extracting
    in-process: per outlet its items, the log lines naming its hosts, and its stats."""
    names = sorted(outlets)
    subprocess.run(
        [sys.executable, "-m", "tests.crawl_outlets", replay.url, str(workdir), *names],
        cwd=ROOT, check=True, timeout=300,
    )
    log = (workdir / "crawl.log").read_text("utf-8")
    crawls = {}
    for name in names:
        stats = json.loads((workdir / f"{name}.stats.json").read_text("utf-8"))
        hosts = tuple(f"//{host}/" for host in json.loads(
            (workdir / f"{name}.hosts.json").read_text("utf-8")
        ))
        lines = "\n".join(line for line in log.splitlines() if any(h in line for h in hosts))
        crawls[name] = Crawl.read(workdir / f"{name}.jsonl", lines, stats)
    return crawls


def goldens(outlet: str) -> dict[str, dict[str, object]]:
    """The golden files of an outlet's snapshot pages, by URL."""
    return {
        url: json.loads(golden_path(outlet, url).read_text("utf-8"))
        for name, url, _ in PAGES
        if name == outlet
    }
