"""Crawl health: the checks, and crawls of a normal and a redesigned aqnews snapshot."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any, ClassVar

import pytest

from newscrawl.health.checks import RunSummary, Thresholds, evaluate
from newscrawl.replay.server import ReplayServer
from tests.incremental import ROOT, stats_of
from tests.redesign import redesigned_aqnews

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

pytestmark = pytest.mark.health


def summary(**figures: Any) -> RunSummary:
    base: dict[str, Any] = {
        "outlet": "aqnews", "started_at": "2026-01-01T00:00:00+00:00",
        "finished_at": "2026-01-01T00:01:00+00:00", "finish_reason": "finished",
        "items": 10, "articles": 10, "pipeline_items": 10, "judged": 10, "bodies": 10,
        "responses": 20, "sources": {"feed a": 5, "sitemap b": 5},
    }
    return RunSummary(**{**base, **figures})


def failed(run: RunSummary, history: list[RunSummary], **limits: Any) -> list[str]:
    return [check.check for check in evaluate(run, history, Thresholds(**limits)) if check.failed]


def test_a_normal_run_passes_every_check() -> None:
    assert failed(summary(), [summary(), summary()]) == []


def test_the_first_run_skips_the_comparisons() -> None:
    statuses = {check.check: check.status for check in evaluate(summary(), [], Thresholds())}
    assert statuses["articles"] == statuses["sources"] == "skip"
    assert statuses["undated"] == "ok"


def test_articles_are_compared_with_the_median_of_recent_runs() -> None:
    history = [summary(articles=count) for count in (40, 10, 10, 10)]
    assert failed(summary(articles=5), history) == []
    assert failed(summary(articles=4), history) == ["articles"]
    assert failed(summary(articles=4), history, min_articles_ratio=0.4) == []
    assert failed(summary(articles=4), history, recent_runs=1) == ["articles"]


@pytest.mark.parametrize(
    ("figures", "check"),
    [
        ({"invalid": 1}, "invalid"),
        ({"undated": 3}, "undated"),
        ({"short": 4}, "short_body"),
        ({"errors": 3}, "errors"),
        ({"finish_reason": "shutdown"}, "finish_reason"),
        ({"sources": {"feed a": 10, "sitemap b": 0}}, "sources"),
        ({"sources": {"feed a": 10}}, "sources"),
    ],
)
def test_each_check_fails_past_its_threshold(figures: dict[str, Any], check: str) -> None:
    assert failed(summary(**figures), [summary()]) == [check]


def test_a_share_of_too_few_is_not_judged() -> None:
    checks = evaluate(summary(judged=2, undated=2), [], Thresholds())
    undated = next(check for check in checks if check.check == "undated")
    assert undated.status == "skip"


def test_the_failure_message_names_outlet_check_figure_and_threshold() -> None:
    checks = evaluate(summary(undated=5), [], Thresholds())
    undated = next(check for check in checks if check.check == "undated")
    assert undated.message("aqnews").startswith(
        "aqnews: undated FAIL: 50% (5 of 10) (threshold <= 20%)"
    )


def test_settings_override_the_profile_thresholds() -> None:
    limits = Thresholds().override({"max_undated_share": 0.6, "finish_reasons": "finished,x"})
    assert limits.max_undated_share == 0.6
    assert limits.finish_reasons == ("finished", "x")
    with pytest.raises(ValueError, match="unknown health thresholds"):
        Thresholds().override({"max_undated": 0.6})
    with pytest.raises(ValueError, match="between 0 and 1"):
        Thresholds(max_error_share=2)


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
    """``scrapy crawl aqnews`` with its exit status, log and health report."""
    log = out.with_suffix(".log")
    command = [
        sys.executable, "-m", "scrapy", "crawl", "aqnews", "-O", str(out),
        "-s", f"REPLAY_URL={replay_url}", "-s", "DOWNLOAD_DELAY=0",
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
    normal = crawl(replay.url, state, work / "normal.jsonl", "-s", hook, "-s", fail)
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
    assert "[Spidermon] OK" in normal.log
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
    assert "UNHEALTHY: 1 of 7 checks failed (undated)" in redesigned.log
    assert "HealthMonitor/test_undated... FAIL" in redesigned.log
    assert "[Spidermon] FAIL: HealthMonitor/test_undated: aqnews: undated FAIL" in redesigned.log
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
