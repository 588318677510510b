"""Run summaries kept in the crawl state (a table of its own in the same SQLite file)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from newscrawl.health.checks import RunSummary

if TYPE_CHECKING:
    from newscrawl.state import CrawlState

_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    outlet TEXT NOT NULL,
    started_at TEXT NOT NULL,
    healthy INTEGER NOT NULL,
    summary TEXT NOT NULL,
    PRIMARY KEY (outlet, started_at)
);
"""


def record_run(state: CrawlState, run: RunSummary, healthy: bool) -> None:
    """Store the summary of a finished run."""
    with state.db:
        state.db.executescript(_SCHEMA)
        state.db.execute(
            "INSERT OR REPLACE INTO runs VALUES (?, ?, ?, ?)",
            (run.outlet, run.started_at, int(healthy), json.dumps(run.to_json())),
        )


def recent_runs(state: CrawlState, outlet: str, limit: int) -> list[RunSummary]:
    """The outlet's last ``limit`` recorded runs, newest first."""
    state.db.executescript(_SCHEMA)
    rows = state.db.execute(
        "SELECT summary FROM runs WHERE outlet = ? ORDER BY started_at DESC LIMIT ?",
        (outlet, limit),
    )
    return [RunSummary.from_json(json.loads(summary)) for (summary,) in rows]


def outlets_with_runs(state: CrawlState) -> list[str]:
    """The outlets that have recorded runs, by name."""
    state.db.executescript(_SCHEMA)
    return [name for (name,) in state.db.execute("SELECT DISTINCT outlet FROM runs ORDER BY 1")]
