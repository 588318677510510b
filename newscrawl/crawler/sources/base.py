"""What the archive sources share: the walk through an index, the choice of captures, and the
requests for them.

An index is walked one request at a time (a *step*): each step's callback yields the next,
carrying the steps still to come (``plan``), so the order is the index's own and a crawl can
stop, resume or run on several workers without losing its place. Steps go through the
request filter like any request (each has a URL of its own): in a distributed crawl, the
workers' first steps are one, and so is the walk. The captures a step lists
are chosen (an article page of the outlet, inside the window, the newest of its URL) and
requested at once under their live URL, the capture in their meta (:data:`ARCHIVE`); a page's
captures split across two steps of one query are settled by carrying the last page's newest
capture (``pending``) to the next step. Collections are walked newest first and a live URL is
requested once per run, so the newest capture in the window wins.
"""

from __future__ import annotations

import logging
from dataclasses import asdict
from typing import TYPE_CHECKING, Any, ClassVar, Protocol
from urllib.parse import urlsplit, urlunsplit

from scrapy import Request

from newscrawl.core import stats
from newscrawl.core.settings import defaults
from newscrawl.core.urls import host_and_port
from newscrawl.core.window import date_in_url
from newscrawl.crawler.downloader.failures import record_failure
from newscrawl.crawler.downloader.retry import HOLD_SLOT
from newscrawl.crawler.extensions.sources import SOURCE
from newscrawl.crawler.sources.cdx import (
    Capture,
    IndexUnreadable,
    cdx_timestamp,
    newest_by_url,
    parse_timestamp,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from datetime import datetime

    from scrapy.core.downloader import Downloader
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from twisted.python.failure import Failure

    from newscrawl.core.profile import OutletProfile
    from newscrawl.core.window import Window

logger = logging.getLogger(__name__)

# Request meta: the capture an article request is read from instead of the live site.
ARCHIVE = "newscrawl_archive"
# The capture fields an item's ``archive`` object carries.
RECORD_FIELDS = ("source", "collection", "timestamp", "url", "filename", "offset", "length")
# Every request to an archive: neither its robots.txt nor the outlet's (the archive is read
# through its API, the outlet not at all), no browser, the archive's delay left as configured
# (AutoThrottle would lower it), its download slot held while a 429 or 503 is waited out.
_ARCHIVE_META = {
    "dont_obey_robotstxt": True,
    "autothrottle_dont_adjust_delay": True,
    "playwright": False,
    HOLD_SLOT: True,
}


class ArchiveSpider(Protocol):
    """What a source needs of its spider."""

    profile: OutletProfile
    window: Window
    crawler: Crawler

    def parse_article(self, response: Response) -> Any: ...
    def on_failure(self, failure: Failure) -> Any: ...
    def parse_archive_index(self, response: Response, **step: Any) -> Any: ...
    def archive_index_failed(self, failure: Failure) -> Any: ...


def archived(meta: dict[str, Any]) -> dict[str, Any] | None:
    """The capture a request (or its response) is read from, None for a live page."""
    capture = meta.get(ARCHIVE)
    return capture if isinstance(capture, dict) else None


def captured_at(capture: dict[str, Any]) -> datetime:
    """When the capture was made, UTC, to the second."""
    return parse_timestamp(capture["timestamp"])


def archive_record(capture: dict[str, Any]) -> dict[str, Any]:
    """The item's ``archive`` object for a capture."""
    record = {name: capture[name] for name in RECORD_FIELDS if capture.get(name) is not None}
    record["captured_at"] = captured_at(capture).isoformat()
    return record


def live_url(archived_url: str, profile: OutletProfile) -> str | None:
    """The live URL of an article page the archive captured as ``archived_url`` (the default
    port dropped, tracking parameters too; ``http`` read as ``https`` where only that is the
    outlet's article URL), or None when the profile takes it for no article page."""
    site = host_and_port(archived_url)
    if site is None:
        return None
    host, port = site
    parts = urlsplit(archived_url)
    netloc = host if port is None else f"{host}:{port}"
    url = profile.clean_url(urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, "")))
    candidates = [url]
    if parts.scheme == "http":
        candidates.append("https" + url.removeprefix("http"))
    return next(
        (c for c in candidates if profile.owns(c) and profile.is_article_url(c)), None
    )


def query_hosts(profile: OutletProfile) -> list[str]:
    """The hosts to ask an index about: an index keys pages without ``www.``, so a host and
    its ``www.`` twin are one query."""
    return list(dict.fromkeys(host.removeprefix("www.") for host in profile.hosts))


class ArchiveSource:
    """One archive as a source of an outlet's pages; subclasses name their index steps."""

    name: ClassVar[str]
    index_slot: ClassVar[str]
    capture_slot: ClassVar[str]

    def __init__(self, spider: ArchiveSpider) -> None:
        self.spider = spider
        self.crawler = spider.crawler
        self.settings = spider.crawler.settings
        self.profile = spider.profile
        self.window = spider.window
        # Live URLs requested by this process: an older capture of one is not requested.
        self.requested: set[str] = set()

    def configure_slots(self, downloader: Downloader) -> None:
        """Give the archive's download slots their concurrency and delay
        (``NEWSCRAWL_ARCHIVE_SLOTS``), unless ``DOWNLOAD_SLOTS`` names them."""
        slots = {
            **defaults()["NEWSCRAWL_ARCHIVE_SLOTS"],
            **self.settings.getdict("NEWSCRAWL_ARCHIVE_SLOTS"),
        }
        for slot in (self.index_slot, self.capture_slot):
            downloader.per_slot_settings.setdefault(slot, slots.get(slot, {}))

    def start(self) -> Iterator[Request]:
        """The first step of the walk."""
        first, *plan = self.first_steps()
        yield self.index_request(first, plan, None)

    def first_steps(self) -> list[dict[str, Any]]:
        """The steps the walk starts with."""
        raise NotImplementedError

    def index_url(self, step: dict[str, Any]) -> str:
        """The URL of one step."""
        raise NotImplementedError

    def read_step(
        self, response: Response, step: dict[str, Any], plan: list[dict[str, Any]]
    ) -> tuple[list[Capture], list[dict[str, Any]]]:
        """The captures a step's answer lists, and the plan it leaves (steps it adds first)."""
        raise NotImplementedError

    def continues(self, step: dict[str, Any], following: dict[str, Any]) -> bool:
        """Whether ``following`` reads on in the same query as ``step`` (its next page)."""
        raise NotImplementedError

    def fetch_url(self, capture: Capture) -> str:
        """Where the capture is read."""
        raise NotImplementedError

    def index_request(
        self, step: dict[str, Any], plan: list[dict[str, Any]], pending: dict[str, Any] | None
    ) -> Request:
        """The request of one step; its callback walks on."""
        return Request(
            self.index_url(step),
            callback=self.spider.parse_archive_index,
            errback=self.spider.archive_index_failed,
            cb_kwargs={"step": step, "plan": plan, "pending": pending},
            meta={
                **_ARCHIVE_META,
                "download_slot": self.index_slot,
                "allow_offsite": True,
                "handle_httpstatus_list": [404],
            },
        )

    def parse_index(
        self,
        response: Response,
        step: dict[str, Any],
        plan: list[dict[str, Any]],
        pending: dict[str, Any] | None,
    ) -> Iterator[Request]:
        """The captures a step lists, requested, and the next step."""
        captures: list[Capture] = []
        if response.status == 404:
            if b"No Captures found" in response.body:
                self._count(stats.ARCHIVE_INDEX_EMPTY)
            else:
                self._count(stats.ARCHIVE_INDEX_MISSING)
                logger.warning("%s index %s not found (404): skipped", self.name, response.url)
        else:
            try:
                captures, plan = self.read_step(response, step, plan)
            except IndexUnreadable as error:
                self._count(stats.ARCHIVE_INDEX_UNREADABLE)
                logger.warning("%s index %s unreadable: %s", self.name, response.url, error)
        yield from self._walk_on(step, plan, pending, captures)

    def index_failed(self, failure: Failure) -> Iterator[Request]:
        """A step that failed (counted and logged), and the walk on without it."""
        record_failure(self.crawler, failure)
        self._count(stats.ARCHIVE_INDEX_FAILED)
        kwargs = failure.request.cb_kwargs  # type: ignore[attr-defined]
        yield from self._walk_on(kwargs["step"], kwargs["plan"], kwargs["pending"], [])

    def _walk_on(
        self,
        step: dict[str, Any],
        plan: list[dict[str, Any]],
        pending: dict[str, Any] | None,
        captures: list[Capture],
    ) -> Iterator[Request]:
        chosen = self._choose(captures)
        if pending is not None:
            carried = Capture(**pending["capture"])
            other = chosen.pop(pending["url"], None)
            if other is not None:
                self._count(stats.ARCHIVE_CAPTURES_OLDER)
            best = other if other is not None and other.timestamp > carried.timestamp else carried
            chosen = {pending["url"]: best, **chosen}
        carry = None
        if plan and chosen and self.continues(step, plan[0]):
            url, capture = chosen.popitem()
            carry = {"url": url, "capture": asdict(capture)}
        for url, capture in chosen.items():
            yield self._capture_request(url, capture)
        if plan:
            yield self.index_request(plan[0], plan[1:], carry)

    def _choose(self, captures: Iterable[Capture]) -> dict[str, Capture]:
        """The captures worth a request: article pages of the outlet, captured inside the
        window, the newest of each live URL, not requested before in this run."""
        in_window: list[tuple[str, Capture]] = []
        other = out_of_window = 0
        for capture in captures:
            url = live_url(capture.url, self.profile)
            if url is None or capture.status not in (None, 200):
                other += 1
            elif not self._in_window(url, capture):
                out_of_window += 1
            else:
                in_window.append((url, capture))
        newest = newest_by_url(in_window)
        older = len(in_window) - len(newest)
        for url in [url for url in newest if url in self.requested]:
            del newest[url]
            older += 1
        self._count(stats.ARCHIVE_CAPTURES, other + out_of_window + len(in_window))
        self._count(stats.ARCHIVE_CAPTURES_OTHER_PAGES, other)
        self._count(stats.ARCHIVE_CAPTURES_OUT_OF_WINDOW, out_of_window)
        self._count(stats.ARCHIVE_CAPTURES_OLDER, older)
        return newest

    def _in_window(self, url: str, capture: Capture) -> bool:
        day = date_in_url(url)
        return self.window.contains(capture.captured_at) and (
            day is None or self.window.contains_day(day)
        )

    def _capture_request(self, url: str, capture: Capture) -> Request:
        self.requested.add(url)
        self._count(stats.ARCHIVE_CAPTURES_REQUESTED)
        meta = {
            **_ARCHIVE_META,
            ARCHIVE: {"source": self.name, **asdict(capture), "fetch": self.fetch_url(capture)},
            SOURCE: f"{self.name} {capture.collection or urlsplit(url).hostname}",
            "download_slot": self.capture_slot,
        }
        return Request(
            url, callback=self.spider.parse_article, errback=self.spider.on_failure, meta=meta
        )

    def _count(self, counter: str, value: int = 1) -> None:
        if value:
            assert self.crawler.stats is not None
            stats.count(self.crawler.stats, counter, value)


def step_query(
    host: str, window: Window, filters: Iterable[str], extra: Iterable[tuple[str, str]] = ()
) -> list[tuple[str, str]]:
    """The query of a CDX request for every page of ``host`` captured inside ``window``."""
    query = [("url", f"{host}/*"), ("output", "json")]
    if window.since:
        query.append(("from", cdx_timestamp(window.since)))
    if window.until:
        query.append(("to", cdx_timestamp(window.until)))
    query += [("filter", expression) for expression in filters]
    return query + list(extra)

