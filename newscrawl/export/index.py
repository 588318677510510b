"""An on-disk index of crawl runs (SQLite): one row per article, whatever the input size.

The first pass reads every run file once and keeps, per canonical URL, where the line of its
latest revision is (file, byte offset) and the few fields filters need. Writers then read
exactly those lines back, so memory does not grow with the number of runs.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from newscrawl.core.profile import timezone_for_host
from newscrawl.core.window import Window
from newscrawl.export.checks import Rejected, check_article
from newscrawl.export.columns import parse_timestamp
from newscrawl.export.lines import MAX_LINE_BYTES, read_lines
from newscrawl.outlets import OUTLETS

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from pathlib import Path

    from tqdm import tqdm

logger = logging.getLogger(__name__)

RUN_SUFFIXES = (".jsonl", ".jl")
TOO_LONG = f"longer than {MAX_LINE_BYTES // 2**20} MiB"

_SCHEMA = """
CREATE TABLE articles (
    canonical_url TEXT PRIMARY KEY,
    revision INTEGER NOT NULL,
    fetched REAL NOT NULL,
    seq INTEGER NOT NULL,
    file INTEGER NOT NULL,
    offset INTEGER NOT NULL,
    outlet TEXT NOT NULL,
    language TEXT,
    published REAL,
    month TEXT NOT NULL,
    word_count INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    duplicate_of TEXT
);
CREATE TABLE bounds (outlet TEXT PRIMARY KEY, since REAL, until REAL);
"""
# Same canonical URL: the higher revision wins, then the later fetch, then the later line.
_UPSERT = """
INSERT INTO articles VALUES (
    :canonical_url, :revision, :fetched, :seq, :file, :offset, :outlet, :language,
    :published, :month, :word_count, :content_hash, :duplicate_of)
ON CONFLICT (canonical_url) DO UPDATE SET
    revision = excluded.revision, fetched = excluded.fetched, seq = excluded.seq,
    file = excluded.file, offset = excluded.offset, outlet = excluded.outlet,
    language = excluded.language, published = excluded.published, month = excluded.month,
    word_count = excluded.word_count, content_hash = excluded.content_hash,
    duplicate_of = excluded.duplicate_of
WHERE (excluded.revision, excluded.fetched, excluded.seq)
    > (articles.revision, articles.fetched, articles.seq)
"""
# The same body under another canonical URL: the first published copy is the original.
_MARK_COPIES = """
UPDATE articles SET duplicate_of = copies.original
FROM (
    SELECT canonical_url, FIRST_VALUE(canonical_url) OVER (
        PARTITION BY content_hash ORDER BY published IS NULL, published, fetched, seq
    ) AS original FROM articles
) AS copies
WHERE articles.canonical_url = copies.canonical_url
    AND copies.original != copies.canonical_url AND articles.duplicate_of IS NULL
"""


@dataclass(frozen=True)
class Filters:
    """Which articles go into the dataset; an empty choice means all.

    ``since`` and ``until`` are read as a crawl's ``-a since``/``-a until``
    (:class:`~newscrawl.core.window.Window`): an ISO date is that whole calendar day in each
    outlet's own time zone, a time without an offset is that outlet's local time, a time
    with an offset is exact; both bounds are inclusive. Undated articles are left out when
    either is given.
    """

    since: str | None = None
    until: str | None = None
    outlets: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    min_words: int = 0
    drop_near_duplicates: bool = False

    def window(self, outlet: str) -> Window:
        """The publication window for ``outlet``, in its time zone; ValueError if inverted."""
        return Window.from_arguments(self.since, self.until, outlet_zone(outlet))

    def where(self) -> tuple[str, dict[str, Any]]:
        """The SQL condition and its parameters; the window's bounds are in ``bounds``."""
        clauses, params = ["word_count >= :min_words"], {"min_words": self.min_words}
        for bound, operator in (("since", ">="), ("until", "<=")):
            if getattr(self, bound):
                clauses.append(f"published {operator} (SELECT {bound} FROM bounds "
                               "WHERE bounds.outlet = articles.outlet)")
        for name, values in (("outlet", self.outlets), ("language", self.languages)):
            if values:
                keys = [f"{name}{i}" for i in range(len(values))]
                clauses.append(f"{name} IN ({', '.join(':' + key for key in keys)})")
                params.update(zip(keys, sorted(values), strict=True))
        if self.drop_near_duplicates:
            clauses.append("duplicate_of IS NULL")
        return " AND ".join(clauses), params


def outlet_zone(outlet: str) -> ZoneInfo:
    """The time zone of an outlet: its profile's, else (a site crawled without one, named by
    its registered domain) its country's, as the ``site`` spider reads it."""
    profile = OUTLETS.get(outlet)
    return profile.zone if profile else ZoneInfo(timezone_for_host(outlet))


@dataclass
class IndexCounts:
    """What the first pass saw: ``invalid`` lines are unreadable, ``rejected`` ones no Article."""

    lines: int = 0
    invalid: int = 0
    superseded: int = 0
    copies: int = 0
    invalid_by_reason: dict[str, int] = field(default_factory=dict)
    rejected: int = 0
    rejected_by_reason: dict[str, int] = field(default_factory=dict)


def describe_reasons(reasons: dict[str, int]) -> str:
    """`` (reason: count, …)``, the most frequent first; empty for no reasons."""
    if not reasons:
        return ""
    ranked = sorted(reasons.items(), key=lambda pair: (-pair[1], pair[0]))
    return f" ({', '.join(f'{reason}: {count}' for reason, count in ranked)})"


@dataclass(frozen=True)
class Selected:
    """Where one selected article's line is, and its partition keys."""

    file: int
    offset: int
    outlet: str
    month: str
    duplicate_of: str | None


def run_files(paths: Iterable[Path]) -> list[Path]:
    """The run files named; directories are searched recursively, their files in name order."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.suffix in RUN_SUFFIXES and p.is_file())
        elif path.is_file():
            files.append(path)
        else:
            raise FileNotFoundError(f"no such run file or directory: {path}")
    return list(dict.fromkeys(files))


class RunIndex:
    """The SQLite index over a list of run files."""

    def __init__(self, database: Path, files: list[Path]) -> None:
        self.files = files
        self.db = sqlite3.connect(database)
        self.db.execute("PRAGMA journal_mode = OFF")
        self.db.execute("PRAGMA synchronous = OFF")
        self.db.execute("PRAGMA temp_store = FILE")
        self.db.executescript(_SCHEMA)
        self.counts = IndexCounts()
        self.now = datetime.now(timezone.utc)

    def close(self) -> None:
        """Close the database."""
        self.db.close()

    def build(self, progress: tqdm) -> IndexCounts:
        """Read every run once: the latest revision per canonical URL, then body copies."""
        with self.db:
            self.db.executemany(_UPSERT, self._entries(progress))
        distinct = self.db.execute("SELECT count(*) FROM articles").fetchone()[0]
        skipped = self.counts.invalid + self.counts.rejected
        self.counts.superseded = self.counts.lines - skipped - distinct
        with self.db:
            self.counts.copies = self.db.execute(_MARK_COPIES).rowcount
        return self.counts

    def outlets(self) -> list[str]:
        """The outlets of the indexed articles."""
        return [row[0] for row in self.db.execute("SELECT DISTINCT outlet FROM articles")]

    def count(self, filters: Filters) -> int:
        """How many articles ``filters`` select."""
        self._bounds(filters)
        where, params = filters.where()
        return self.db.execute(f"SELECT count(*) FROM articles WHERE {where}", params).fetchone()[0]

    def select(self, filters: Filters, partitions: tuple[str, ...]) -> Iterator[Selected]:
        """The selected articles, grouped by partition, by publication time within one."""
        self._bounds(filters)
        where, params = filters.where()
        order = ", ".join((*partitions, "published IS NULL", "published", "seq"))
        rows = self.db.execute(
            "SELECT file, offset, outlet, month, duplicate_of FROM articles "
            f"WHERE {where} ORDER BY {order}",
            params,
        )
        for row in rows:
            yield Selected(*row)

    def _bounds(self, filters: Filters) -> None:
        """Each outlet's publication window, as timestamps, in the table ``bounds``."""
        rows = []
        for outlet in self.outlets():
            window = filters.window(outlet)
            rows.append((outlet, *(moment.timestamp() if moment else None
                                   for moment in (window.since, window.until))))
        with self.db:
            self.db.execute("DELETE FROM bounds")
            self.db.executemany("INSERT INTO bounds VALUES (?, ?, ?)", rows)

    def _entries(self, progress: tqdm) -> Iterator[dict[str, Any]]:
        for number, path in enumerate(self.files):
            with path.open("rb") as run:
                for offset, size, line in read_lines(run):
                    self.counts.lines += 1
                    entry = self._read(path, offset, size, line)
                    if entry is not None:
                        entry.update(seq=self.counts.lines, file=number, offset=offset)
                        yield entry
                    progress.update(size)

    def _read(
        self, path: Path, offset: int, size: int, line: bytes | None
    ) -> dict[str, Any] | None:
        """The index row of one line, or None for a line skipped and counted."""
        if line is None:
            return self._invalid(path, offset, TOO_LONG, f"{size} bytes")
        try:
            item = json.loads(line)
        except (ValueError, RecursionError) as error:
            return self._invalid(path, offset, "not JSON", str(error))
        try:
            check_article(item, self.now)
        except Rejected as error:
            self.counts.rejected += 1
            _add(self.counts.rejected_by_reason, error.reason)
            logger.warning("Skipping line at byte %d of %s: %s", offset, path, error)
            return None
        return _entry(item)

    def _invalid(self, path: Path, offset: int, reason: str, detail: str) -> None:
        self.counts.invalid += 1
        _add(self.counts.invalid_by_reason, reason)
        logger.warning("Skipping line at byte %d of %s: %s: %s", offset, path, reason, detail)


def _add(reasons: dict[str, int], reason: str) -> None:
    reasons[reason] = reasons.get(reason, 0) + 1


def _entry(item: dict[str, Any]) -> dict[str, Any]:
    """The index row of a checked Article."""
    published = parse_timestamp(item["published_at"])
    return {
        "canonical_url": item["canonical_url"],
        "revision": item.get("revision") or 0,
        "fetched": parse_timestamp(item["fetched_at"]).timestamp(),  # type: ignore[union-attr]
        "outlet": item["outlet"],
        "language": item["language"],
        "published": published.timestamp() if published else None,
        "month": item["published_at"][:7] if published else "unknown",
        "word_count": item["word_count"],
        "content_hash": item["content_hash"],
        "duplicate_of": item.get("duplicate_of") or None,
    }
