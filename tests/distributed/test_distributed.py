"""Workers sharing one Redis: killed, joined and stopped mid-crawl, every article once."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from typing import TYPE_CHECKING

import pytest

from newscrawl.demo import replay_settings
from newscrawl.replay.server import ReplayServer
from newscrawl.state.redis import RedisCrawlState
from newscrawl.state.store import StoredArticle
from tests.crawls import ROOT, goldens, stats_of
from tests.incremental import add_generated_articles, copy_snapshots

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

pytestmark = [
    pytest.mark.distributed,
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server is missing"),
]

GENERATED = 150
KILL_AFTER = 20
TIMEOUT = 5.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    """A throw-away redis-server on 127.0.0.1: a random port, no persistence."""
    import redis

    port = free_port()
    directory = tmp_path / "redis"
    directory.mkdir()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", str(directory)],
        stdout=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port)
    deadline = time.monotonic() + 10
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    server.terminate()
    server.wait(10)


def worker(
    name: str, replay: str, redis_url: str, work: Path, *extra: str
) -> subprocess.Popen[bytes]:
    """One crawl process of the distributed crawl, writing ``out/<name>.jsonl``; ``extra``
    command line arguments."""
    feeds = json.dumps({f"{work}/out/{name}.jsonl": {"format": "jsonlines"}})
    settings = {
        "NEWSCRAWL_DISTRIBUTED": redis_url, "NEWSCRAWL_WORKER_TIMEOUT": str(TIMEOUT),
        # A small delay keeps any one worker from finishing the whole crawl alone.
        "NEWSCRAWL_REPLAY_URL": replay, "DOWNLOAD_DELAY": "0.05", "AUTOTHROTTLE_ENABLED": "False",
        "CONCURRENT_REQUESTS": "4", "FEEDS": feeds, "LOG_FILE": str(work / f"{name}.log"),
        "NEWSCRAWL_STATE_DIR": str(work / "unused-state"), "LOG_LEVEL": "INFO",
    }
    pairs = [arg for key, value in settings.items() for arg in ("-s", f"{key}={value}")]
    return subprocess.Popen(
        [sys.executable, "-m", "scrapy", "crawl", "aqnews", *pairs, *extra], cwd=ROOT,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


def written(path: Path) -> int:
    """Lines a running worker has written so far (its last one may be half written)."""
    return path.read_bytes().count(b"\n") if path.exists() else 0


def wait_until_written(process: subprocess.Popen[bytes], out: Path) -> None:
    """Wait until a running worker has written ``KILL_AFTER`` lines to ``out``."""
    deadline = time.monotonic() + 60
    while written(out) < KILL_AFTER and time.monotonic() < deadline:
        assert process.poll() is None, "the worker ended before it was interrupted"
        time.sleep(0.02)


def lines(path: Path) -> list[str]:
    if not path.exists():
        return []
    raw = path.read_text("utf-8")
    assert raw == "" or raw.endswith("\n"), f"{path.name} ends in half a line"
    return raw.splitlines()


def test_killed_worker_loses_nothing_and_doubles_nothing(tmp_path: Path, redis_url: str) -> None:
    import redis

    snapshots = copy_snapshots(tmp_path / "snapshots")
    generated = add_generated_articles(snapshots / "aqnews.kz", GENERATED)
    out = tmp_path / "out"
    with ReplayServer(snapshots) as replay:
        killed = worker("killed", replay.url, redis_url, tmp_path)
        survivor = worker("survivor", replay.url, redis_url, tmp_path)
        workers = [killed, survivor]
        try:
            wait_until_written(killed, out / "killed.jsonl")
            os.kill(killed.pid, signal.SIGKILL)
            killed.wait()
            # A worker started mid-crawl joins it.
            joined = worker("joined", replay.url, redis_url, tmp_path)
            workers.append(joined)
            assert survivor.wait(90) == 0
            assert joined.wait(90) == 0
        finally:
            for process in workers:
                if process.poll() is None:
                    process.kill()
                    process.wait()

    items = [json.loads(line) for name in ("killed", "survivor", "joined")
             for line in lines(out / f"{name}.jsonl")]
    urls = [item["canonical_url"] for item in items]
    assert len(urls) == len(set(urls)), "an article was written twice"
    assert set(generated) <= set(urls), "an article was lost"
    assert len(items) == GENERATED + 10
    assert KILL_AFTER <= len(lines(out / "killed.jsonl")) < len(items)
    assert lines(out / "joined.jsonl") or lines(out / "survivor.jsonl")

    logs = {name: (tmp_path / f"{name}.log").read_text("utf-8") for name in ("survivor", "joined")}
    assert not any("Traceback" in log for log in logs.values())
    assert any("is gone" in log for log in logs.values()), "the dead worker was not settled"
    # The killed worker held leases on the requests it was downloading: they went back.
    recovered = sum(stats_of(log).get("newscrawl/recovered/requests", 0) for log in logs.values())
    assert recovered >= 1
    left = redis.Redis.from_url(redis_url)
    assert left.zcard("aqnews:requests") == 0
    assert not left.keys("newscrawl:leases:*")
    assert not left.smembers("newscrawl:workers:aqnews")


def test_stopped_worker_hands_back_its_queue_to_the_next_one(
    tmp_path: Path, redis_url: str
) -> None:
    import redis

    snapshots = copy_snapshots(tmp_path / "snapshots")
    generated = add_generated_articles(snapshots / "aqnews.kz", GENERATED)
    out = tmp_path / "out"
    left = redis.Redis.from_url(redis_url)
    with ReplayServer(snapshots) as replay:
        stopped = worker("stopped", replay.url, redis_url, tmp_path)
        try:
            wait_until_written(stopped, out / "stopped.jsonl")
            stopped.send_signal(signal.SIGTERM)
            assert stopped.wait(60) == 0
        finally:
            if stopped.poll() is None:
                stopped.kill()
        assert left.zcard("aqnews:requests") > 0
        assert not left.keys("newscrawl:leases:*")
        assert worker("next", replay.url, redis_url, tmp_path).wait(90) == 0

    urls = [json.loads(line)["canonical_url"] for name in ("stopped", "next")
            for line in lines(out / f"{name}.jsonl")]
    assert len(urls) == len(set(urls)) == GENERATED + 10
    assert set(generated) <= set(urls)
    assert KILL_AFTER <= len(lines(out / "stopped.jsonl")) < len(urls)
    assert "Joining the distributed crawl" in (tmp_path / "next.log").read_text("utf-8")

def test_a_worker_taken_for_dead_stops_and_the_crawl_completes(
    tmp_path: Path, redis_url: str
) -> None:
    """A worker paused past its heartbeat's timeout is settled by another; when it wakes up it
    finds itself replaced and stops (finish reason ``worker_expired``), and nothing is lost."""
    snapshots = copy_snapshots(tmp_path / "snapshots")
    generated = add_generated_articles(snapshots / "aqnews.kz", GENERATED)
    out = tmp_path / "out"
    with ReplayServer(snapshots) as replay:
        paused = worker("paused", replay.url, redis_url, tmp_path)
        workers = [paused]
        try:
            wait_until_written(paused, out / "paused.jsonl")
            os.kill(paused.pid, signal.SIGSTOP)
            other = worker("other", replay.url, redis_url, tmp_path)
            workers.append(other)
            other_log = tmp_path / "other.log"
            deadline = time.monotonic() + 60
            while "is gone" not in (other_log.read_text("utf-8") if other_log.exists() else ""):
                assert time.monotonic() < deadline, "the paused worker was never settled"
                time.sleep(0.1)
            os.kill(paused.pid, signal.SIGCONT)
            assert paused.wait(60) == 0
            assert other.wait(90) == 0
        finally:
            for process in workers:
                if process.poll() is None:
                    os.kill(process.pid, signal.SIGCONT)
                    process.kill()
                    process.wait()

    paused_log = (tmp_path / "paused.log").read_text("utf-8")
    assert "was taken for dead and replaced; stopping" in paused_log
    assert "'finish_reason': 'worker_expired'" in paused_log
    assert "Traceback" not in paused_log + other_log.read_text("utf-8")
    urls = {json.loads(line)["canonical_url"] for name in ("paused", "other")
            for line in lines(out / f"{name}.jsonl")}
    assert set(generated) <= urls, "an article was lost"


URL = "https://aqnews.kz/ru/politika/123401-a/"
OTHER = "https://aqnews.kz/ru/politika/123402-b/"


def stored(url: str, digest: str, revision: int = 1) -> StoredArticle:
    return StoredArticle(url, url, "aqnews", digest * 32, revision, "2024-03-25T10:00:00+00:00",
                         None, b"\x01" * 512)


def test_redis_state_keeps_what_the_sqlite_state_keeps(redis_url: str) -> None:
    import redis

    state = RedisCrawlState(redis.Redis.from_url(redis_url, decode_responses=True), "w1", "h")
    state.add_pages(["https://aqnews.kz/ru/video/123409-v/"], "2024-03-25T10:00:00+00:00")
    first = stored(URL, "ab")
    state.add_article(first, [URL + "?from=rss", URL], [1, 2])
    assert state.seen("https://aqnews.kz/ru/video/123409-v/")
    assert state.seen(URL + "?from=rss")
    assert not state.seen(OTHER)
    assert state.article(URL) == first
    assert state.article_with_hash("ab" * 32, "aqnews") == first
    assert state.article_with_hash("ab" * 32, "tengrinews") is None

    second = stored(URL, "cd", revision=2)
    state.add_article(second, [URL], [3])
    assert state.article(URL) == second
    assert state.article_with_hash("ab" * 32, "aqnews") is None
    assert state.candidates([1, 2]) == []
    assert state.candidates([2, 3]) == [second]
    state.touch(URL, "2024-03-27T10:00:00+00:00")
    assert state.article(URL).fetched_at == "2024-03-27T10:00:00+00:00"  # type: ignore[union-attr]


def test_settling_a_dead_worker_keeps_what_it_wrote_and_forgets_the_rest(
    tmp_path: Path, redis_url: str
) -> None:
    import redis

    server = redis.Redis.from_url(redis_url, decode_responses=True)
    dead = RedisCrawlState(server, "dead", "here")
    feed = tmp_path / "dead.jsonl"
    dead.add_feed(feed)
    for url, digest in ((URL, "ab"), (OTHER, "cd")):
        dead.add_article(stored(url, digest), [url], [int(digest, 16)], pending=True)
    feed.write_text(json.dumps({"canonical_url": URL}) + '\n{"canonical_url": "https://aq',
                    "utf-8")

    survivor = RedisCrawlState(server, "survivor", "here")
    assert survivor.settle("dead", "here") == (1, 1)
    assert survivor.seen(URL)
    assert survivor.article(URL) is not None
    assert not survivor.seen(OTHER)
    assert survivor.article(OTHER) is None
    assert survivor.candidates([0xCD]) == []
    assert feed.read_text("utf-8").endswith("}\n"), "the unfinished last line is cut"
    assert not server.exists("newscrawl:pending:dead", "newscrawl:feeds:dead")

    elsewhere = RedisCrawlState(server, "elsewhere", "there")
    elsewhere.add_feed(feed)
    elsewhere.add_article(stored(OTHER, "cd"), [OTHER], [0xCD], pending=True)
    assert survivor.settle("elsewhere", "there") == (0, 1)
    assert not survivor.seen(OTHER)


def test_a_workers_held_writes_are_its_own_until_committed_and_adopted_if_it_dies(
    tmp_path: Path, redis_url: str
) -> None:
    import redis

    from newscrawl.extract.fingerprint import content_hash, fingerprint

    server = redis.Redis.from_url(redis_url, decode_responses=True)
    writer = RedisCrawlState(server, "writer", "here", batch=3)
    survivor = RedisCrawlState(server, "survivor", "here")
    feed = tmp_path / "writer.jsonl"
    writer.add_feed(feed)
    first, second = stored(URL, "ab"), stored(OTHER, "cd")
    writer.add_article(first, [URL], [1, 2])
    writer.add_pages(["https://aqnews.kz/ru/video/123409-v/"], "2024-03-25T10:00:00+00:00")
    assert writer.article(URL) == first
    assert writer.article_with_hash("ab" * 32, "aqnews") == first
    assert writer.candidates([2, 5]) == [first]
    assert survivor.article(URL) is None
    assert not survivor.seen("https://aqnews.kz/ru/video/123409-v/")
    writer.add_article(second, [OTHER], [2, 5])  # the third write: the batch is committed
    assert survivor.candidates([2, 5]) == [second, first]
    assert survivor.seen("https://aqnews.kz/ru/video/123409-v/")

    body = "Мажилис обсудил полномочия сельских акимов и бюджет района на следующий год."
    held = "https://aqnews.kz/ru/politika/123403-c/"
    line = {"url": held, "canonical_url": held, "outlet": "aqnews", "body": body,
            "content_hash": content_hash(body), "fetched_at": "2024-03-25T10:00:00+00:00"}
    writer.add_article(StoredArticle(held, held, "aqnews", content_hash(body), 1,
                                     line["fetched_at"], None, None), [held], [9])
    feed.write_text(json.dumps({"canonical_url": URL}) + "\n" + json.dumps(line) + "\n", "utf-8")
    # The writer dies here, its last record held.
    assert survivor.article(held) is None
    assert survivor.settle("writer", "here") == (1, 0)
    adopted = survivor.article(held)
    assert adopted is not None
    assert adopted.signature == fingerprint(body).signature
    assert survivor.candidates(fingerprint(body).band_keys) == [adopted]
    assert survivor.seen(held)
    assert survivor.article(URL) == first


def test_an_archive_crawl_shares_its_walk_and_writes_each_article_once(
    tmp_path: Path, redis_url: str
) -> None:
    import redis

    # The index read slowly enough for both workers to join before the walk ends.
    slots = {**replay_settings("commoncrawl")["NEWSCRAWL_ARCHIVE_SLOTS"],
             "commoncrawl-index": {"concurrency": 1, "delay": 0.5}}
    extra = ("-a", "source=commoncrawl", "-s", f"NEWSCRAWL_ARCHIVE_SLOTS={json.dumps(slots)}")
    names = ("first", "second")
    with ReplayServer() as replay:
        workers = [worker(name, replay.url, redis_url, tmp_path, *extra) for name in names]
        try:
            assert [process.wait(120) for process in workers] == [0, 0]
        finally:
            for process in workers:
                if process.poll() is None:
                    process.kill()
                    process.wait()

    items = [json.loads(line) for name in names for line in lines(tmp_path / f"out/{name}.jsonl")]
    expected = goldens("aqnews")
    pages = [url for url in expected if "not_an_article" not in expected[url]]
    for item in items:
        assert item["archive"]["source"] == "commoncrawl"
        golden = expected[item["url"]]
        assert (item["canonical_url"], item["content_hash"]) == (
            golden["canonical_url"], golden["content_hash"]
        )
    urls = [item["canonical_url"] for item in items]
    assert len(urls) == len(set(urls)), "an article was written twice"
    # Every body of the outlet's article pages, once (two pages share one).
    assert {item["content_hash"] for item in items} == {
        expected[url]["content_hash"] for url in pages
    }
    logs = [(tmp_path / f"{name}.log").read_text("utf-8") for name in names]
    assert not any("Traceback" in log for log in logs)
    # The walk was one: each capture was requested by one worker.
    requested = sum(stats_of(log).get("newscrawl/archive/captures_requested", 0) for log in logs)
    assert requested == len(expected)
    left = redis.Redis.from_url(redis_url)
    assert left.exists("aqnews:commoncrawl:dupefilter")
    assert not left.exists("aqnews:dupefilter", "aqnews:requests", "aqnews:commoncrawl:requests")
    assert not left.keys("newscrawl:leases:*")
