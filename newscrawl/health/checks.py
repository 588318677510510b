"""The health checks: pure functions from one run's figures (and earlier runs') to verdicts."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, replace
from statistics import median
from typing import Any

OK, FAIL, SKIP = "ok", "FAIL", "skip"
FAILED_STAT = "newscrawl/health/failed_checks"


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
    finish_reasons: tuple[str, ...] = ("finished",)
    min_sample: int = 5

    def __post_init__(self) -> None:
        for name in ("min_articles_ratio", "max_invalid_share", "max_undated_share",
                     "max_short_share", "max_error_share"):
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


@dataclass
class RunSummary:
    """The figures of one crawl run that the checks read; stored in the crawl state.

    ``articles`` counts the article pages that gave an article, new or already written
    (dropped as a duplicate or unchanged), plus the article pages skipped as fetched by an
    earlier run, so that an incremental run with nothing new is not taken for a broken one;
    ``sources`` holds the same count per sitemap, feed and listing. ``judged`` is the
    articles that reached the pipelines (the base of ``undated``), ``bodies`` those plus the
    pages skipped as too short or empty (the base of ``short``).
    """

    outlet: str
    started_at: str
    finished_at: str
    finish_reason: str
    items: int = 0
    articles: int = 0
    pipeline_items: int = 0
    invalid: int = 0
    judged: int = 0
    undated: int = 0
    bodies: int = 0
    short: int = 0
    responses: int = 0
    errors: int = 0
    sources: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The summary as a JSON object."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RunSummary:
        """A summary read back from :meth:`to_json` (unknown keys ignored)."""
        known = {item.name for item in fields(cls)}
        return cls(**{key: value for key, value in data.items() if key in known})


@dataclass(frozen=True)
class Check:
    """One check's verdict: ``status`` is ``ok``, ``FAIL`` or ``skip`` (too little to judge)."""

    check: str
    status: str
    figure: str
    threshold: str
    detail: str = ""

    @property
    def failed(self) -> bool:
        """Whether the check failed."""
        return self.status == FAIL

    def message(self, outlet: str) -> str:
        """One line naming the outlet, the check, the figure and the threshold."""
        text = f"{outlet}: {self.check} {self.status}: {self.figure} (threshold {self.threshold})"
        return f"{text}; {self.detail}" if self.detail else text


CHECKS = ("finish_reason", "articles", "invalid", "undated", "short_body", "errors", "sources")


def evaluate(run: RunSummary, history: list[RunSummary], limits: Thresholds) -> list[Check]:
    """Every check of ``run``; ``history`` holds the outlet's earlier runs, newest first."""
    recent = history[: limits.recent_runs]
    return [
        _finish_reason(run, limits),
        _articles(run, recent, limits),
        _share("invalid", run.invalid, run.pipeline_items, limits.max_invalid_share, limits=limits,
               what="items dropped by schema validation"),
        _share("undated", run.undated, run.judged, limits.max_undated_share, limits=limits,
               what="articles without published_at"),
        _share("short_body", run.short, run.bodies, limits.max_short_share, limits=limits,
               what=f"article pages with a body under {limits.short_words} words"),
        _share("errors", run.errors, run.responses, limits.max_error_share, limits=limits,
               what="error responses (status >= 400 or download errors)"),
        _sources(run, recent[0] if recent else None),
    ]


def _finish_reason(run: RunSummary, limits: Thresholds) -> Check:
    allowed = ", ".join(limits.finish_reasons)
    status = OK if run.finish_reason in limits.finish_reasons else FAIL
    return Check("finish_reason", status, run.finish_reason, f"one of: {allowed}")


def _articles(run: RunSummary, recent: list[RunSummary], limits: Thresholds) -> Check:
    if not recent:
        return Check("articles", SKIP, str(run.articles), "no earlier run to compare with")
    typical = median(earlier.articles for earlier in recent)
    floor = limits.min_articles_ratio * typical
    status = FAIL if typical and run.articles < floor else OK
    threshold = (
        f">= {floor:g} ({limits.min_articles_ratio:g} x median {typical:g} "
        f"of the last {len(recent)} runs)"
    )
    return Check("articles", status, str(run.articles), threshold, f"{run.items} new items")


def _share(
    name: str, count: int, total: int, limit: float, *, limits: Thresholds, what: str
) -> Check:
    threshold = f"<= {limit:.0%}"
    if total < limits.min_sample:
        return Check(name, SKIP, f"{count} of {total}", threshold,
                     f"fewer than {limits.min_sample} to judge")
    share = count / total
    status = FAIL if share > limit else OK
    return Check(name, status, f"{share:.0%} ({count} of {total})", threshold, what)


def _sources(run: RunSummary, last: RunSummary | None) -> Check:
    threshold = "> 0 articles from each source that had some in the last run"
    if last is None:
        return Check("sources", SKIP, f"{len(run.sources)} sources", "no earlier run")
    dried = sorted(
        source for source, count in last.sources.items() if count and not run.sources.get(source)
    )
    alive = sum(1 for count in last.sources.values() if count)
    figure = f"{len(dried)} of {alive} empty"
    return Check("sources", FAIL if dried else OK, figure, threshold, ", ".join(dried))
