"""End to end on a real Scrapyd: deploy, schedule outlets twice, read what each run wrote."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.request import urlopen

import pytest

from newscrawl.core.article import schema_errors
from newscrawl.demo import replay_settings
from newscrawl.outlets import OUTLETS
from tests.crawls import ROOT, goldens, stats_of

if TYPE_CHECKING:
    from collections.abc import Iterator

    from newscrawl.replay.server import ReplayServer

pytestmark = pytest.mark.scrapyd

OUTLETS_SCHEDULED = sorted(OUTLETS)[:2]
# An outlet the other tests do not schedule: its pages are new to the Scrapyd's crawl state.
ARCHIVED = "tengrinews"
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def scrapyd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A Scrapyd on 127.0.0.1 with the project deployed; its URL and directory."""
    home = tmp_path_factory.mktemp("scrapyd")
    port = free_port()
    (home / "scrapyd.conf").write_text(
        "[scrapyd]\nbind_address = 127.0.0.1\n"
        f"http_port = {port}\neggs_dir = {home}/eggs\nlogs_dir = {home}/logs\n"
        f"items_dir = {home}/items\ndbs_dir = {home}/dbs\npoll_interval = 0.5\n"
    )
    env = {**os.environ, "NEWSCRAWL_STATE_DIR": str(home / "state")}
    log = (home / "scrapyd.log").open("wb")
    server = subprocess.Popen([BIN / "scrapyd"], cwd=home, env=env, stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait(lambda: _get(f"{url}/daemonstatus.json")["status"] == "ok", 30)
        _deploy(home / "project", url)
        yield url, home
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def _deploy(project: Path, url: str) -> None:
    """scrapyd-deploy from a copy of the project, so the build leaves nothing behind."""
    project.mkdir()
    shutil.copytree(ROOT / "newscrawl", project / "newscrawl",
                    ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, project)
    (project / "scrapy.cfg").write_text(
        "[settings]\ndefault = newscrawl.crawler.settings\n\n"
        f"[deploy:test]\nurl = {url}\nproject = newscrawl\n"
    )
    result = subprocess.run(
        [BIN / "scrapyd-deploy", "test"], cwd=project, capture_output=True, text=True,
        timeout=180, check=False,
    )
    assert '"status": "ok"' in result.stdout, result.stdout + result.stderr
    (egg,) = (project.parent / "eggs" / "newscrawl").glob("*.egg")
    with zipfile.ZipFile(egg) as archive:
        names = set(archive.namelist())
    assert "newscrawl/outlets/aqnews.py" in names
    assert "newscrawl/replay/snapshots/aqnews.kz/robots.txt" in names


def _get(url: str) -> dict[str, object]:
    with urlopen(url, timeout=10) as response:
        return json.load(response)


def _wait(done: object, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if done():  # type: ignore[operator]
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"not done after {timeout} s")


def schedule(url: str, replay: ReplayServer) -> dict[str, str]:
    """``newscrawl schedule`` the outlets once; outlet → job id."""
    result = subprocess.run(
        [sys.executable, "-m", "newscrawl.cli", "schedule", "--scrapyd", url,
         *(arg for name in OUTLETS_SCHEDULED for arg in ("--outlet", name)),
         "-s", f"NEWSCRAWL_REPLAY_URL={replay.url}",
         "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False"],
        capture_output=True, text=True, timeout=60, check=True,
    )
    jobs = dict(line.split(": job ") for line in result.stdout.splitlines())
    assert sorted(jobs) == OUTLETS_SCHEDULED, result.stdout
    return jobs


def finish(url: str, home: Path, jobs: dict[str, str]) -> dict[str, tuple[list, dict]]:
    """Wait for the jobs; per outlet, the items the job wrote and its stats."""

    def finished() -> bool:
        listed = _get(f"{url}/listjobs.json?project=newscrawl")["finished"]
        return set(jobs.values()) <= {job["id"] for job in listed}  # type: ignore[union-attr]

    _wait(finished, 240)
    runs = {}
    for outlet, job in jobs.items():
        raw = (home / "items" / "newscrawl" / outlet / f"{job}.jl").read_text("utf-8")
        assert raw == "" or raw.endswith("\n")
        log = (home / "logs" / "newscrawl" / outlet / f"{job}.log").read_text("utf-8")
        assert "Traceback" not in log
        runs[outlet] = ([json.loads(line) for line in raw.splitlines()], stats_of(log))
    return runs


def test_scheduled_runs_fetch_only_what_is_new(
    scrapyd: tuple[str, Path], replay: ReplayServer
) -> None:
    url, home = scrapyd
    first = finish(url, home, schedule(url, replay))
    second = finish(url, home, schedule(url, replay))
    for outlet in OUTLETS_SCHEDULED:
        items, stats = first[outlet]
        assert items
        assert all(schema_errors(item) == [] for item in items)
        assert all(item["outlet"] == outlet for item in items)
        assert len({item["canonical_url"] for item in items}) == len(items)
        assert len({item["content_hash"] for item in items}) == len(items)
        article_pages = stats["newscrawl/articles_extracted"] + sum(
            count for key, count in stats.items() if key.startswith("newscrawl/skipped/")
        )
        again, again_stats = second[outlet]
        assert again == []
        assert "newscrawl/articles_extracted" not in again_stats
        assert again_stats["newscrawl/skipped/seen"] == article_pages
        assert (
            stats["downloader/request_count"] - again_stats["downloader/request_count"]
            == article_pages
        )


def test_an_archive_source_runs_on_scrapyd(
    scrapyd: tuple[str, Path], replay: ReplayServer
) -> None:
    url, home = scrapyd
    slots = json.dumps(replay_settings("wayback")["NEWSCRAWL_ARCHIVE_SLOTS"])
    result = subprocess.run(
        [sys.executable, "-m", "newscrawl.cli", "schedule", "--scrapyd", url,
         "--outlet", ARCHIVED, "--source", "wayback",
         "-s", f"NEWSCRAWL_REPLAY_URL={replay.url}", "-s", f"NEWSCRAWL_ARCHIVE_SLOTS={slots}"],
        capture_output=True, text=True, timeout=60, check=True,
    )
    jobs = dict(line.split(": job ") for line in result.stdout.splitlines())
    items, stats = finish(url, home, jobs)[ARCHIVED]
    expected = goldens(ARCHIVED)
    assert items
    for item in items:
        assert item["archive"]["source"] == "wayback"
        golden = expected[item["url"]]
        assert (item["canonical_url"], item["content_hash"]) == (
            golden["canonical_url"], golden["content_hash"]
        )
    assert stats["newscrawl/archive/captures_requested"] == len(expected)
