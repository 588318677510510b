"""What a healthy crawl of an outlet looks like: part of its profile, read by crawl health."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any


@dataclass(frozen=True)
class Thresholds:
    """What a healthy run of an outlet looks like; set per outlet in its profile (``health``)
    or per crawl with the setting ``NEWSCRAWL_HEALTH_THRESHOLDS`` (a dict of these fields).

    A share is judged only when at least ``min_sample`` pages or items make it up.
    """

    recent_runs: int = 10
    min_articles_ratio: float = 0.5
    max_invalid_share: float = 0.05
    max_undated_share: float = 0.2
    short_words: int = 60
    max_short_share: float = 0.3
    max_error_share: float = 0.1
    max_blocked_share: float = 0.5
    max_date_source_shift: float = 0.3
    finish_reasons: tuple[str, ...] = ("finished",)
    min_sample: int = 5

    def __post_init__(self) -> None:
        for name in ("min_articles_ratio", "max_invalid_share", "max_undated_share",
                     "max_short_share", "max_error_share", "max_blocked_share",
                     "max_date_source_shift"):
            if not 0 <= getattr(self, name) <= 1:
                raise ValueError(f"health threshold {name} must be between 0 and 1")
        if self.recent_runs < 1 or self.short_words < 1 or self.min_sample < 1:
            raise ValueError("health thresholds recent_runs, short_words, min_sample must be >= 1")

    def override(self, values: dict[str, Any]) -> Thresholds:
        """These thresholds with ``values`` (from settings) put over them."""
        known = {item.name for item in fields(self)}
        if unknown := set(values) - known:
            raise ValueError(f"unknown health thresholds {sorted(unknown)}: use {sorted(known)}")
        if "finish_reasons" in values:
            reasons = values["finish_reasons"]
            values = {**values, "finish_reasons": tuple(
                reasons.split(",") if isinstance(reasons, str) else reasons
            )}
        return replace(self, **values)
