"""The health checks: pure functions from one run's figures (and earlier runs') to verdicts."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from statistics import median
from typing import TYPE_CHECKING, Any

from newscrawl.core.stats import DATE_SOURCES

if TYPE_CHECKING:
    from newscrawl.core.thresholds import Thresholds

OK, FAIL, SKIP = "ok", "FAIL", "skip"
# The source of a run that read the outlet's own site (``-a source=live``).
LIVE = "live"


def history_key(outlet: str, source: str = LIVE) -> str:
    """The name the runs of ``outlet`` that read ``source`` are recorded under in the crawl
    state: the outlet's own for live runs (as before archive sources), ``outlet@source`` for
    an archive's, so that a run is only ever compared with runs of its own source."""
    return outlet if source == LIVE else f"{outlet}@{source}"


def split_history_key(key: str) -> tuple[str, str]:
    """The outlet and the source of a :func:`history_key`."""
    outlet, _, source = key.partition("@")
    return outlet, source or LIVE


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
    plus ``bodies``. ``date_sources`` counts the dated articles by where their publication date
    came from (``json_ld``, ``meta``, …, ``visible``). ``source`` is where the run read its
    pages (``live``, ``commoncrawl``, ``wayback``). A figure missing from a stored summary
    (recorded before it existed) is 0, a missing source ``live``.
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
    date_sources: dict[str, int] = field(default_factory=dict)
    source: str = LIVE

    @property
    def key(self) -> str:
        """The name the run is recorded under (:func:`history_key`)."""
        return history_key(self.outlet, self.source)

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
    "date_sources", "sources",
)


def evaluate(run: RunSummary, history: list[RunSummary], limits: Thresholds) -> list[Check]:
    """Every check of ``run``; ``history`` holds the outlet's earlier runs of the same source,
    newest first."""
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
        _date_sources(run, recent, limits),
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


def _date_sources(run: RunSummary, recent: list[RunSummary], limits: Thresholds) -> Check:
    """Whether the outlet's dates started coming from sources weaker than its usual one.

    The usual source is the one that gave most dates over the recent runs; the figure is the
    share of this run's dates that came from a weaker source, judged against the median of
    that share in the recent runs.
    """
    counted = [earlier for earlier in recent if sum(earlier.date_sources.values())]
    usual = _usual_date_source(counted)
    dated = sum(run.date_sources.values())
    if usual is None:
        return Check("date_sources", SKIP, f"{dated} dated", "no earlier run with dates")
    weaker = set(DATE_SOURCES[DATE_SOURCES.index(usual) + 1 :])
    baseline = median(_share_of(earlier.date_sources, weaker) for earlier in counted)
    limit = min(1.0, baseline + limits.max_date_source_shift)
    threshold = f"<= {limit:.0%} weaker than {usual} (median {baseline:.0%} of the last runs)"
    count = sum(n for source, n in run.date_sources.items() if source in weaker)
    if dated < limits.min_sample:
        return Check("date_sources", SKIP, f"{count} of {dated}", threshold,
                     f"fewer than {limits.min_sample} to judge")
    share = count / dated
    status = FAIL if share > limit else OK
    detail = ", ".join(f"{source} {n}" for source, n in sorted(
        run.date_sources.items(), key=lambda pair: _strength(pair[0])))
    return Check("date_sources", status, f"{share:.0%} ({count} of {dated})", threshold, detail)


def _usual_date_source(runs: list[RunSummary]) -> str | None:
    totals: dict[str, int] = {}
    for earlier in runs:
        for source, count in earlier.date_sources.items():
            if source in DATE_SOURCES:
                totals[source] = totals.get(source, 0) + count
    if not totals:
        return None
    return max(totals, key=lambda source: (totals[source], -_strength(source)))


def _strength(source: str) -> int:
    return DATE_SOURCES.index(source) if source in DATE_SOURCES else len(DATE_SOURCES)


def _share_of(counts: dict[str, int], sources: set[str]) -> float:
    total = sum(counts.values())
    return sum(n for source, n in counts.items() if source in sources) / total if total else 0.0


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
