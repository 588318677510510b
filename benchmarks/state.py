"""Benchmark of the crawl state store: 1,000,000 article URLs inserted and looked up.

    python benchmarks/state.py [--count N] [--dir DIR]

Prints insert and lookup rates and the SQLite file size, with a Python ``set`` of the same
URLs as the in-memory baseline. The skip middleware does one lookup per article request.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from newscrawl.state.sqlite import SqliteCrawlState

SECTIONS = ("politika", "ekonomika", "obshchestvo", "proisshestviya", "sport", "mir")
BATCH = 10_000


def article_url(number: int) -> str:
    """A URL shaped like an outlet's article URL (about 90 characters)."""
    section = SECTIONS[number % len(SECTIONS)]
    return f"https://aqnews.kz/ru/{section}/{number:07d}-novost-dnya-o-sobytiyah-v-regione-{number}/"


def rate(count: int, seconds: float) -> str:
    return f"{count / seconds:>12,.0f}/s  ({seconds:.1f} s)"


def run(count: int, directory: Path) -> None:
    urls = [article_url(number) for number in range(count)]
    misses = [article_url(number) for number in range(count, count + count // 10)]
    lookups = random.Random(1).sample(urls, len(urls))
    state = SqliteCrawlState(directory)

    started = time.perf_counter()
    for start in range(0, count, BATCH):
        state.add_pages(urls[start : start + BATCH], "2024-03-25T10:00:00+00:00")
    inserted = time.perf_counter() - started

    started = time.perf_counter()
    hits = sum(state.seen(url) for url in lookups)
    looked_up = time.perf_counter() - started
    started = time.perf_counter()
    false_hits = sum(state.seen(url) for url in misses)
    missed = time.perf_counter() - started
    state.close()
    assert hits == count
    assert false_hits == 0

    seen = set(urls)
    started = time.perf_counter()
    baseline_hits = sum(url in seen for url in lookups)
    baseline = time.perf_counter() - started
    assert baseline_hits == count

    size = sum(path.stat().st_size for path in directory.iterdir())
    print(f"URLs:                    {count:,}")
    print(f"inserts ({BATCH:,} a commit): {rate(count, inserted)}")
    print(f"lookups, seen URLs:      {rate(count, looked_up)}")
    print(f"lookups, new URLs:       {rate(len(misses), missed)}")
    print(f"baseline, Python set:    {rate(count, baseline)}")
    print(f"state files:             {size / 2**20:,.1f} MiB ({size / count:.0f} bytes a URL)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1_000_000, help="URLs (default: 1,000,000)")
    parser.add_argument("--dir", type=Path, help="state directory (default: a temporary one)")
    args = parser.parse_args()
    if args.dir:
        run(args.count, args.dir)
        return
    with tempfile.TemporaryDirectory() as directory:
        run(args.count, Path(directory))


if __name__ == "__main__":
    main()
