"""Benchmark of distributed crawling: one worker against two, sharing one Redis.

    python benchmarks/distributed.py [--articles N] [--workers 1 2]

Crawls a copy of the aqnews snapshot with N generated articles (default 600) from the
replay server, once without Redis (the baseline) and once per worker count with
``NEWSCRAWL_DISTRIBUTED``, each against a fresh ``redis-server``. Prints articles written
and articles per second up to the last article written (process start-up included), and the
Redis memory the crawl added per article written (queue emptied: the state and the filter).
"""

from __future__ import annotations

import argparse
import json
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newscrawl.replay.server import ReplayServer  # noqa: E402
from tests.incremental import add_generated_articles, copy_snapshots  # noqa: E402


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_redis(directory: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", str(directory)],
        stdout=subprocess.DEVNULL,
    )
    for _ in range(100):
        if subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True,
                          check=False).stdout.strip() == b"PONG":
            return server, f"redis://127.0.0.1:{port}/0"
        time.sleep(0.1)
    raise RuntimeError("redis-server did not start")


def used_memory(url: str) -> int:
    """Bytes of memory the Redis at ``url`` uses."""
    import redis

    return int(redis.Redis.from_url(url).info("memory")["used_memory"])


def crawl(replay: str, work: Path, workers: int, redis_url: str | None) -> tuple[int, float]:
    """Articles written by ``workers`` processes, and seconds to the last one written."""
    commands = []
    for number in range(workers):
        feeds = json.dumps({f"{work}/out/{number}.jsonl": {"format": "jsonlines"}})
        settings = {
            "NEWSCRAWL_REPLAY_URL": replay, "DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "False",
            "FEEDS": feeds, "NEWSCRAWL_STATE_DIR": str(work / "state"), "LOG_LEVEL": "WARNING",
            "LOG_FILE": str(work / f"{number}.log"),
        }
        if redis_url:
            settings["NEWSCRAWL_DISTRIBUTED"] = redis_url
        pairs = [arg for key, value in settings.items() for arg in ("-s", f"{key}={value}")]
        commands.append([sys.executable, "-m", "scrapy", "crawl", "aqnews", *pairs])
    started = time.perf_counter()
    processes = [subprocess.Popen(command, cwd=ROOT) for command in commands]
    written, last = 0, started
    while any(process.poll() is None for process in processes):
        count = sum(part.read_bytes().count(b"\n") for part in (work / "out").glob("*.jsonl")) \
            if (work / "out").exists() else 0
        if count != written:
            written, last = count, time.perf_counter()
        time.sleep(0.05)
    counts = [part.read_bytes().count(b"\n") for part in sorted((work / "out").glob("*.jsonl"))]
    if sum(counts) != written:
        written, last = sum(counts), time.perf_counter()
    if len(counts) > 1:
        print(f"  articles per worker: {counts}")
    return written, last - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=600)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--keep", help="a directory to keep the runs' logs and output in")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        base = Path(args.keep or temp)
        snapshots = copy_snapshots(base / "snapshots")
        add_generated_articles(snapshots / "aqnews.kz", args.articles)
        with ReplayServer(snapshots) as replay:
            runs: list[tuple[str, int | None]] = [("baseline (no Redis)", None)]
            runs += [(f"{count} worker{'s' * (count > 1)} (Redis)", count)
                     for count in args.workers]
            for label, workers in runs:
                work = base / label.split()[0] / str(workers)
                work.mkdir(parents=True)
                memory = ""
                if workers is None:
                    written, seconds = crawl(replay.url, work, 1, None)
                else:
                    (work / "redis").mkdir()
                    server, url = start_redis(work / "redis")
                    try:
                        before = used_memory(url)
                        written, seconds = crawl(replay.url, work, workers, url)
                        memory = f"  Redis +{(used_memory(url) - before) / written:,.0f} B/article"
                    finally:
                        server.terminate()
                        server.wait()
                print(f"{label:<22} {written:>5} articles  {seconds:6.1f} s  "
                      f"{written / seconds:6.1f} articles/s{memory}")


if __name__ == "__main__":
    main()
