"""``newscrawl health``: the last runs of each outlet from the crawl state, checked again.

The runs of an outlet are kept apart by source: a run that read an archive is checked against
earlier runs of that archive only, never against live runs (:func:`history_key`).
"""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from newscrawl.core.thresholds import Thresholds
from newscrawl.health.checks import (
    CHECKS,
    FAIL,
    LIVE,
    SKIP,
    Check,
    RunSummary,
    evaluate,
    history_key,
    split_history_key,
)
from newscrawl.health.report import describe, table

if TYPE_CHECKING:
    from collections.abc import Iterable

    from newscrawl.state.store import CrawlState


def checked_runs(
    state: CrawlState, outlet: str, runs: int, limits: Thresholds, source: str = LIVE
) -> list[tuple[RunSummary, list[Check]]]:
    """The last ``runs`` recorded runs of ``outlet`` that read ``source`` (newest first), each
    with its checks against the runs of that source before it."""
    recorded = [
        RunSummary.from_json({"source": source, **summary})
        for summary in state.recent_runs(history_key(outlet, source), runs + limits.recent_runs)
    ]
    return [
        (run, evaluate(run, recorded[index + 1 :], limits))
        for index, run in enumerate(recorded[:runs])
    ]


def history_table(
    state: CrawlState, outlet: str, runs: int, limits: Thresholds, source: str = LIVE
) -> str:
    """One row per recorded run of ``outlet`` that read ``source`` (newest first), each
    checked against the runs before it; a failed check's figure is marked ``FAIL``."""
    rows = [["started", "items", *CHECKS, "verdict"]]
    for run, checks in checked_runs(state, outlet, runs, limits, source):
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
    name = describe(outlet, source)
    if len(rows) == 1:
        return f"{name}: no recorded runs"
    return f"{name} (last {len(rows) - 1} runs, newest first)\n{table(rows)}"


def histories(
    state: CrawlState, outlets: Iterable[str] | None = None, sources: Iterable[str] | None = None
) -> list[tuple[str, str]]:
    """The (outlet, source) pairs with recorded runs, by outlet, live first; only ``outlets``
    and ``sources`` when given. An outlet named without such runs is listed all the same
    (its live history, or that of each source named), to say it has none."""
    recorded = [split_history_key(key) for key in state.outlets_with_runs()]
    kinds = list(dict.fromkeys(sources or ()))
    named = list(dict.fromkeys(outlets or ()))
    names = named or sorted({outlet for outlet, _ in recorded})
    pairs = []
    for name in names:
        found = sorted(
            (source for outlet, source in recorded
             if outlet == name and (not kinds or source in kinds)),
            key=lambda source: (source != LIVE, source),
        )
        if not found and named:
            found = kinds or [LIVE]
        pairs += [(name, source) for source in found]
    return pairs


def health_tables(
    state: CrawlState,
    outlets: list[str] | None,
    runs: int,
    limits: dict[str, Thresholds],
    sources: list[str] | None = None,
) -> str:
    """The tables of ``outlets`` (default: every outlet with recorded runs), one per source
    their runs read (default: every one)."""
    pairs = histories(state, outlets, sources)
    if not pairs:
        return "No recorded runs in the crawl state."
    return "\n\n".join(
        history_table(state, outlet, runs, limits.get(outlet, Thresholds()), source)
        for outlet, source in pairs
    )


def health_json(
    state: CrawlState,
    outlets: list[str] | None,
    runs: int,
    limits: dict[str, Thresholds],
    sources: list[str] | None = None,
) -> list[dict[str, Any]]:
    """What :func:`health_tables` shows, as data: per outlet and source, its runs (newest
    first), each with its summary, every check and its verdict."""
    result = []
    for outlet, source in histories(state, outlets, sources):
        checked = checked_runs(state, outlet, runs, limits.get(outlet, Thresholds()), source)
        result.append({"outlet": outlet, "source": source, "runs": [
            {
                "run": run.to_json(),
                "checks": [asdict(check) for check in checks],
                "failed": [check.check for check in checks if check.failed],
                "healthy": not any(check.failed for check in checks),
            }
            for run, checks in checked
        ]})
    return result
