"""The switch that puts a crawl's frontier in Redis, and this process's membership of the
crawl: a worker with a heartbeat."""

from __future__ import annotations

import json
import logging
import os
import threading
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.utils.defer import deferred_from_coro
from twisted.internet import task

from newscrawl.crawler.extensions.state import crawl_state
from newscrawl.crawler.sources import LIVE
from newscrawl.state.redis import RedisCrawlState, worker_key

if TYPE_CHECKING:
    from collections.abc import Callable

    from scrapy import Spider
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings
    from typing_extensions import Self

logger = logging.getLogger(__name__)

_HEARTBEATS_PER_TIMEOUT = 3


def crawl_name(spider: Spider) -> str:
    """The name of ``spider``'s distributed crawl: the spider's, with the archive it reads
    (``aqnews:commoncrawl``), so that a live and an archive crawl of one outlet share no
    queue, request filter or workers (the crawl state they do share)."""
    source = getattr(spider, "source", LIVE)
    return spider.name if source == LIVE else f"{spider.name}:{source}"


class Distributed:
    """Add-on: with ``NEWSCRAWL_DISTRIBUTED`` set, the scrapy-redis frontier replaces Scrapy's.

    The queue and the request filter live in Redis and outlive every worker
    (``SCHEDULER_PERSIST``), one of each per :func:`crawl_name`;
    :class:`~newscrawl.distributed.scheduler.LeasingScheduler` hands each request out on a
    lease, so a killed worker's requests go back to the queue. The add-on holds this
    process's :class:`Worker`, registered on first use.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self._worker: Worker | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """The add-on of ``crawler``."""
        return cls(crawler)

    @property
    def worker(self) -> Worker:
        """This process's membership of the distributed crawl."""
        if self._worker is None:
            self._worker = Worker(self.crawler)
        return self._worker

    def update_settings(self, settings: BaseSettings) -> None:
        """Scheduler, request filter and Redis URL, over the project's own choices."""
        url = settings.get("NEWSCRAWL_DISTRIBUTED")
        if not url:
            return
        settings.setdict(
            {
                "SCHEDULER": "newscrawl.distributed.scheduler.LeasingScheduler",
                "SCHEDULER_QUEUE_CLASS": "scrapy_redis.queue.PriorityQueue",
                "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
                "SCHEDULER_PERSIST": True,
                "REDIS_URL": url,
                # Workers write side by side: an article one has written but not committed
                # could be written again by another that fetched another of its URLs, before
                # the first one's death is settled. Each write is committed at once.
                "NEWSCRAWL_STATE_COMMIT_WRITES": 1,
            },
            priority="spider",
        )
        # The spider is made before the add-ons' settings are applied.
        spider = self.crawler.spider
        if spider is not None and (name := crawl_name(spider)) != spider.name:
            settings.setdict(
                {"SCHEDULER_QUEUE_KEY": f"{name}:requests",
                 "SCHEDULER_DUPEFILTER_KEY": f"{name}:dupefilter"},
                priority="spider",
            )


class Worker:
    """This process's membership of a distributed crawl.

    A worker is the writer of the crawl's Redis state (its id, host and connection are the
    state's). It is registered under ``newscrawl:worker:<id>`` (its host, pid and spider) and
    alive while ``newscrawl:alive:<id>`` exists: a heartbeat renews it every third of
    ``NEWSCRAWL_WORKER_TIMEOUT`` seconds, so a killed worker is found dead at most that long
    after it stopped.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.state = crawl_state(crawler)
        if not isinstance(self.state, RedisCrawlState):
            raise RuntimeError("a distributed worker needs NEWSCRAWL_DISTRIBUTED set")
        self.server = self.state.db
        self.timeout = crawler.settings.getfloat("NEWSCRAWL_WORKER_TIMEOUT")
        self.host = self.state.host
        self.id = self.state.worker
        assert crawler.spidercls is not None
        self.spider = crawler.spidercls.name
        self.server.set(
            self.key("worker"),
            json.dumps({"host": self.host, "pid": os.getpid(), "spider": self.spider}),
        )
        self.beat()
        self.crawler = crawler
        self._beats: list[Callable[[], None]] = []
        interval = self.timeout / _HEARTBEATS_PER_TIMEOUT
        # The heartbeat is a thread, so a busy reactor never makes a live worker look dead;
        # the callbacks touch the engine and run on the reactor.
        self._stopped = threading.Event()
        self._pulse = threading.Thread(target=self._beat_until_stopped, args=(interval,),
                                       name="newscrawl-heartbeat", daemon=True)
        self._pulse.start()
        self._loop = task.LoopingCall(self._run_callbacks)
        self._loop.start(interval, now=False)
        crawler.signals.connect(self.leave, signal=signals.engine_stopped)

    def key(self, kind: str, worker: str | None = None) -> str:
        """The Redis key of one kind of this (or another) worker's data."""
        return worker_key(kind, worker or self.id)

    def beat(self) -> None:
        """Renew this worker's lease on life."""
        self.server.set(self.key("alive"), "1", px=int(self.timeout * 1000))

    def on_beat(self, callback: Callable[[], None]) -> None:
        """Also run ``callback`` (on the reactor) at every heartbeat."""
        self._beats.append(callback)

    def _beat_until_stopped(self, interval: float) -> None:
        while not self._stopped.wait(interval):
            if not self.server.exists(self.key("worker")):
                from twisted.internet import reactor

                reactor.callFromThread(self._replaced)
                return
            self.beat()

    def _run_callbacks(self) -> None:
        for callback in self._beats:
            callback()

    def _replaced(self) -> None:
        if self._stopped.is_set():
            return
        # Another worker took this one for dead and queued its requests again.
        logger.error("Worker %s was taken for dead and replaced; stopping", self.id)
        self._stop()
        assert self.crawler.engine is not None
        deferred_from_coro(self.crawler.engine.close_spider_async(reason="worker_expired"))

    def _stop(self) -> None:
        self._stopped.set()
        if self._loop.running:
            self._loop.stop()

    def leave(self) -> None:
        """Stop the heartbeat and unregister."""
        if not self._stopped.is_set():
            self._stop()
            self.server.delete(self.key("worker"), self.key("alive"))

    def info(self, worker: str) -> dict[str, object] | None:
        """What a worker registered, or None once it has left."""
        raw = self.server.get(self.key("worker", worker))
        return json.loads(raw) if raw else None

    def is_alive(self, worker: str) -> bool:
        """Whether a worker's heartbeat is current."""
        return bool(self.server.exists(self.key("alive", worker)))
