"""Run summaries kept in the crawl state: a table of the SQLite file, or sorted sets in Redis
when the crawl is distributed (each worker then records the runs it took part in)."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from typing import TYPE_CHECKING

from newscrawl.distributed import PREFIX
from newscrawl.health.checks import RunSummary

if TYPE_CHECKING:
    from newscrawl.redisstate import RedisCrawlState
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
_REDIS_OUTLETS = f"{PREFIX}:runs"


def record_run(state: CrawlState | RedisCrawlState, run: RunSummary, healthy: bool) -> None:
    """Store the summary of a finished run."""
    summary = json.dumps(run.to_json())
    if not isinstance(state.db, sqlite3.Connection):
        moment = datetime.fromisoformat(run.started_at).timestamp()
        pipe = state.db.pipeline()
        pipe.zadd(_redis_key(run.outlet), {summary: moment})
        pipe.sadd(_REDIS_OUTLETS, run.outlet)
        pipe.execute()
        return
    # The connection autocommits: the table is created, then the one row written, each atomic.
    state.db.executescript(_SCHEMA)
    state.db.execute(
        "INSERT OR REPLACE INTO runs VALUES (?, ?, ?, ?)",
        (run.outlet, run.started_at, int(healthy), summary),
    )


def recent_runs(state: CrawlState | RedisCrawlState, outlet: str, limit: int) -> list[RunSummary]:
    """The outlet's last ``limit`` recorded runs, newest first."""
    if not isinstance(state.db, sqlite3.Connection):
        rows = state.db.zrevrange(_redis_key(outlet), 0, limit - 1)
        return [RunSummary.from_json(json.loads(summary)) for summary in rows]
    state.db.executescript(_SCHEMA)
    rows = state.db.execute(
        "SELECT summary FROM runs WHERE outlet = ? ORDER BY started_at DESC LIMIT ?",
        (outlet, limit),
    )
    return [RunSummary.from_json(json.loads(summary)) for (summary,) in rows]


def outlets_with_runs(state: CrawlState | RedisCrawlState) -> list[str]:
    """The outlets that have recorded runs, by name."""
    if not isinstance(state.db, sqlite3.Connection):
        return sorted(state.db.smembers(_REDIS_OUTLETS))
    state.db.executescript(_SCHEMA)
    return [name for (name,) in state.db.execute("SELECT DISTINCT outlet FROM runs ORDER BY 1")]


def _redis_key(outlet: str) -> str:
    return f"{_REDIS_OUTLETS}:{outlet}"
