"""Crawl health checks: pure verdicts from a run's figures and the runs before it."""

from __future__ import annotations

from typing import Any

import pytest

from newscrawl.core.thresholds import Thresholds
from newscrawl.health.checks import RunSummary, evaluate
from newscrawl.health.history import history_table


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
        ({"blocked": 11}, "blocked"),
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


def blocked(run: RunSummary, **limits: Any) -> tuple[str, str]:
    check = next(check for check in evaluate(run, [], Thresholds(**limits))
                 if check.check == "blocked")
    return check.status, check.figure


def test_a_run_mostly_answered_by_bot_walls_fails_the_blocked_check() -> None:
    # Six walls and four article bodies: 60 % of the pages were walls.
    assert blocked(summary(bodies=4, blocked=6)) == ("FAIL", "60% (6 of 10)")
    assert blocked(summary(bodies=0, blocked=5)) == ("FAIL", "100% (5 of 5)")
    assert blocked(summary(bodies=4, blocked=6), max_blocked_share=0.6) == ("ok", "60% (6 of 10)")


def test_a_few_walls_among_articles_pass_the_blocked_check() -> None:
    assert blocked(summary(bodies=10, blocked=0)) == ("ok", "0% (0 of 10)")
    assert blocked(summary(bodies=5, blocked=5)) == ("ok", "50% (5 of 10)")


def test_too_few_pages_leave_the_blocked_check_unjudged() -> None:
    assert blocked(summary(bodies=1, blocked=3)) == ("skip", "3 of 4")
    assert blocked(summary(bodies=1, blocked=3), min_sample=4) == ("FAIL", "75% (3 of 4)")


def test_a_summary_stored_before_the_blocked_count_reads_as_none_blocked() -> None:
    stored = summary().to_json()
    del stored["blocked"]
    stored["a_figure_of_a_later_version"] = 1
    assert RunSummary.from_json(stored) == summary(blocked=0)
    with pytest.raises(ValueError, match="between 0 and 1"):
        Thresholds(max_blocked_share=1.5)


class _State:
    """The run history of a crawl state: summaries newest first."""

    def __init__(self, runs: list[dict[str, Any]]) -> None:
        self.runs = runs

    def recent_runs(self, outlet: str, limit: int) -> list[dict[str, Any]]:
        return self.runs[:limit]


def test_the_health_command_shows_the_blocked_share_of_old_and_new_runs() -> None:
    old = summary(started_at="2026-01-01T00:00:00+00:00").to_json()
    del old["blocked"]
    walled = summary(started_at="2026-01-02T00:00:00+00:00", bodies=2, blocked=8).to_json()
    table = history_table(_State([walled, old]), "aqnews", 2, Thresholds())  # type: ignore[arg-type]
    header, newest, oldest = table.splitlines()[1:]
    columns = header.split()
    assert columns[columns.index("blocked") + 1 :] == ["date_sources", "sources", "verdict"]
    assert "80% FAIL" in newest
    assert newest.endswith("1 failed")
    assert oldest.endswith("healthy")


def date_sources(run: RunSummary, history: list[RunSummary], **limits: Any) -> tuple[str, str]:
    checks = evaluate(run, history, Thresholds(**limits))
    return next((check.status, check.figure) for check in checks if check.check == "date_sources")


def test_dates_that_start_coming_from_a_weaker_source_fail_the_date_sources_check() -> None:
    usual = [summary(date_sources={"json_ld": 9, "meta": 1}) for _ in range(3)]
    redesigned = summary(date_sources={"json_ld": 2, "visible": 8})
    assert date_sources(redesigned, usual) == ("FAIL", "80% (8 of 10)")
    assert date_sources(summary(date_sources={"json_ld": 6, "visible": 4}), usual) == (
        "ok", "40% (4 of 10)")
    assert date_sources(redesigned, usual, max_date_source_shift=0.8) == ("ok", "80% (8 of 10)")


def test_an_outlet_whose_dates_always_came_from_the_page_text_is_healthy() -> None:
    usual = [summary(date_sources={"visible": 10}) for _ in range(3)]
    assert date_sources(summary(date_sources={"visible": 10}), usual) == ("ok", "0% (0 of 10)")
    assert date_sources(summary(date_sources={"json_ld": 10}), usual) == ("ok", "0% (0 of 10)")


def test_the_date_sources_check_needs_earlier_runs_with_dates_and_enough_dates() -> None:
    assert date_sources(summary(date_sources={"visible": 10}), [])[0] == "skip"
    assert date_sources(summary(date_sources={"visible": 10}), [summary()])[0] == "skip"
    usual = [summary(date_sources={"meta": 10})]
    assert date_sources(summary(date_sources={"visible": 3}), usual) == ("skip", "3 of 3")


def test_a_summary_stored_before_date_sources_were_counted_reads_as_none() -> None:
    stored = summary().to_json()
    del stored["date_sources"]
    assert RunSummary.from_json(stored).date_sources == {}



def test_every_check_has_its_spidermon_monitor() -> None:
    from newscrawl.health.checks import CHECKS
    from newscrawl.health.monitors import HealthMonitor

    assert {name for name in dir(HealthMonitor) if name.startswith("test_")} == {
        f"test_{check}" for check in CHECKS
    }
