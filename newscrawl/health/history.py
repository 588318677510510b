"""``newscrawl health``: the last runs of each outlet from the crawl state, checked again."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from newscrawl.core.thresholds import Thresholds
from newscrawl.health.checks import CHECKS, FAIL, SKIP, Check, RunSummary, evaluate
from newscrawl.health.report import table

if TYPE_CHECKING:
    from newscrawl.state.store import CrawlState


def checked_runs(
    state: CrawlState, outlet: str, runs: int, limits: Thresholds
) -> list[tuple[RunSummary, list[Check]]]:
    """The last ``runs`` recorded runs of ``outlet`` (newest first), each with its checks
    against the runs before it."""
    recorded = [
        RunSummary.from_json(summary)
        for summary in state.recent_runs(outlet, runs + limits.recent_runs)
    ]
    return [
        (run, evaluate(run, recorded[index + 1 :], limits))
        for index, run in enumerate(recorded[:runs])
    ]


def history_table(state: CrawlState, outlet: str, runs: int, limits: Thresholds) -> str:
    """One row per recorded run of ``outlet`` (newest first), each checked against the runs
    before it; a failed check's figure is marked ``FAIL``."""
    rows = [["started", "items", *CHECKS, "verdict"]]
    for run, checks in checked_runs(state, outlet, runs, limits):
        cells = []
        for check in checks:
            figure = check.figure.split(" (")[0]
            cells.append(
                f"{figure} FAIL" if check.status == FAIL
                else "-" if check.status == SKIP and check.check in ("articles", "sources")
                else figure
            )
        failed = sum(check.failed for check in checks)
        verdict = f"{failed} failed" if failed else "healthy"
        rows.append([run.started_at, str(run.items), *cells, verdict])
    if len(rows) == 1:
        return f"{outlet}: no recorded runs"
    return f"{outlet} (last {len(rows) - 1} runs, newest first)\n{table(rows)}"


def health_tables(
    state: CrawlState, outlets: list[str] | None, runs: int, limits: dict[str, Thresholds]
) -> str:
    """The tables of ``outlets`` (default: every outlet with recorded runs)."""
    names = outlets or state.outlets_with_runs()
    if not names:
        return "No recorded runs in the crawl state."
    return "\n\n".join(
        history_table(state, name, runs, limits.get(name, Thresholds())) for name in names
    )


def health_json(
    state: CrawlState, outlets: list[str] | None, runs: int, limits: dict[str, Thresholds]
) -> list[dict[str, Any]]:
    """What :func:`health_tables` shows, as data: per outlet, its runs (newest first), each
    with its summary, every check and its verdict."""
    result = []
    for outlet in outlets or state.outlets_with_runs():
        checked = checked_runs(state, outlet, runs, limits.get(outlet, Thresholds()))
        result.append({"outlet": outlet, "runs": [
            {
                "run": run.to_json(),
                "checks": [asdict(check) for check in checks],
                "failed": [check.check for check in checks if check.failed],
                "healthy": not any(check.failed for check in checks),
            }
            for run, checks in checked
        ]})
    return result
