"""The health checks: pure functions from one run's figures (and earlier runs') to verdicts."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from statistics import median
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newscrawl.core.thresholds import Thresholds

OK, FAIL, SKIP = "ok", "FAIL", "skip"


@dataclass
class RunSummary:
    """The figures of one crawl run that the checks read; stored in the crawl state.

    ``articles`` counts the article pages that gave an article, new or already written
    (dropped as a duplicate or unchanged), plus the article pages skipped as fetched by an
    earlier run, so that an incremental run with nothing new is not taken for a broken one;
    ``sources`` holds the same count per sitemap, feed and listing. ``judged`` is the
    articles that reached the pipelines (the base of ``undated``), ``bodies`` those plus the
    pages skipped as too short or empty (the base of ``short``). ``blocked`` counts the pages
    a bot wall answered instead (``newscrawl/blocked/<vendor>``); its share is judged of those
    plus ``bodies``. A figure missing from a stored summary (recorded before it existed) is 0.
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
    blocked: int = 0
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


CHECKS = (
    "finish_reason", "articles", "invalid", "undated", "short_body", "errors", "blocked",
    "sources",
)


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
        _share("blocked", run.blocked, run.bodies + run.blocked, limits.max_blocked_share,
               limits=limits, what="pages a bot wall answered instead (challenge or block page)"),
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
