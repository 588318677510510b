"""Extraction workers go with their crawl: after ``kill -9`` of the crawl process no process it
started (workers, multiprocessing's resource tracker) is left running."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.crawls import ROOT

if TYPE_CHECKING:
    from newscrawl.replay.server import ReplayServer

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")

# A process that blocks in two extraction workers until it is killed.
BLOCKED = """
import asyncio
from newscrawl.crawler.pool import ExtractionPool

async def main():
    pool = ExtractionPool(2, job=sleep_for_a_minute)
    await asyncio.gather(*(pool.extract("", str(n), None, None) for n in range(2)))

if __name__ == "__main__":
    from tests.crawler.test_pool_lifetime import sleep_for_a_minute
    asyncio.run(main())
"""


def sleep_for_a_minute(*_: Any) -> dict[str, Any]:
    time.sleep(60)
    return {}


def _stat(pid: int) -> tuple[int, str, int] | None:
    """Parent PID, state and start time of ``pid``, None once it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    fields = text[text.rindex(")") + 2 :].split()
    return int(fields[1]), fields[0], int(fields[19])


def descendants(root: int) -> dict[int, int]:
    """Every process below ``root``, with its start time."""
    children: dict[int, list[tuple[int, int]]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (stat := _stat(int(entry.name))) is not None:
            children.setdefault(stat[0], []).append((int(entry.name), stat[2]))
    found, todo = {}, [root]
    while todo:
        for pid, started in children.get(todo.pop(), []):
            found[pid] = started
            todo.append(pid)
    return found


def running(processes: dict[int, int]) -> list[str]:
    """The command lines of those of ``processes`` still running (zombies are not)."""
    left = []
    for pid, started in processes.items():
        stat = _stat(pid)
        if stat is not None and stat[2] == started and stat[1] not in "ZX":
            with contextlib.suppress(FileNotFoundError, ProcessLookupError):
                left.append(Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode())
    return left


def workers(processes: dict[int, int]) -> int:
    """How many of ``processes`` are multiprocessing workers (the resource tracker is not)."""
    return sum("spawn_main" in line for line in running(processes))


def kill_and_watch(process: subprocess.Popen[bytes], wanted_workers: int) -> list[str]:
    """Wait for ``wanted_workers`` workers under ``process``, ``kill -9`` it, and return what
    of its descendants still runs five seconds later."""
    deadline = time.monotonic() + 90
    while workers(descendants(process.pid)) < wanted_workers:
        assert process.poll() is None, "the process ended before its workers were seen"
        assert time.monotonic() < deadline, "no extraction workers started"
        time.sleep(0.02)
    # Stopped first, so that it starts nothing between the count and the kill.
    os.kill(process.pid, signal.SIGSTOP)
    left_behind = descendants(process.pid)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    try:
        deadline = time.monotonic() + 5
        while running(left_behind) and time.monotonic() < deadline:
            time.sleep(0.05)
        return running(left_behind)
    finally:
        for pid in left_behind:
            if running({pid: left_behind[pid]}):
                os.kill(pid, signal.SIGKILL)


def test_workers_exit_when_their_process_is_killed() -> None:
    process = subprocess.Popen([sys.executable, "-c", BLOCKED], cwd=ROOT)
    try:
        assert kill_and_watch(process, 2) == []
    finally:
        process.kill()
        process.wait()


@pytest.mark.e2e
def test_nothing_of_a_killed_crawl_is_left(replay: ReplayServer, tmp_path: Path) -> None:
    command = [
        sys.executable, "-m", "scrapy", "crawl", "aqnews", "-O", str(tmp_path / "aqnews.jsonl"),
        "-s", f"NEWSCRAWL_REPLAY_URL={replay.url}", "-s", "DOWNLOAD_DELAY=0",
        "-s", "AUTOTHROTTLE_ENABLED=False", "-s", f"LOG_FILE={tmp_path / 'aqnews.log'}",
        "-s", f"NEWSCRAWL_STATE_DIR={tmp_path / 'state'}", "-s", "NEWSCRAWL_EXTRACTION_WORKERS=2",
    ]
    process = subprocess.Popen(command, cwd=ROOT)
    try:
        assert kill_and_watch(process, 2) == []
    finally:
        process.kill()
        process.wait()
