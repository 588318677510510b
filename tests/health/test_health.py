"""Crawl health end to end: crawls of a normal and a redesigned aqnews snapshot."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any, ClassVar

import pytest

from newscrawl.replay.server import ReplayServer
from tests.crawls import ROOT, stats_of
from tests.redesign import redesigned_aqnews

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

pytestmark = pytest.mark.health


class _Webhook(BaseHTTPRequestHandler):
    received: ClassVar[list[dict[str, Any]]] = []

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        self.received.append(json.loads(self.rfile.read(length)))
        self.send_response(204)
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def webhook() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """A test server on 127.0.0.1 that keeps every JSON body POSTed to it."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Webhook)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    yield f"http://{host}:{port}/hook", _Webhook.received
    server.shutdown()


@dataclass
class Run:
    status: int
    log: str
    report: dict[str, Any]


def crawl(replay_url: str, state: Path, out: Path, *args: str) -> Run:
    """``scrapy crawl aqnews`` into a new file (an incremental run) with its exit status, log
    and health report."""
    log = out.with_suffix(".log")
    command = [
        sys.executable, "-m", "scrapy", "crawl", "aqnews", "-o", str(out),
        "-s", f"NEWSCRAWL_REPLAY_URL={replay_url}", "-s", "DOWNLOAD_DELAY=0",
        "-s", "AUTOTHROTTLE_ENABLED=False", "-s", f"LOG_FILE={log}",
        "-s", f"NEWSCRAWL_STATE_DIR={state}", *args,
    ]
    status = subprocess.run(command, cwd=ROOT, timeout=120, check=False).returncode
    report = json.loads(out.with_name(f"{out.stem}.health.json").read_text("utf-8"))
    return Run(status, log.read_text("utf-8"), report)


@dataclass
class Runs:
    normal: Run
    redesigned: Run
    again: Run
    state: Path


@pytest.fixture(scope="module")
def runs(
    replay: ReplayServer,
    webhook: tuple[str, list[dict[str, Any]]],
    tmp_path_factory: pytest.TempPathFactory,
) -> Runs:
    """A normal run, the redesigned snapshot refetched, then a normal run again: one state."""
    work = tmp_path_factory.mktemp("health")
    state = work / "state"
    hook = f"NEWSCRAWL_HEALTH_WEBHOOK={webhook[0]}"
    fail = "NEWSCRAWL_FAIL_ON_UNHEALTHY=True"
    normal = crawl(
        replay.url, state, work / "normal.jsonl", "-s", hook, "-s", fail, "-s", "LOG_LEVEL=DEBUG"
    )
    # Every article page is known to the state: only a refetch sees the new markup.
    with ReplayServer(redesigned_aqnews(work / "redesigned")) as server:
        redesigned = crawl(
            server.url, state, work / "redesigned.jsonl", "-s", hook, "-s", fail,
            "-a", "refetch=1",
        )
    again = crawl(replay.url, state, work / "again.jsonl", "-s", fail)
    return Runs(normal, redesigned, again, state)


def test_the_normal_snapshot_is_healthy(runs: Runs) -> None:
    normal = runs.normal
    assert normal.status == 0
    assert normal.report["outlet"] == "aqnews"
    assert normal.report["healthy"], normal.report["failed"]
    assert "Health of aqnews (run started" in normal.log
    assert "DEBUG: [Spidermon] OK" in normal.log
    assert stats_of(normal.log)["newscrawl/health/failed_checks"] == 0
    sources = normal.report["summary"]["sources"]
    assert {source.split()[0] for source, count in sources.items() if count} == {
        "sitemap", "feed", "listing"
    }


def test_the_redesign_fails_the_monitors_and_the_crawl(runs: Runs) -> None:
    redesigned = runs.redesigned
    assert redesigned.status == 1
    report = redesigned.report
    assert not report["healthy"]
    assert report["failed"] == ["undated"]
    undated = next(check for check in report["checks"] if check["check"] == "undated")
    assert undated["message"].startswith("aqnews: undated FAIL: 100% (12 of 12)")
    assert undated["threshold"] == "<= 20%"
    assert "UNHEALTHY: 1 of 9 checks failed (undated)" in redesigned.log
    assert re.search(r"^undated +FAIL +100% \(12 of 12\) +<= 20%$", redesigned.log, re.MULTILINE)
    assert "Traceback" not in redesigned.log
    assert "Exiting with status 1: 1 health checks failed" in redesigned.log


def test_an_incremental_run_with_nothing_new_stays_healthy(runs: Runs) -> None:
    again = runs.again
    assert again.report["summary"]["items"] == 0
    assert again.status == 0, again.report["failed"]
    sources = {check["check"]: check for check in again.report["checks"]}["sources"]
    assert sources["status"] == "ok"


def test_the_webhook_receives_each_report(
    runs: Runs, webhook: tuple[str, list[dict[str, Any]]]
) -> None:
    received = webhook[1]
    assert [report["healthy"] for report in received] == [True, False]
    assert received[1] == runs.redesigned.report


def test_the_health_command_shows_the_runs(runs: Runs) -> None:
    output = subprocess.run(
        [sys.executable, "-m", "newscrawl.cli", "health", "--state", str(runs.state),
         "--outlet", "aqnews", "--runs", "5"],
        cwd=ROOT, capture_output=True, text=True, check=True, timeout=60,
    ).stdout
    lines = output.splitlines()
    assert lines[0] == "aqnews (last 3 runs, newest first)"
    assert lines[1].split()[:4] == ["started", "items", "finish_reason", "articles"]
    assert lines[2].endswith("healthy")
    assert "100% FAIL" in lines[3]
    assert lines[3].endswith("1 failed")
    assert lines[4].endswith("healthy")


def test_the_health_table_is_logged_once_without_spidermon_sections(runs: Runs) -> None:
    for run in (runs.normal, runs.redesigned, runs.again):
        rows = re.findall(r"^finish_reason +ok +finished", run.log, re.MULTILINE)
        assert len(rows) == 1
        assert "ACTIONS" not in run.log
        assert not re.search(r"(INFO|WARNING|ERROR): \[Spidermon\]", run.log)
