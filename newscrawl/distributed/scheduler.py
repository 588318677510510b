"""The scheduler of a distributed crawl: scrapy-redis's shared queue, with leases.

scrapy-redis pops a request off the shared queue and forgets it: a worker killed while the
request is in flight loses it, and the shared request filter then keeps every other worker
from scheduling it again. Here a request is moved atomically from the queue to the worker's
lease hash; the lease is released once Scrapy has handled the request (the response parsed,
its items written), and a dead worker's leases go back to the queue after its crawl state
is settled.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy_redis.scheduler import Scheduler

from newscrawl.core import stats
from newscrawl.distributed.addon import Distributed, crawl_name
from newscrawl.state.redis import PREFIX

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from typing_extensions import Self

    from newscrawl.distributed.addon import Worker

logger = logging.getLogger(__name__)

# KEYS: queue, leases. The first request, moved to the leases under "<score>:<sha1>".
_POP = """
local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #first == 0 then return false end
redis.call('ZREM', KEYS[1], first[1])
local field = first[2] .. ':' .. redis.sha1hex(first[1])
redis.call('HSET', KEYS[2], field, first[1])
return {field, first[1]}
"""
# KEYS: leases, queue. Every leased request back in the queue with its score.
_REQUEUE = """
local leased = redis.call('HGETALL', KEYS[1])
for i = 1, #leased, 2 do
  redis.call('ZADD', KEYS[2], string.match(leased[i], '^([^:]+):'), leased[i + 1])
end
redis.call('DEL', KEYS[1])
return #leased / 2
"""
# KEYS: workers, queue, request filter; ARGV: worker id, key prefix. Joins the crawl, and
# starts a new one (clears the request filter) when nobody else is alive or holds leases
# and nothing is queued.
_JOIN = """
local busy = false
for _, other in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if other ~= ARGV[1] and (redis.call('EXISTS', ARGV[2] .. ':alive:' .. other) == 1
      or redis.call('EXISTS', ARGV[2] .. ':leases:' .. other) == 1) then
    busy = true
  end
end
redis.call('SADD', KEYS[1], ARGV[1])
if not busy and redis.call('ZCARD', KEYS[2]) == 0 then
  redis.call('DEL', KEYS[3])
  return 1
end
return 0
"""


class LeasingScheduler(Scheduler):
    """scrapy-redis's scheduler with a lease on every request a worker takes.

    Workers may be started and stopped at any time: the queue and the request filter stay
    in Redis (``SCHEDULER_PERSIST``), a stopped worker hands back what it still holds, and a
    killed one's leases are queued again once its heartbeat is older than
    ``NEWSCRAWL_WORKER_TIMEOUT``. A worker with nothing to do stays while another one holds
    leases. The first worker to join when nothing is queued, leased or running starts a new
    crawl: it clears the request filter, so the discovery pages are fetched again.
    """

    crawler: Crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """The scheduler, bound to its crawler."""
        scheduler = super().from_crawler(crawler)
        scheduler.crawler = crawler
        return scheduler

    def open(self, spider: Spider) -> None:
        """Open the queue, settle dead workers, join the crawl."""
        super().open(spider)
        addon = self.crawler.get_addon(Distributed)
        assert addon is not None
        self.worker: Worker = addon.worker
        self.state = self.worker.state
        self.leased: dict[str, Request] = {}
        self.workers_key = f"{PREFIX}:workers:{crawl_name(spider)}"
        self.leases_key = self.worker.key("leases")
        self.recover()
        if self.server.eval(
            _JOIN, 3, self.workers_key, self.queue.key, self.df.key, self.worker.id, PREFIX
        ):
            logger.info("Starting a new distributed crawl of %s", spider.name)
        else:
            logger.info("Joining the distributed crawl of %s (%d queued)", spider.name,
                        len(self.queue))
        self.worker.on_beat(self.heartbeat)
        self.crawler.signals.connect(self.spider_idle, signal=signals.spider_idle)

    def enqueue_request(self, request: Request) -> bool:
        """Queue a request unless the shared filter has seen it (scrapy-redis 0.9.1 passes
        Scrapy 2.19 a deprecated ``spider`` argument to the stats here)."""
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.spider)
            return False
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        self.queue.push(request)
        return True

    def next_request(self) -> Request | None:
        """The first request of the shared queue, leased to this worker."""
        popped = self.server.eval(_POP, 2, self.queue.key, self.leases_key)
        if not popped:
            return None
        field, data = popped
        request = self.queue._decode_request(data)
        self.leased[field.decode() if isinstance(field, bytes) else field] = request
        if self.stats:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def close(self, reason: str) -> None:
        """Release what was handled, hand the rest back, leave the crawl."""
        self.release_handled()
        if returned := self.server.eval(_REQUEUE, 2, self.leases_key, self.queue.key):
            logger.info("Handed %d requests back to the queue", returned)
        self.server.srem(self.workers_key, self.worker.id)
        self.worker.leave()
        super().close(reason)

    def release_handled(self) -> None:
        """Release the leases of the requests Scrapy has finished handling."""
        # The engine keeps each request in its slot until its response is parsed and the
        # items are through the pipelines; Scrapy offers no signal for that moment.
        slot = getattr(self.crawler.engine, "_slot", None)
        in_progress = slot.inprogress if slot is not None else set()
        done = [field for field, request in self.leased.items() if request not in in_progress]
        if done:
            self.server.hdel(self.leases_key, *done)
            for field in done:
                del self.leased[field]

    def heartbeat(self) -> None:
        """Release handled requests and settle workers found dead."""
        self.release_handled()
        self.recover()

    def recover(self) -> None:
        """Settle every dead worker of this spider, then queue its leased requests again."""
        for dead in sorted(self._members()):
            if dead == self.worker.id or self.worker.is_alive(dead):
                continue
            if not self.server.srem(self.workers_key, dead):
                continue  # another worker is settling it
            info = self.worker.info(dead) or {}
            host = info.get("host")
            confirmed, forgotten = self.state.settle(dead, host if isinstance(host, str) else None)
            requeued = self.server.eval(
                _REQUEUE, 2, self.worker.key("leases", dead), self.queue.key
            )
            self.server.delete(self.worker.key("worker", dead), self.worker.key("pending", dead))
            self._count(stats.RECOVERED_WRITTEN, confirmed)
            self._count(stats.RECOVERED_FETCHED_AGAIN, forgotten)
            self._count(stats.RECOVERED_REQUESTS, requeued)
            logger.warning(
                "Worker %s is gone: %d requests queued again; of its pending articles %d were"
                " written, %d will be fetched again", dead, requeued, confirmed, forgotten,
            )

    def spider_idle(self) -> None:
        """Keep an idle worker while others hold leases: they may queue more, or die."""
        self.heartbeat()
        if self.has_pending_requests() or self._others_busy():
            raise DontCloseSpider

    def _others_busy(self) -> bool:
        for other in self._members():
            if other != self.worker.id and self.server.exists(self.worker.key("leases", other)):
                return True
        return False

    def _members(self) -> set[str]:
        return self.worker.server.smembers(self.workers_key)  # type: ignore[return-value]

    def _count(self, counter: str, value: int) -> None:
        if value and self.stats:
            stats.count(self.stats, counter, value)

