"""Run histories keyed by outlet and source: an archive run is never compared with live runs,
and histories recorded before sources existed read as live."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

import pytest

from newscrawl.cli import main
from newscrawl.core.thresholds import Thresholds
from newscrawl.demo import replay_settings
from newscrawl.health.checks import RunSummary, history_key, split_history_key
from newscrawl.health.history import checked_runs, health_json, health_tables, histories
from newscrawl.state.sqlite import SqliteCrawlState
from tests.crawls import run_crawl

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from newscrawl.replay.server import ReplayServer


def run(day: int, articles: int, source: str | None = None) -> RunSummary:
    started = f"2026-01-{day:02d}T00:00:00+00:00"
    extra = {} if source is None else {"source": source}
    return RunSummary(
        outlet="aqnews", started_at=started, finished_at=started, finish_reason="finished",
        items=articles, articles=articles, pipeline_items=articles, judged=articles,
        bodies=articles, responses=articles, **extra,
    )


def record(state: SqliteCrawlState, summary: RunSummary, *, stored_before_sources: bool = False
           ) -> None:
    """Record ``summary`` as the health extension does; ``stored_before_sources``: as a
    version before archive sources did (under the outlet, without a source)."""
    data = summary.to_json()
    key = summary.key
    if stored_before_sources:
        del data["source"]
        key = summary.outlet
    state.record_run(key, summary.started_at, True, data)


@pytest.fixture
def state(tmp_path: Path) -> Iterator[SqliteCrawlState]:
    """Three live runs of 100 articles recorded before sources existed, then a Common Crawl
    backfill of 5 and a live run of 100 recorded now."""
    crawl_state = SqliteCrawlState(tmp_path)
    for day in (1, 2, 3):
        record(crawl_state, run(day, 100), stored_before_sources=True)
    record(crawl_state, run(4, 5, "commoncrawl"))
    record(crawl_state, run(5, 100, "live"))
    yield crawl_state
    crawl_state.close()


def test_keys_of_live_and_archive_histories() -> None:
    assert history_key("aqnews") == history_key("aqnews", "live") == "aqnews"
    assert history_key("aqnews", "wayback") == "aqnews@wayback"
    assert split_history_key("aqnews") == ("aqnews", "live")
    assert split_history_key("aqnews@wayback") == ("aqnews", "wayback")
    assert run(1, 1, "wayback").key == "aqnews@wayback"
    stored = run(1, 1).to_json()
    del stored["source"]
    assert RunSummary.from_json(stored).source == "live"


def test_an_archive_run_is_checked_against_archive_runs_only(state: SqliteCrawlState) -> None:
    limits = Thresholds()
    (archived, checks), = checked_runs(state, "aqnews", 5, limits, "commoncrawl")
    assert archived.articles == 5
    articles = next(check for check in checks if check.check == "articles")
    # Against the live runs' 100 it would fail; it has no earlier run of its own source.
    assert (articles.status, articles.threshold) == ("skip", "no earlier run to compare with")

    live = checked_runs(state, "aqnews", 5, limits)
    assert [summary.started_at[:10] for summary, _ in live] == [
        "2026-01-05", "2026-01-03", "2026-01-02", "2026-01-01",
    ]
    assert {summary.source for summary, _ in live} == {"live"}
    newest = {check.check: check for check in live[0][1]}
    assert newest["articles"].status == "ok"
    assert "median 100 of the last 3 runs" in newest["articles"].threshold

    record(state, run(6, 4, "commoncrawl"))
    (second, checks), _ = checked_runs(state, "aqnews", 5, limits, "commoncrawl")
    assert second.articles == 4
    assert next(check for check in checks if check.check == "articles").status == "ok"


def test_histories_by_outlet_and_source(state: SqliteCrawlState) -> None:
    assert histories(state) == [("aqnews", "live"), ("aqnews", "commoncrawl")]
    assert histories(state, sources=["commoncrawl"]) == [("aqnews", "commoncrawl")]
    assert histories(state, ["aqnews"], ["wayback"]) == [("aqnews", "wayback")]
    assert histories(state, ["tengrinews"]) == [("tengrinews", "live")]
    tables = health_tables(state, None, 20, {})
    live, archived = tables.split("\n\n")
    assert live.startswith("aqnews (last 4 runs, newest first)")
    assert archived.startswith("aqnews from commoncrawl (last 1 runs, newest first)")
    assert health_tables(state, ["aqnews"], 20, {}, ["wayback"]) == (
        "aqnews from wayback: no recorded runs"
    )
    report = health_json(state, None, 20, {})
    assert [(entry["outlet"], entry["source"], len(entry["runs"])) for entry in report] == [
        ("aqnews", "live", 4), ("aqnews", "commoncrawl", 1),
    ]


def test_the_health_command_shows_each_source_apart(
    state: SqliteCrawlState, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["health", "--state", str(tmp_path), "--source", "commoncrawl", "--json"]) == 0
    report: list[dict[str, Any]] = json.loads(capsys.readouterr().out)
    assert [(entry["outlet"], entry["source"]) for entry in report] == [
        ("aqnews", "commoncrawl")
    ]
    assert report[0]["runs"][0]["run"]["articles"] == 5
    assert report[0]["runs"][0]["healthy"]
    assert main(["health", "--state", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "aqnews (last 4 runs" in out
    assert "aqnews from commoncrawl (last 1 runs" in out


@pytest.mark.e2e
def test_a_crawl_records_its_run_under_its_source(replay: ReplayServer, tmp_path: Path) -> None:
    live = run_crawl("aqnews", replay, tmp_path)
    slots = json.dumps(replay_settings("wayback")["NEWSCRAWL_ARCHIVE_SLOTS"])
    archived = run_crawl("aqnews", replay, tmp_path, f"NEWSCRAWL_ARCHIVE_SLOTS={slots}",
                         arguments={"source": "wayback"})
    assert live.items
    assert archived.items == []  # every page was fetched live
    assert "Health of aqnews (run started" in live.log
    assert "Health of aqnews from wayback (run started" in archived.log
    # Not compared with the live run: the first of its source.
    assert re.search(r"\narticles +skip +\d+ +no earlier run to compare with\n", archived.log)
    crawl_state = SqliteCrawlState(tmp_path / "state")
    try:
        assert crawl_state.outlets_with_runs() == ["aqnews", "aqnews@wayback"]
        (summary,) = crawl_state.recent_runs("aqnews@wayback", 5)
        assert summary["source"] == "wayback"
        assert crawl_state.recent_runs("aqnews", 5)[0]["source"] == "live"
    finally:
        crawl_state.close()
