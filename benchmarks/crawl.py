"""Crawl throughput against bare extraction, on the same generated pages.

    python benchmarks/crawl.py [--pages 5000]

Writes a replay snapshot of N article pages of a fictional outlet (``benchmarks/outlet.py``)
into a temporary directory, then measures, on those pages:

(a) bare extraction: :func:`extract_article` over the saved pages in a loop, one process;
(b) the full crawl: ``scrapy crawl`` through the replay server, robots.txt and sitemaps
    first, with every pipeline and JSON Lines output, extraction in the process pool;
(c) plain trafilatura: ``trafilatura.extract(html, include_comments=False)`` over the saved
    pages in a loop, one process;
(d) a plain Scrapy spider (``benchmarks/naive_spider.py``) through the same replay server:
    the same sitemaps, ``trafilatura.extract`` in its callback, a JSON Lines feed;
(e) the same spider yielding each page's URL alone, with the crawl's ``CONCURRENT_ITEMS``:
    the CPU Scrapy itself spends on a page (download, engine, its default middlewares, the
    feed), the floor under ``crawl_process_ms``.

It prints pages/s of each, the ratio (b)/(a), the crawl's peak memory (the crawl process and
its extraction workers together), where the crawl's CPU time went and the CPU the crawl
process itself spent per page (``crawl_process_ms``: read from ``/proc`` as the process
exits, its workers and the replay server excluded). The last line is one JSON object:
``{"pages", "extract_pps", "crawl_pps", "ratio", "crawl_peak_rss_mb", "trafilatura_pps",
"naive_pps", "crawl_process_ms", "scrapy_alone_ms"}``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import trafilatura

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.outlet import HOST, PROFILE, write_snapshot  # noqa: E402
from newscrawl.crawler.settings import (  # noqa: E402
    CONCURRENT_ITEMS,
    EXTENSIONS,
    ITEM_PIPELINES,
)
from newscrawl.extract.article import NotAnArticle, extract_article  # noqa: E402
from newscrawl.replay.server import ReplayServer  # noqa: E402

PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def bare_extraction(snapshot: Path, pages: list[Any]) -> dict[str, float]:
    """Pages/s of :func:`extract_article` over the saved pages, in this process."""
    fetched_at = datetime.now(timezone.utc).replace(microsecond=0)
    refused = 0
    wall, cpu = time.perf_counter(), time.process_time()
    for page in pages:
        try:
            extract_article(_html(snapshot, page), page.url, fetched_at, PROFILE)
        except NotAnArticle:
            refused += 1
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {"pages": len(pages), "seconds": wall, "cpu_s": cpu, "pps": len(pages) / wall,
            "refused": refused}


def plain_trafilatura(snapshot: Path, pages: list[Any]) -> dict[str, float]:
    """Pages/s of ``trafilatura.extract(html, include_comments=False)`` over the saved pages,
    in this process."""
    empty = 0
    wall, cpu = time.perf_counter(), time.process_time()
    for page in pages:
        empty += trafilatura.extract(_html(snapshot, page), include_comments=False) is None
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {"pages": len(pages), "seconds": wall, "cpu_s": cpu, "pps": len(pages) / wall,
            "empty": empty}


def _html(snapshot: Path, page: Any) -> str:
    return (snapshot / HOST / page.path.strip("/") / "index.html").read_text("utf-8")


class TreeSampler(threading.Thread):
    """Samples the summed RSS of a process and all its descendants until stopped."""

    def __init__(self, pid: int, interval: float = 0.1, every: int = 100) -> None:
        super().__init__(name="rss-sampler", daemon=True)
        self.pid, self.interval, self.every = pid, interval, every
        self.peak_mb = 0.0
        self.peak_processes = 0
        self.timeline: list[tuple[float, float]] = []
        self.cpu_s = 0.0
        self._stop_event = threading.Event()

    def run(self) -> None:
        started, cpu = time.perf_counter(), time.thread_time()
        samples = 0
        while not self._stop_event.wait(self.interval):
            pids = _descendants(self.pid)
            total = sum(_rss_bytes(pid) for pid in pids) / 2**20
            if total > self.peak_mb:
                self.peak_mb, self.peak_processes = total, len(pids)
            if samples % self.every == 0:
                self.timeline.append((time.perf_counter() - started, total))
            samples += 1
        self.cpu_s = time.thread_time() - cpu

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(f"/proc/{entry.name}/stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry.name))
    found, queue = [], [root]
    while queue:
        pid = queue.pop()
        found.append(pid)
        queue += children.get(pid, [])
    return found


def _own_cpu_seconds(pid: int) -> float:
    """User and system CPU seconds of ``pid`` itself, its children excluded."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


@dataclass
class Measured:
    """A benchmarked process: how long it ran and what it cost."""

    code: int
    seconds: float
    own_cpu_s: float
    sampler: TreeSampler


def measure(command: list[str], cwd: Path) -> Measured:
    """Run ``command`` with the project on its path; its wall time, its own CPU time (read
    from ``/proc`` once it has exited, before it is reaped) and its tree's RSS."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT),
                                                                     os.environ.get("PYTHONPATH")]))}
    wall = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env)
    sampler = TreeSampler(process.pid)
    sampler.start()
    os.waitid(os.P_PID, process.pid, os.WEXITED | os.WNOWAIT)
    wall = time.perf_counter() - wall
    own_cpu = _own_cpu_seconds(process.pid)
    sampler.stop()
    return Measured(process.wait(), wall, own_cpu, sampler)


def _rss_bytes(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_SIZE
    except (OSError, IndexError):
        return 0


def full_crawl(
    snapshot: Path, workdir: Path, workers: int | None, extra: list[str]
) -> dict[str, Any]:
    """Pages/s, peak memory and CPU split of ``scrapy crawl`` over the replay snapshot."""
    out, log, figures = workdir / "items.jsonl", workdir / "crawl.log", workdir / "stats.json"
    pipelines = {
        "benchmarks.timing.PipelinesStart": min(ITEM_PIPELINES.values()) - 1,
        **ITEM_PIPELINES,
        "benchmarks.timing.PipelinesEnd": max(ITEM_PIPELINES.values()) + 1,
    }
    settings = {
        "NEWSCRAWL_PROFILES": "benchmarks.outlet",
        "DOWNLOAD_DELAY": "0",
        "AUTOTHROTTLE_ENABLED": "False",
        "LOG_FILE": str(log),
        "ITEM_PIPELINES": json.dumps(pipelines),
        # A dict given with -s replaces the project's: the project's extensions plus BenchStats.
        "EXTENSIONS": json.dumps({**EXTENSIONS, "benchmarks.timing.BenchStats": 0}),
        "BENCH_STATS_FILE": str(figures),
        # A first crawl: a state of its own, not the user's (whose pages would be skipped).
        "NEWSCRAWL_STATE_DIR": str(workdir / "state"),
    }
    if workers is not None:
        settings["NEWSCRAWL_EXTRACTION_WORKERS"] = str(workers)
    settings.update(setting.split("=", 1) for setting in extra)
    with ReplayServer(snapshot) as server:
        settings["NEWSCRAWL_REPLAY_URL"] = server.url
        command = [sys.executable, "-m", "scrapy", "crawl", PROFILE.name, "-O", str(out)]
        for name, value in settings.items():
            command += ["-s", f"{name}={value}"]
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        own = resource.getrusage(resource.RUSAGE_SELF)
        run = measure(command, ROOT)
        own_after = resource.getrusage(resource.RUSAGE_SELF)
        children_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if run.code != 0:
        raise SystemExit(f"the crawl failed ({run.code}); see {log}")
    sampler = run.sampler
    report = json.loads(figures.read_text("utf-8"))
    with out.open(encoding="utf-8") as lines:
        items = sum(1 for _ in lines)
    tree_cpu = _cpu(children_after) - _cpu(children)
    main_cpu = report["main_cpu_s"]
    return {
        "items": items,
        "seconds": run.seconds,
        "process_cpu_s": run.own_cpu_s,
        "peak_rss_mb": sampler.peak_mb,
        "peak_processes": sampler.peak_processes,
        "main_peak_rss_mb": report["main_peak_rss_mb"],
        "rss_timeline": sampler.timeline,
        "cpu": {
            "download_engine": main_cpu - report["pipelines_cpu_s"],
            "pipelines": report["pipelines_cpu_s"],
            "extraction_workers": tree_cpu - main_cpu,
            "replay_server": _cpu(own_after) - _cpu(own) - sampler.cpu_s,
        },
        "stats": report["stats"],
    }


def naive_crawl(snapshot: Path, workdir: Path, extract: bool = True) -> dict[str, Any]:
    """Pages/s, CPU and peak memory of the plain spider (``benchmarks/naive_spider.py``),
    run outside the project, its requests routed to the replay server; without
    ``extract``, the spider yields each page's URL alone."""
    name = "naive" if extract else "scrapy-alone"
    out, log = workdir / f"{name}.jsonl", workdir / f"{name}.log"
    rundir = workdir / name
    rundir.mkdir()  # no scrapy.cfg above it: Scrapy's default settings, not the project's
    handler = "newscrawl.crawler.handlers.replay.ReplayDownloadHandler"
    with ReplayServer(snapshot) as server:
        settings = {
            "LOG_FILE": str(log),
            "DOWNLOAD_HANDLERS": json.dumps({"http": handler, "https": handler}),
            "NEWSCRAWL_REPLAY_URL": server.url,
        }
        command = [sys.executable, "-m", "scrapy", "runspider",
                   str(ROOT / "benchmarks" / "naive_spider.py"), "-O", f"{out}:jsonlines",
                   "-a", f"extract={'yes' if extract else 'no'}"]
        if not extract:  # the floor under the crawl: Scrapy's own work at the crawl's setting
            settings["CONCURRENT_ITEMS"] = str(CONCURRENT_ITEMS)
        for setting, value in settings.items():
            command += ["-s", f"{setting}={value}"]
        run = measure(command, rundir)
    if run.code != 0:
        raise SystemExit(f"the plain spider failed ({run.code}); see {log}")
    with out.open(encoding="utf-8") as lines:
        items = sum(1 for _ in lines)
    return {"items": items, "seconds": run.seconds, "pps": items / run.seconds,
            "cpu_s": run.own_cpu_s, "peak_rss_mb": run.sampler.peak_mb}


def _cpu(usage: resource.struct_rusage) -> float:
    return usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=5000, help="article pages (default 5000)")
    parser.add_argument("--extract-pages", type=int, default=None,
                        help="time bare extraction on the first N pages only (default: all)")
    parser.add_argument("--workers", type=int, default=None,
                        help="NEWSCRAWL_EXTRACTION_WORKERS for the crawl (default: the project's)")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="a further setting for the crawl, e.g. JOBDIR=/tmp/job (repeatable)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="newscrawl-bench-") as tmp:
        snapshot, workdir = Path(tmp) / "snapshots", Path(tmp)
        started = time.perf_counter()
        pages = write_snapshot(snapshot, args.pages)
        size = sum(f.stat().st_size for f in (snapshot / HOST).rglob("index.html"))
        print(f"snapshot: {len(pages)} pages, {size / len(pages) / 1024:.0f} KB each on average, "
              f"written in {time.perf_counter() - started:.1f} s")
        print(f"machine: {os.cpu_count()} CPUs ({_cpu_model()}), "
              f"load average {os.getloadavg()[0]:.2f} before the run")

        bare = bare_extraction(snapshot, pages[: args.extract_pages])
        print(f"(a) bare extraction: {bare['pages']} pages in {bare['seconds']:.1f} s = "
              f"{bare['pps']:.1f} pages/s (one process, {bare['cpu_s']:.1f} s CPU)")

        crawl = full_crawl(snapshot, workdir, args.workers, args.set)
        pps = crawl["items"] / crawl["seconds"]
        stats = crawl["stats"]
        print(f"(b) full crawl: {crawl['items']} items of {len(pages)} pages in "
              f"{crawl['seconds']:.1f} s = {pps:.1f} pages/s")
        if crawl["items"] != len(pages):
            print(f"    INCOMPLETE: {len(pages) - crawl['items']} pages missing from the output; "
                  "newscrawl stats: " + json.dumps(
                      {k: v for k, v in stats.items() if k.startswith("newscrawl/")}))
        ratio = pps / bare["pps"]
        print(f"ratio (b)/(a): {ratio:.2f}")
        print(f"crawl peak RSS: {crawl['peak_rss_mb']:.0f} MB over {crawl['peak_processes']} "
              f"processes (crawl process alone: {crawl['main_peak_rss_mb']:.0f} MB)")
        print("crawl RSS every 10 s (MB): "
              + " ".join(f"{mb:.0f}" for _, mb in crawl["rss_timeline"]))
        process_ms = crawl["process_cpu_s"] * 1000 / crawl["items"]
        print(f"crawl process: {crawl['process_cpu_s']:.1f} s CPU = {process_ms:.2f} ms per page "
              "(crawl_process_ms: workers and replay server excluded)")
        cpu = crawl["cpu"]
        total = sum(cpu.values())
        print(f"crawl CPU time: {total:.1f} s over {crawl['seconds']:.1f} s wall")
        for stage, label in (
            ("download_engine", "download, engine, sitemaps, JSONL export (crawl process)"),
            ("extraction_workers", "extraction (worker processes)"),
            ("pipelines", "pipelines: validation, deduplication (crawl process)"),
            ("replay_server", "replay server (serving the pages)"),
        ):
            print(f"  {cpu[stage]:7.1f} s {cpu[stage] / total:6.1%}  {label}")
        cores = os.cpu_count() or 1
        crawl_cpu, bare_cpu = total / crawl["items"], bare["cpu_s"] / bare["pages"]
        print(f"CPU per page: crawl {crawl_cpu * 1000:.1f} ms (all processes), bare extraction "
              f"{bare_cpu * 1000:.1f} ms; with {cores} idle cores the ratio could reach "
              f"{cores * bare_cpu / crawl_cpu:.2f}")
        print(f"CPU this run got: (a) {bare['cpu_s'] / bare['seconds']:.0%} of one core, "
              f"(b) {total / crawl['seconds'] / cores:.0%} of {cores} cores "
              "(less means other work on the machine took the rest)")
        crashes = stats.get("newscrawl/extraction/worker_crashed", 0)
        print(f"worker crashes: {crashes}; requests: {stats.get('downloader/request_count')}")

        plain = plain_trafilatura(snapshot, pages[: args.extract_pages])
        print(f"(c) plain trafilatura.extract: {plain['pages']} pages in {plain['seconds']:.1f} s "
              f"= {plain['pps']:.1f} pages/s (one process, {plain['cpu_s']:.1f} s CPU, "
              f"{plain['empty']} without text)")
        naive = naive_crawl(snapshot, workdir)
        naive_ms = naive["cpu_s"] * 1000 / max(naive["items"], 1)
        print(f"(d) plain Scrapy spider: {naive['items']} items in {naive['seconds']:.1f} s = "
              f"{naive['pps']:.1f} pages/s ({naive_ms:.1f} ms CPU per page, "
              f"peak RSS {naive['peak_rss_mb']:.0f} MB)")
        print(f"crawl against the plain spider (b)/(d): {pps / naive['pps']:.2f}")
        alone = naive_crawl(snapshot, workdir, extract=False)
        alone_ms = alone["cpu_s"] * 1000 / max(alone["items"], 1)
        print(f"(e) Scrapy alone (the plain spider, no extraction): {alone['items']} items in "
              f"{alone['seconds']:.1f} s = {alone['pps']:.1f} pages/s, {alone_ms:.2f} ms CPU "
              "per page: the floor under crawl_process_ms")
        print(json.dumps({
            "pages": len(pages),
            "extract_pps": round(bare["pps"], 1),
            "crawl_pps": round(pps, 1),
            "ratio": round(ratio, 2),
            "crawl_peak_rss_mb": round(crawl["peak_rss_mb"], 1),
            "trafilatura_pps": round(plain["pps"], 1),
            "naive_pps": round(naive["pps"], 1),
            "crawl_process_ms": round(process_ms, 2),
            "scrapy_alone_ms": round(alone_ms, 2),
        }))


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"


if __name__ == "__main__":
    main()
