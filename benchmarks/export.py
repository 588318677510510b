"""Export time and peak memory against input size: flat memory means the export streams.

    python benchmarks/export.py articles.jsonl --rows 20000 200000

builds, for each row count, synthetic run files from real crawl output (``newscrawl demo``
writes some): every row a distinct URL and body, spread over days and outlets' languages,
with one row in ten seen again in a later run. Then it runs ``newscrawl export`` on them in
a child process and prints wall time and the child's peak resident memory.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

RUN_FILES = 20


def synthesize(source: list[dict[str, object]], rows: int, directory: Path) -> int:
    """Write ``rows`` distinct articles (and 10 % re-seen ones) into run files; total bytes."""
    directory.mkdir(parents=True)
    runs = [(directory / f"run-{n:03d}.jsonl").open("w", encoding="utf-8")
            for n in range(RUN_FILES)]
    start = datetime.fromisoformat("2024-01-01T08:00:00+05:00")
    try:
        for n in range(rows):
            item = dict(source[n % len(source)])
            url = f"{item['canonical_url']}{n}/"
            published = start + timedelta(minutes=37 * n % (60 * 24 * 365))
            item.update(url=url, canonical_url=url, published_at=published.isoformat(),
                        body=f"{item['body']} {n}",
                        content_hash=hashlib.sha256(f"{n}".encode()).hexdigest())
            line = json.dumps(item, ensure_ascii=False) + "\n"
            run = n * RUN_FILES // rows
            runs[run].write(line)
            if n % 10 == 0 and run + 1 < RUN_FILES:
                runs[run + 1].write(line)
    finally:
        for run in runs:
            run.close()
    return sum(path.stat().st_size for path in directory.iterdir())


def measure(runs: Path, out: Path, *options: str) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one ``newscrawl export`` child process."""
    command = [sys.executable, "-m", "newscrawl.cli", "export", str(runs), "--out", str(out),
               "--quiet", *options]
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)  # the child's own peak RSS
    elapsed = time.perf_counter() - started
    if status:
        raise SystemExit(f"export failed: {status}")
    return elapsed, usage.ru_maxrss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="crawl output (JSON Lines) to vary")
    parser.add_argument("--rows", type=int, nargs="+", default=[20_000, 200_000])
    parser.add_argument("--format", default="parquet")
    args = parser.parse_args()
    source = [json.loads(line) for line in args.source.open(encoding="utf-8")]
    with tempfile.TemporaryDirectory() as workdir:
        for rows in args.rows:
            runs = Path(workdir) / f"runs-{rows}"
            size = synthesize(source, rows, runs)
            seconds, peak = measure(runs, Path(workdir) / f"out-{rows}", "--format", args.format)
            written = sum(p.stat().st_size for p in (Path(workdir) / f"out-{rows}").rglob("*"))
            print(f"{rows:>9,} rows, {size / 2**20:8.1f} MiB in {RUN_FILES} runs → "
                  f"{written / 2**20:7.1f} MiB {args.format}: {seconds:6.1f} s, "
                  f"{rows / seconds:8,.0f} rows/s, peak RSS {peak / 1024:6.1f} MiB", flush=True)
            shutil.rmtree(runs)


if __name__ == "__main__":
    main()
