"""The scheduler keeps a few requests in memory and the rest of a large frontier on disk."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scrapy import Request, Spider
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler

from newscrawl.crawler import settings as project_settings
from newscrawl.crawler.scheduler import SpillingScheduler


class _Spider(Spider):
    name = "queue"

    def parse(self, response: Any) -> None:
        """Unused: requests are only queued."""


def _scheduler(limit: int, **settings: Any) -> tuple[SpillingScheduler, Any]:
    # Scrapy's downloader-aware queue needs a running engine; the plain one queues the same.
    queue = "scrapy.pqueues.ScrapyPriorityQueue"
    crawler = get_crawler(_Spider, {"SCHEDULER_PRIORITY_QUEUE": queue, **settings})
    crawler.spider = crawler._create_spider()
    crawler.stats.open_spider()
    scheduler = build_from_crawler(SpillingScheduler, crawler)
    scheduler.memory_limit = limit
    scheduler.open(crawler.spider)
    return scheduler, crawler


def _urls(count: int) -> list[str]:
    return [f"https://kaz.example/news/{n:07d}-title/" for n in range(count)]


def test_requests_past_the_limit_wait_on_disk() -> None:
    scheduler, crawler = _scheduler(3)
    spider = crawler.spider
    for url in _urls(10):
        assert scheduler.enqueue_request(Request(url, callback=spider.parse, meta={"s": url}))
    assert scheduler.spill is not None
    spill = Path(scheduler.spill.name)
    assert any(path.is_file() for path in spill.rglob("*"))
    assert crawler.stats.get_value("scheduler/enqueued/memory") == 3
    assert crawler.stats.get_value("scheduler/enqueued/disk") == 7
    assert len(scheduler) == 10
    dequeued = [scheduler.next_request() for _ in range(10)]
    assert scheduler.next_request() is None
    assert sorted(request.url for request in dequeued) == _urls(10)
    assert all(request.meta["s"] == request.url for request in dequeued)
    assert all(request.callback == spider.parse for request in dequeued)
    scheduler.close("finished")
    assert not spill.exists()


def test_a_small_frontier_stays_in_memory() -> None:
    scheduler, crawler = _scheduler(100)
    for url in _urls(10):
        scheduler.enqueue_request(Request(url))
    assert crawler.stats.get_value("scheduler/enqueued/memory") == 10
    assert crawler.stats.get_value("scheduler/enqueued/disk") is None
    scheduler.close("finished")


def test_a_jobdir_keeps_scrapys_queue(tmp_path: Path) -> None:
    scheduler, crawler = _scheduler(100, JOBDIR=str(tmp_path))
    for url in _urls(5):
        scheduler.enqueue_request(Request(url, callback=crawler.spider.parse))
    assert scheduler.spill is None
    assert crawler.stats.get_value("scheduler/enqueued/disk") == 5
    scheduler.close("shutdown")
    assert (tmp_path / "requests.queue" / "active.json").is_file()


def test_the_project_uses_it() -> None:
    assert project_settings.SCHEDULER == "newscrawl.crawler.scheduler.SpillingScheduler"
