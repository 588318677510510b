"""Body extraction quality and CPU cost against plain trafilatura, on real article pages.

    python benchmarks/extraction.py [--aeb ../shared/aeb] [--repeat 3] [--limit N]

Runs two systems over the pages of the article-extraction-benchmark (``--aeb``: its folder,
with ``html/<id>.html.gz``, ``ground-truth.json`` and ``evaluate.py``):

- newscrawl: :func:`decode_html` on the page bytes, then :func:`extract_article` on the
  generic path (no profile); a page it refuses (:class:`NotAnArticle`) scores as an empty
  body and is listed with its reason;
- trafilatura: ``trafilatura.extract(html, include_comments=False)`` on the page read as the
  benchmark's own runner reads it (gzip text mode, UTF-8), the baseline.

Both outputs are scored by the benchmark's ``evaluate.py``, run unchanged in a temporary copy
of its layout: F1, precision and recall over 4-word shingles, with its bootstrap error bars.
CPU time per page is ``time.process_time()`` around each call, both systems in this process.
Each page is extracted by both systems in turn, ``--repeat`` times (which system goes first
alternates), and a page's time is the least of its repeats: on a machine others use too, the
two systems then see the same load and a page's figure is the one least disturbed by it
(timeit's rule). The mean over pages is reported, and the ratio of the two means. It prints a
table, the pages where newscrawl scores clearly below trafilatura, those where its precision
is lowest, and as its last line one JSON object: ``{"pages", "newscrawl_f1",
"newscrawl_precision", "newscrawl_recall", "trafilatura_f1", "trafilatura_precision",
"trafilatura_recall", "refused", "newscrawl_ms", "trafilatura_ms", "cpu_ratio"}``.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import trafilatura  # noqa: E402

from newscrawl.core.version import __version__  # noqa: E402
from newscrawl.extract.article import NotAnArticle, extract_article  # noqa: E402
from newscrawl.extract.encoding import decode_html  # noqa: E402

if TYPE_CHECKING:
    from collections.abc import Callable

DEFAULT_AEB = ROOT.parent / "shared" / "aeb"
# The pages were saved in November 2019; dates on them are judged as of just after.
FETCHED_AT = datetime(2019, 12, 1, tzinfo=timezone.utc)
SYSTEMS = ("newscrawl", "trafilatura")
# A page counts as clearly worse when its F1 is this far below trafilatura's.
CLEARLY_WORSE = 0.05


@dataclass(frozen=True)
class Page:
    """One benchmark page: its id, URL, our decoding and the benchmark runner's."""

    id: str
    url: str
    html: str
    runner_html: str


@dataclass
class Run:
    """One system's outputs over the pages and its CPU time per page, repeat by repeat."""

    bodies: dict[str, str] = field(default_factory=dict)
    refusals: dict[str, str] = field(default_factory=dict)
    times: dict[str, list[float]] = field(default_factory=dict)

    @property
    def page_ms(self) -> list[float]:
        """Each page's least CPU ms over the repeats."""
        return [min(times) for times in self.times.values()]

    @property
    def mean_ms(self) -> float:
        """The mean over pages of their least CPU ms."""
        return statistics.mean(self.page_ms)

    @property
    def median_ms(self) -> float:
        """The median over pages of their least CPU ms."""
        return statistics.median(self.page_ms)


def load_pages(aeb: Path, limit: int | None) -> list[Page]:
    """The benchmark's pages in id order, the first ``limit`` of them if given."""
    truth = json.loads((aeb / "ground-truth.json").read_text("utf-8"))
    pages = []
    for page_id in sorted(truth)[:limit]:
        raw = gzip.decompress((aeb / "html" / f"{page_id}.html.gz").read_bytes())
        _, html = decode_html(raw)
        # gzip.open(path, "rt", encoding="utf8"), as the benchmark's runner reads a page.
        runner_html = io.TextIOWrapper(io.BytesIO(raw), encoding="utf8").read()
        pages.append(Page(page_id, truth[page_id]["url"], html, runner_html))
    return pages


def newscrawl_body(page: Page) -> str:
    """The body newscrawl extracts; raises :class:`NotAnArticle` for a refused page."""
    return extract_article(page.html, page.url, FETCHED_AT)["body"]


def trafilatura_body(page: Page) -> str:
    """The body plain trafilatura extracts, empty when it finds none."""
    return trafilatura.extract(page.runner_html, include_comments=False) or ""


def timed(extract: Callable[[Page], str], page: Page, run: Run) -> None:
    """Run ``extract`` on ``page``, recording its CPU ms (and its output, the first time)."""
    refusal = None
    started = time.process_time()
    try:
        body = extract(page)
    except NotAnArticle as error:
        body, refusal = "", str(error)
    run.times.setdefault(page.id, []).append((time.process_time() - started) * 1000)
    if page.id not in run.bodies:
        run.bodies[page.id] = body
        if refusal is not None:
            run.refusals[page.id] = refusal


def measure(pages: list[Page], repeat: int) -> dict[str, Run]:
    """Both systems over all pages, each page by both in turn, ``repeat`` times."""
    extractors = {"newscrawl": newscrawl_body, "trafilatura": trafilatura_body}
    for extract in extractors.values():
        # Lazy loading (language models, parsers) is not per-page cost.
        timed(extract, pages[0], Run())
    runs = {name: Run() for name in SYSTEMS}
    for round_ in range(repeat):
        order = list(extractors.items())[:: -1 if round_ % 2 else 1]
        for page in pages:
            for name, extract in order:
                timed(extract, page, runs[name])
    return runs


def evaluate(aeb: Path, pages: list[Page], runs: dict[str, Run], workdir: Path) -> tuple[
    dict[str, Any], str
]:
    """Scores of each system by the benchmark's ``evaluate.py``, and what it printed."""
    truth = json.loads((aeb / "ground-truth.json").read_text("utf-8"))
    (workdir / "ground-truth.json").write_text(
        json.dumps({page.id: truth[page.id] for page in pages}, ensure_ascii=False), "utf-8"
    )
    output = workdir / "output"
    output.mkdir()
    versions = {"newscrawl": __version__, "trafilatura": trafilatura.__version__}
    for name, run in runs.items():
        # evaluate.py unwraps "output" only when "version" is beside it.
        document = {"version": versions[name],
                    "output": {page.id: {"articleBody": run.bodies[page.id]} for page in pages}}
        (output / f"{name}.json").write_text(json.dumps(document, ensure_ascii=False), "utf-8")
    results = workdir / "results.json"
    completed = subprocess.run(
        [sys.executable, str(aeb / "evaluate.py"), "--output", str(results)],
        cwd=workdir, capture_output=True, text=True, check=False,
    )
    if completed.returncode != 0:
        raise SystemExit(f"evaluate.py failed ({completed.returncode}):\n{completed.stderr}")
    return json.loads(results.read_text("utf-8")), completed.stdout


def page_share(tp: float, wrong: float, other: float) -> float:
    """Precision (``wrong`` = fp) or recall (``wrong`` = fn) of one page, as evaluate.py
    scores them."""
    if wrong == other == 0:
        return 1.0
    return tp / (tp + wrong) if tp + wrong else 0.0


def page_f1(tp: float, fp: float, fn: float) -> float:
    """Shingle F1 of one page from evaluate.py's normalised (tp, fp, fn)."""
    if fp == fn == 0:
        return 1.0
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def per_page_f1(scores: dict[str, Any], pages: list[Page]) -> dict[str, dict[str, float]]:
    """F1 of each page for each system, as ``{system: {id: f1}}``."""
    # evaluate.py lists tp_fp_fns in ground-truth order, which is the pages' order here.
    return {name: {page.id: page_f1(*triple)
                   for page, triple in zip(pages, scores[name]["tp_fp_fns"], strict=True)}
            for name in SYSTEMS}


def print_table(scores: dict[str, Any], runs: dict[str, Run]) -> None:
    """One row per system: F1, precision, recall (± bootstrap), refusals, CPU ms per page."""
    print(f"{'system':<12} {'F1':<13}  {'precision':<13}  {'recall':<13}  {'refusals':>8}  "
          f"{'CPU ms/page mean (median)':>25}")
    for name in SYSTEMS:
        metric, run = scores[name], runs[name]
        refusals = len(run.refusals) if name == "newscrawl" else sum(
            not body.strip() for body in run.bodies.values())
        print(f"{name:<12} "
              + "  ".join(f"{metric[key]:.3f} ± {metric[f'{key}_std']:.3f}"
                          for key in ("f1", "precision", "recall"))
              + f"  {refusals:>8}  {run.mean_ms:>16.1f} ({run.median_ms:.1f})")


def print_refusals(run: Run, pages: list[Page]) -> None:
    """The pages newscrawl refused, with the reason it gave."""
    urls = {page.id: page.url for page in pages}
    print(f"newscrawl refused {len(run.refusals)} pages:")
    for page_id, reason in sorted(run.refusals.items(), key=lambda item: item[1]):
        print(f"  {page_id[:12]}  {reason:<28} {urls[page_id]}")


def print_worst(f1s: dict[str, dict[str, float]], pages: list[Page], count: int) -> None:
    """The pages where newscrawl's F1 falls furthest below trafilatura's."""
    ours, theirs = f1s["newscrawl"], f1s["trafilatura"]
    worse = sorted((page for page in pages if ours[page.id] < theirs[page.id] - CLEARLY_WORSE),
                   key=lambda page: ours[page.id] - theirs[page.id])
    better = sum(ours[page.id] > theirs[page.id] + CLEARLY_WORSE for page in pages)
    print(f"pages clearly worse than trafilatura (F1 lower by > {CLEARLY_WORSE}): {len(worse)}; "
          f"clearly better: {better}; worst {min(count, len(worse))}:")
    print(f"  {'id':<64}  {'ours':>5}  {'traf':>5}  host")
    for page in worse[:count]:
        print(f"  {page.id:<64}  {ours[page.id]:5.3f}  {theirs[page.id]:5.3f}  "
              f"{urlsplit(page.url).hostname}")


def print_least_precise(scores: dict[str, Any], pages: list[Page], count: int) -> None:
    """The pages where newscrawl keeps most text that is not the article's."""
    rows = sorted(
        ((page_share(tp, fp, fn), page_share(tp, fn, fp), page)
         for page, (tp, fp, fn) in zip(pages, scores["newscrawl"]["tp_fp_fns"], strict=True)),
        key=lambda row: row[0],
    )
    print(f"newscrawl's least precise pages ({count}):")
    print(f"  {'id':<64}  {'prec':>5}  {'rec':>5}  host")
    for precision, recall, page in rows[:count]:
        print(f"  {page.id:<64}  {precision:5.3f}  {recall:5.3f}  {urlsplit(page.url).hostname}")


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--aeb", type=Path, default=DEFAULT_AEB,
                        help="the article-extraction-benchmark folder (default ../shared/aeb)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="times each page is extracted by each system (default 3)")
    parser.add_argument("--limit", type=int, default=None,
                        help="the first N pages only, for a quick run (default: all)")
    parser.add_argument("--worst", type=int, default=10,
                        help="list this many pages where newscrawl is clearly worse, and this "
                             "many least precise (default 10)")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")

    aeb = args.aeb.resolve()
    started = time.perf_counter()
    pages = load_pages(aeb, args.limit)
    print(f"pages: {len(pages)} from {aeb}; newscrawl {__version__}, "
          f"trafilatura {trafilatura.__version__}; each page timed {args.repeat} times")
    runs = measure(pages, args.repeat)
    with tempfile.TemporaryDirectory(prefix="newscrawl-aeb-") as tmp:
        scores, report = evaluate(aeb, pages, runs, Path(tmp))
    print("evaluate.py:")
    print("\n".join(f"  {line}" for line in report.rstrip().splitlines()))
    print()
    print_table(scores, runs)
    ratio = runs["newscrawl"].mean_ms / runs["trafilatura"].mean_ms
    print(f"CPU ratio newscrawl/trafilatura: {ratio:.2f} (means per page)")
    print_refusals(runs["newscrawl"], pages)
    print_worst(per_page_f1(scores, pages), pages, args.worst)
    print_least_precise(scores, pages, args.worst)
    print(f"took {time.perf_counter() - started:.0f} s")
    print(json.dumps({
        "pages": len(pages),
        **{f"{name}_{key}": round(scores[name][key], 3)
           for name in SYSTEMS for key in ("f1", "precision", "recall")},
        "refused": len(runs["newscrawl"].refusals),
        "newscrawl_ms": round(runs["newscrawl"].mean_ms, 1),
        "trafilatura_ms": round(runs["trafilatura"].mean_ms, 1),
        "cpu_ratio": round(ratio, 2),
    }))


if __name__ == "__main__":
    main()
