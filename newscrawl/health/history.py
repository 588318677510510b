"""``newscrawl health``: the last runs of each outlet from the crawl state, checked again."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newscrawl.core.thresholds import Thresholds
from newscrawl.health.checks import CHECKS, FAIL, SKIP, RunSummary, evaluate
from newscrawl.health.report import table

if TYPE_CHECKING:
    from newscrawl.state.store import CrawlState


def history_table(state: CrawlState, outlet: str, runs: int, limits: Thresholds) -> str:
    """One row per recorded run of ``outlet`` (newest first), each checked against the runs
    before it; a failed check's figure is marked ``FAIL``."""
    recorded = [
        RunSummary.from_json(summary)
        for summary in state.recent_runs(outlet, runs + limits.recent_runs)
    ]
    rows = [["started", "items", *CHECKS, "verdict"]]
    for index, run in enumerate(recorded[:runs]):
        checks = evaluate(run, recorded[index + 1 :], limits)
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
