"""What a dataset holds, counted while it is written: the card and the chart read it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from newscrawl.export.columns import parse_timestamp

if TYPE_CHECKING:
    from datetime import datetime
    from pathlib import Path


@dataclass
class DatasetStats:
    """Counts over the rows written; small whatever the row count (outlets × days).

    ``num_bytes`` is the rows' size in Arrow memory as the card's features load them,
    ``download_size`` the data files' size on disk.
    """

    rows: int = 0
    near_duplicates: int = 0
    undated: int = 0
    first: datetime | None = None
    last: datetime | None = None
    fetched_first: datetime | None = None
    fetched_last: datetime | None = None
    by_outlet_language: Counter[tuple[str, str]] = field(default_factory=Counter)
    by_outlet_day: Counter[tuple[str, str]] = field(default_factory=Counter)
    by_source: Counter[str] = field(default_factory=Counter)
    files: list[Path] = field(default_factory=list)
    num_bytes: int = 0
    download_size: int = 0

    def add(self, row: dict[str, Any]) -> None:
        """Count one written row."""
        self.rows += 1
        self.near_duplicates += row["duplicate_of"] is not None
        self.by_outlet_language[row["outlet"], row["language"] or "unknown"] += 1
        self.by_source[(row["archive"] or {}).get("source", "live")] += 1
        fetched = parse_timestamp(row["fetched_at"])
        self.fetched_first = min(self.fetched_first or fetched, fetched)  # type: ignore[type-var]
        self.fetched_last = max(self.fetched_last or fetched, fetched)  # type: ignore[type-var]
        published = parse_timestamp(row["published_at"])
        if published is None:
            self.undated += 1
            return
        # The day on the outlet's own calendar, as the page states its offset.
        self.by_outlet_day[row["outlet"], row["published_at"][:10]] += 1
        self.first = min(self.first or published, published)
        self.last = max(self.last or published, published)

    @property
    def outlets(self) -> list[str]:
        """The outlets present, sorted."""
        return sorted({outlet for outlet, _ in self.by_outlet_language})

    @property
    def languages(self) -> list[str]:
        """The languages present, sorted."""
        return sorted({language for _, language in self.by_outlet_language} - {"unknown"})
