"""The crawl state of a distributed crawl, in Redis: the same store as
:class:`~newscrawl.state.sqlite.SqliteCrawlState`, shared by workers on any number of machines.
A writer is a worker: one crawl process, named ``<host>:<pid>:<random>``.

Keys (all under ``newscrawl:``): ``pages`` (hash: page URL → canonical URL and fetch time),
``pages_of:<canonical URL>`` (set of page URLs), ``articles`` (hash: canonical URL → stored
article as JSON), ``hashes`` (hash: outlet and content hash → canonical URL), ``band:<key>``
(set of canonical URLs sharing a near-duplicate band) and ``bands_of:<canonical URL>``,
``pending:<worker>`` (articles a worker is about to write), ``feeds:<worker>`` (its local
feed files), ``runs`` (set of outlets) and ``runs:<outlet>`` (sorted set of run summaries).
"""

from __future__ import annotations

import json
import os
import socket
import uuid
from collections import Counter
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newscrawl.state.batch import Batch, Ranked
from newscrawl.state.recovery import adopt, written_articles
from newscrawl.state.store import StoredArticle

if TYPE_CHECKING:
    from collections.abc import Iterable

    from redis import Redis
    from redis.client import Pipeline

PREFIX = "newscrawl"
_PAGES = f"{PREFIX}:pages"
_ARTICLES = f"{PREFIX}:articles"
_HASHES = f"{PREFIX}:hashes"
_RUNS = f"{PREFIX}:runs"


def worker_key(kind: str, worker: str) -> str:
    """The Redis key of one kind of a worker's data (``alive``, ``leases``, ``pending``, …)."""
    return f"{PREFIX}:{kind}:{worker}"


def connect(url: str) -> Redis:
    """A client of the Redis at ``url`` that answers with strings."""
    import redis

    return redis.Redis.from_url(url, decode_responses=True)


def _encode(article: StoredArticle) -> str:
    fields = asdict(article)
    fields["signature"] = article.signature.hex() if article.signature else None
    return json.dumps(fields, ensure_ascii=False)


def _decode(raw: str) -> StoredArticle:
    fields = json.loads(raw)
    signature = fields.pop("signature")
    return StoredArticle(**fields, signature=bytes.fromhex(signature) if signature else None)


class RedisCrawlState:
    """Seen pages, written articles, near-duplicate bands and runs, in the crawl's Redis
    (a :class:`~newscrawl.state.store.CrawlState`); ``worker`` names this writer, which
    commits every ``batch`` writes (and on :meth:`commit`)."""

    def __init__(self, server: Redis, worker: str, host: str, batch: int = 1) -> None:
        self.db = server
        self.worker = worker
        self.host = host
        self._batch = Batch(batch)

    @classmethod
    def connect(cls, url: str, batch: int = 1) -> RedisCrawlState:
        """The state in the Redis at ``url``, written by a new worker of this process."""
        host = socket.gethostname()
        return cls(connect(url), f"{host}:{os.getpid()}:{uuid.uuid4().hex[:8]}", host, batch)

    def seen(self, url: str) -> bool:
        """Whether a fetch of ``url`` by any worker was recorded."""
        return self._batch.seen(url) or bool(self.db.hexists(_PAGES, url))

    def add_pages(
        self, urls: Iterable[str], fetched_at: str, canonical_url: str | None = None
    ) -> None:
        """Record ``urls`` as fetched (``canonical_url`` when they held an article)."""
        self._batch.add_pages(urls, fetched_at, canonical_url)
        self._commit_if_due()

    def article(self, canonical_url: str) -> StoredArticle | None:
        """The stored article with this canonical URL."""
        if (held := self._batch.article(canonical_url)) is not None:
            return held
        raw = self.db.hget(_ARTICLES, canonical_url)
        return _decode(raw) if raw else None

    def article_with_hash(self, content_hash: str, outlet: str) -> StoredArticle | None:
        """A stored article of ``outlet`` whose body has this hash."""
        if (held := self._batch.article_with_hash(content_hash, outlet)) is not None:
            return held
        canonical = self.db.hget(_HASHES, f"{outlet} {content_hash}")
        # A stored article whose new revision is held has that revision's hash.
        if not canonical or self._batch.article(canonical) is not None:
            return None
        return self.article(canonical)

    def candidates(self, band_keys: Iterable[int], limit: int | None = None) -> list[StoredArticle]:
        """Stored articles sharing near-duplicate band keys, those sharing most first
        (at most ``limit``)."""
        keys = list(band_keys)
        held = self._batch.candidates(keys)
        pipe = self.db.pipeline()
        for key in keys:
            pipe.smembers(f"{PREFIX}:band:{key}")
        shared = Counter(url for members in pipe.execute() for url in members)
        urls = sorted(shared, key=lambda url: (-shared[url], url))
        urls = urls if limit is None else urls[: limit + len(held)]
        stored: list[Ranked] = []
        if urls:
            stored = [(shared[url], _decode(raw))
                      for url, raw in zip(urls, self.db.hmget(_ARTICLES, urls), strict=True)
                      if raw]
        return [article for _, article in self._batch.merged(stored, held, limit)]

    def add_article(
        self,
        article: StoredArticle,
        page_urls: Iterable[str],
        band_keys: Iterable[int],
        *,
        pending: bool = False,
    ) -> None:
        """Record an article (a new one or a new revision) and the pages it came from.

        With ``pending`` it is recorded as about to be written by this worker.
        """
        self._batch.add_article(article, page_urls, band_keys, pending=pending)
        self._commit_if_due()

    def commit(self) -> None:
        """Write the writes held so far, in one transaction."""
        batch = self._batch
        if not batch:
            return
        canonicals = list(batch.articles)
        previous = self.db.hmget(_ARTICLES, canonicals) if canonicals else []
        pipe = self.db.pipeline()
        for raw in previous:
            if raw:
                self._unindex(pipe, _decode(raw))
        for canonical, (article, band_keys) in batch.articles.items():
            pipe.hset(_ARTICLES, canonical, _encode(article))
            pipe.hset(_HASHES, f"{article.outlet} {article.content_hash}", canonical)
            keys = [str(key) for key in band_keys]
            for key in keys:
                pipe.sadd(f"{PREFIX}:band:{key}", canonical)
            if keys:
                pipe.sadd(f"{PREFIX}:bands_of:{canonical}", *keys)
        if batch.pages:
            pipe.hset(_PAGES, mapping={url: json.dumps(record)
                                       for url, record in batch.pages.items()})
            pages_of: dict[str, list[str]] = {}
            for url, (canonical, _) in batch.pages.items():
                if canonical:
                    pages_of.setdefault(canonical, []).append(url)
            for canonical, urls in pages_of.items():
                pipe.sadd(f"{PREFIX}:pages_of:{canonical}", *urls)
        if batch.pending:
            pipe.hset(worker_key("pending", self.worker),
                      mapping=dict.fromkeys(batch.pending, "1"))
        if batch.unpending:
            pipe.hdel(worker_key("pending", self.worker), *batch.unpending)
        pipe.execute()
        self._batch = Batch(batch.size)

    def _commit_if_due(self) -> None:
        if self._batch.due:
            self.commit()

    def _unindex(self, pipe: Pipeline, article: StoredArticle) -> None:
        bands_of = f"{PREFIX}:bands_of:{article.canonical_url}"
        for key in self.db.smembers(bands_of):
            pipe.srem(f"{PREFIX}:band:{key}", article.canonical_url)
        pipe.delete(bands_of)
        pipe.hdel(_HASHES, f"{article.outlet} {article.content_hash}")

    def confirm(self, canonical_url: str) -> None:
        """Mark a pending article as written."""
        self._batch.confirm(canonical_url)
        self._commit_if_due()

    def add_feed(self, path: Path) -> None:
        """Register a local feed file this worker writes, for :meth:`settle`."""
        self.commit()
        self.db.sadd(worker_key("feeds", self.worker), str(path))

    def close(self) -> None:
        """Commit, and forget the feed files registered here: they are complete."""
        self.commit()
        self.db.delete(worker_key("feeds", self.worker))

    def recover(self) -> tuple[int, int]:
        """Nothing to do when the state opens: dead workers are settled by the scheduler
        (:class:`newscrawl.distributed.scheduler.LeasingScheduler`) before their requests
        are queued again."""
        return 0, 0

    def forget(self, canonical_url: str) -> None:
        """Remove an article and the pages it came from, so it is fetched again."""
        self.commit()
        stored = self.article(canonical_url)
        pages_of = f"{PREFIX}:pages_of:{canonical_url}"
        urls = self.db.smembers(pages_of)
        pipe = self.db.pipeline()
        if stored is not None:
            self._unindex(pipe, stored)
        pipe.hdel(_ARTICLES, canonical_url)
        if urls:
            pipe.hdel(_PAGES, *urls)
        pipe.delete(pages_of)
        pipe.execute()

    def settle(self, writer: str, host: str | None = None) -> tuple[int, int]:
        """Settle what a dead worker left: (confirmed or adopted, forgotten).

        An article in one of its feed files was written: pending, it is confirmed; unknown
        (its batch was not committed), it is adopted. A pending article in none is forgotten
        and fetched again. The files are read when the dead worker ran on this host; another
        host's files cannot be read, and its pending and uncommitted articles are fetched
        again (they may then be written twice).
        """
        self.commit()
        feeds_key = worker_key("feeds", writer)
        written: dict[str, dict[str, Any]] = {}
        if host == self.host:
            for path in self.db.smembers(feeds_key):
                written.update(written_articles(Path(path)))
        pending_key = worker_key("pending", writer)
        confirmed = forgotten = 0
        for canonical in self.db.hkeys(pending_key):
            if canonical in written:
                confirmed += 1
            else:
                forgotten += 1
                self.forget(canonical)
            self.db.hdel(pending_key, canonical)
        confirmed += adopt(self, written.values())
        self.commit()
        self.db.delete(feeds_key)
        return confirmed, forgotten

    def touch(self, canonical_url: str, fetched_at: str) -> None:
        """Update the last fetch time of a stored article that did not change."""
        self.commit()
        stored = self.article(canonical_url)
        if stored is not None:
            fields = {**asdict(stored), "fetched_at": fetched_at}
            self.db.hset(_ARTICLES, canonical_url, _encode(StoredArticle(**fields)))

    def record_run(
        self, outlet: str, started_at: str, healthy: bool, summary: dict[str, Any]
    ) -> None:
        """Store the summary of a finished run (each worker records the runs it took part in)."""
        self.commit()
        moment = datetime.fromisoformat(started_at).timestamp()
        pipe = self.db.pipeline()
        pipe.zadd(f"{_RUNS}:{outlet}", {json.dumps(summary): moment})
        pipe.sadd(_RUNS, outlet)
        pipe.execute()

    def recent_runs(self, outlet: str, limit: int) -> list[dict[str, Any]]:
        """The summaries of the outlet's last ``limit`` recorded runs, newest first."""
        rows = self.db.zrevrange(f"{_RUNS}:{outlet}", 0, limit - 1)
        return [json.loads(summary) for summary in rows]

    def outlets_with_runs(self) -> list[str]:
        """The outlets that have recorded runs, by name."""
        return sorted(self.db.smembers(_RUNS))
