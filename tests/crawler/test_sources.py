"""Archive sources: Common Crawl and the Wayback Machine read through their documented
interfaces (here the replay server's archives), their captures read in place of the live
pages, and the crawl that results the live crawl's, once."""

from __future__ import annotations

import asyncio
import gzip
import json
import pickle
from io import BytesIO
from time import monotonic
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

import pytest
from scrapy import Request
from scrapy.core.downloader import Slot
from scrapy.http import TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.request import request_from_dict
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newscrawl.core.settings import defaults
from newscrawl.core.window import Window
from newscrawl.crawler.downloader.failures import Refused
from newscrawl.crawler.downloader.retry import HOLD_SLOT, BackoffRetryMiddleware, backoff_seconds
from newscrawl.crawler.sources import check_source, fetch_capture
from newscrawl.crawler.sources.base import (
    ARCHIVE,
    archive_record,
    archived,
    live_url,
    query_hosts,
)
from newscrawl.crawler.sources.cdx import (
    Capture,
    IndexUnreadable,
    newest_by_url,
    parse_collinfo,
    parse_commoncrawl,
    parse_page_count,
    parse_timestamp,
    parse_wayback,
)
from newscrawl.crawler.sources.commoncrawl import RecordUnreadable, read_record
from newscrawl.crawler.spiders.outlet import spider_class_for
from newscrawl.outlets import OUTLETS
from newscrawl.replay.archives import COLLECTIONS, ArchiveFaults, Archives
from newscrawl.replay.server import ReplayServer, Snapshots, bundled_snapshots
from tests.crawls import goldens, run_crawl

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from scrapy.http import Response

    from newscrawl.crawler.spiders.outlet import OutletSpider
    from tests.crawls import Crawl

AQNEWS = OUTLETS["aqnews"]
CAPTURES = list(Snapshots(bundled_snapshots()).captures())
ARTICLE_PAGES = sorted(page.url for page in CAPTURES if AQNEWS.owns(page.url)
                       and AQNEWS.is_article_url(page.url))
NO_DELAY = json.dumps({name: {"concurrency": 4, "delay": 0} for name in defaults()[
    "NEWSCRAWL_ARCHIVE_SLOTS"
]})
TRUNCATED = "https://aqnews.kz/sayasat/123410-parlament-jergilikti-ozin-ozi-basqaru-turaly-zanddy-maquldady/"
MOVED = "https://aqnews.kz/qogam/123411-shymkentte-jana-emhana-ashyldy/"
NEAREST = "https://aqnews.kz/ekonomika/123412-shagyn-biznesti-nesieleu-18-paiyzga-osti/"


# The documented formats, parsed


def test_collinfo_newest_first_and_windows() -> None:
    body = json.dumps([
        {"id": "CC-MAIN-2024-18", "name": "April 2024 Index",
         "timegate": "https://index.commoncrawl.org/CC-MAIN-2024-18/",
         "cdx-api": "https://index.commoncrawl.org/CC-MAIN-2024-18-index",
         "from": "2024-04-12T12:00:00", "to": "2024-04-25T23:59:59"},
        {"id": "CC-MAIN-2024-22", "name": "May 2024 Index",
         "timegate": "https://index.commoncrawl.org/CC-MAIN-2024-22/",
         "cdx-api": "https://mirror.example/CC-MAIN-2024-22-index",
         "from": "2024-05-17T00:00:00", "to": "2024-05-31T00:00:00"},
        {"id": "CC-MAIN-2012", "name": "2012 Index", "cdx-api": "https://x/CC-MAIN-2012-index"},
    ]).encode()
    collections = parse_collinfo(body)
    assert [c.id for c in collections] == ["CC-MAIN-2024-22", "CC-MAIN-2024-18", "CC-MAIN-2012"]
    assert collections[0].cdx_api == "https://mirror.example/CC-MAIN-2024-22-index"
    assert collections[1].start is not None
    assert collections[1].start.isoformat() == "2024-04-12T12:00:00+00:00"
    april = Window.from_arguments("2024-04-01", "2024-04-30", AQNEWS.zone)
    assert [c.overlaps(april) for c in collections] == [False, True, True]
    assert all(c.overlaps(Window()) for c in collections)
    for bad in (b"{", b"{}", b'[{"id": "x"}]', b'[{"id": "x", "cdx-api": "y", "from": "May"}]'):
        with pytest.raises(IndexUnreadable):
            parse_collinfo(bad)


def test_page_counts_and_timestamps() -> None:
    assert parse_page_count(b'{"blocks": 423, "pages": 85, "pageSize": 5}') == 85
    assert parse_page_count(b"3") == 3
    for bad in (b"{}", b"x", b'{"pages": -1}', b"true"):
        with pytest.raises(IndexUnreadable):
            parse_page_count(bad)
    assert parse_timestamp("2024").isoformat() == "2024-01-01T00:00:00+00:00"
    assert parse_timestamp("20240315").isoformat() == "2024-03-15T00:00:00+00:00"
    assert parse_timestamp("20240315123456").isoformat() == "2024-03-15T12:34:56+00:00"
    with pytest.raises(IndexUnreadable):
        parse_timestamp("2024-03")


def test_commoncrawl_cdx_lines() -> None:
    line = {
        "urlkey": "kz,aqnews)/ru/x", "timestamp": "20240415010203",
        "url": "https://aqnews.kz/ru/x", "mime": "text/html", "mime-detected": "text/html",
        "status": "200", "digest": "ABC", "length": "1234", "offset": "56",
        "filename": "crawl-data/CC-MAIN-2024-18/segments/1/warc/a.warc.gz",
        "charset": "UTF-8", "languages": "rus",
    }
    body = (json.dumps(line) + "\n{broken\n\n" + json.dumps({**line, "offset": "x"})).encode()
    captures, unreadable = parse_commoncrawl(body, "CC-MAIN-2024-18")
    assert unreadable == 2
    assert captures == [Capture(
        url="https://aqnews.kz/ru/x", timestamp="20240415010203", status=200, mime="text/html",
        digest="ABC", collection="CC-MAIN-2024-18", filename=line["filename"], offset=56,
        length=1234,
    )]


def test_wayback_cdx_rows() -> None:
    header = ["urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length"]
    row = ["kz,aqnews)/x", "20150101000000", "http://aqnews.kz:80/x", "text/html", "200", "D",
           "10"]
    captures, resume = parse_wayback(json.dumps([header, row, [], ["kz%2Caqnews+1%21"]]).encode())
    assert resume == "kz%2Caqnews+1%21"
    assert captures[0].url == "http://aqnews.kz:80/x"
    assert captures[0].status == 200
    assert parse_wayback(json.dumps([header, row]).encode())[1] is None
    assert parse_wayback(b"[]") == ([], None)
    assert parse_wayback(b"") == ([], None)
    for bad in (b"{", b'{"a": 1}', json.dumps([header, row[:3]]).encode(),
                json.dumps([["urlkey"], ["x"]]).encode()):
        with pytest.raises(IndexUnreadable):
            parse_wayback(bad)


def test_the_newest_capture_of_each_page_wins() -> None:
    old = Capture("https://a.kz/1", "20240101000000", 200, "text/html")
    new = Capture("https://a.kz/1", "20240301000000", 200, "text/html")
    other = Capture("https://a.kz/2", "20240201000000", 200, "text/html")
    chosen = newest_by_url([("1", old), ("2", other), ("1", new)])
    assert chosen == {"1": new, "2": other}
    assert list(chosen) == ["1", "2"]


def test_live_urls_of_archived_ones() -> None:
    page = "https://aqnews.kz/ru/politika/123401-v-mazhilise-obsudili-polnomochiya-selskih-akimov/"
    assert live_url(page, AQNEWS) == page
    assert live_url(page.replace("https://", "http://"), AQNEWS) == page
    assert live_url(page.replace("aqnews.kz/", "aqnews.kz:443/"), AQNEWS) == page
    assert live_url(page.replace("https://aqnews.kz", "http://aqnews.kz:80"), AQNEWS) == page
    assert live_url(page + "?utm_source=x", AQNEWS) == page
    assert live_url("https://aqnews.kz/ru/news/", AQNEWS) is None
    assert live_url("https://other.kz/ru/politika/123401-x/", AQNEWS) is None
    assert live_url("https://aqnews.kz:8443/ru/politika/123401-x/", AQNEWS) is None
    assert query_hosts(AQNEWS) == ["aqnews.kz"]


def test_sources_by_name() -> None:
    assert check_source(None) == "live"
    assert check_source(" Wayback ") == "wayback"
    with pytest.raises(ValueError, match="unknown source"):
        check_source("archive.today")
    with pytest.raises(ValueError, match="unknown source"):
        spider_class_for(AQNEWS)(source="nope")


# WARC records


def member(status: int = 200, body: bytes = b"<html>x</html>", **headers: str) -> bytes:
    stream = BytesIO()
    writer = WARCWriter(stream, gzip=True)
    fields = [("Content-Type", "text/html; charset=utf-8"), *headers.items()]
    record = writer.create_warc_record(
        "https://aqnews.kz/x", "response", payload=BytesIO(body),
        http_headers=StatusAndHeaders(f"{status} X", fields, protocol="HTTP/1.1"),
    )
    writer.write_record(record)
    return stream.getvalue()


def test_a_record_read_from_its_member() -> None:
    record = read_record(member())
    assert (record.status, record.body) == (200, b"<html>x</html>")
    response = record.as_response("https://aqnews.kz/x")
    assert response.url == "https://aqnews.kz/x"
    assert response.headers["Content-Type"] == b"text/html; charset=utf-8"
    assert isinstance(response, TextResponse)
    assert gzip.decompress(member())[:8] == b"WARC/1.0"
    assert read_record(gzip.decompress(member())).body == b"<html>x</html>"
    assert read_record(member(301, b"", Location="https://aqnews.kz/y")).status == 301


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (member()[:-20], "truncated gzip member"),
        (b"\x1f\x8bnot gzip at all", "not a gzip member"),
        (b"", "no response record"),
        (gzip.compress(b"WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 0\r\n\r\n\r\n\r\n"),
         "no response record"),
    ],
)
def test_an_unreadable_member_is_refused(data: bytes, reason: str) -> None:
    with pytest.raises(RecordUnreadable, match=reason):
        read_record(data)


# The walk through an index


def spider_for(source: str, since: str | None = None, until: str | None = None) -> OutletSpider:
    spider_class = spider_class_for(AQNEWS)
    crawler = get_crawler(spider_class, settings_dict=defaults())
    crawler.stats = MemoryStatsCollector(crawler)
    spider = spider_class.from_crawler(crawler, source=source, since=since, until=until)
    crawler.spider = spider
    return spider


def answer(archives: Archives, request: Request) -> TextResponse:
    """The archive's answer to ``request``, as the download would give it."""
    parts = urlsplit(request.url)
    headers = {name.decode(): request.headers[name].decode() for name in request.headers}
    status, answer_headers, body = archives.reply(
        parts.hostname or "", parts.path, parts.query, headers
    )
    return TextResponse(request.url, status=status, headers=answer_headers, body=body,
                        request=request)


def walk(spider: OutletSpider, archives: Archives) -> tuple[list[Request], list[Request]]:
    """Every step of the index walk, answered by ``archives``: (index requests, capture
    requests), as the engine would run them one after the other."""
    assert spider.archive is not None
    todo = list(spider.archive.start())
    index, captures = [], []
    while todo:
        request = todo.pop(0)
        if request.callback == spider.parse_article:
            captures.append(request)
            continue
        index.append(request)
        response = answer(archives, request)
        if response.status < 400 or response.status in request.meta["handle_httpstatus_list"]:
            todo += request.callback(response, **request.cb_kwargs)
        else:
            failure = Failure(HttpError(response))
            failure.request = request  # type: ignore[attr-defined]
            todo += request.errback(failure)
    return index, captures


def counts(spider: OutletSpider) -> dict[str, int]:
    assert spider.crawler.stats is not None
    return {key.removeprefix("newscrawl/"): value
            for key, value in spider.crawler.stats.get_stats().items()}


@pytest.fixture(scope="module")
def archives() -> Archives:
    """The replay's archives, three lines to a CDX page."""
    return Archives(Snapshots(bundled_snapshots()).captures, ArchiveFaults(page_lines=3))


def test_commoncrawl_walks_every_page_of_every_collection(archives: Archives) -> None:
    spider = spider_for("commoncrawl")
    index, captures = walk(spider, archives)
    assert sorted(request.url for request in captures) == ARTICLE_PAGES
    newest = COLLECTIONS[0].id
    assert {archived(request.meta)["collection"] for request in captures} == {newest}
    steps = [request.cb_kwargs["step"]["kind"] for request in index]
    pages = -(-len([p for p in CAPTURES if "//aqnews.kz/" in p.url]) // 3)
    assert steps == ["collections", *(["pages"] + ["page"] * pages) * len(COLLECTIONS)]
    assert index[1].url.startswith(f"https://index.commoncrawl.org/{newest}-index?")
    query = parse_qs(urlsplit(index[1].url).query)
    assert query["url"] == ["aqnews.kz/*"]
    assert query["filter"] == ["status:200", "mime:html"]
    assert query["showNumPages"] == ["true"]
    found = counts(spider)
    assert found["archive/collections"] == len(COLLECTIONS)
    assert found["archive/index_pages"] == pages * len(COLLECTIONS)
    assert found["archive/captures_requested"] == len(ARTICLE_PAGES)
    assert found["archive/captures_older"] == len(ARTICLE_PAGES)
    for request in captures:
        capture = archived(request.meta)
        assert capture is not None
        assert capture["fetch"] == f"https://data.commoncrawl.org/{capture['filename']}"
        assert request.meta["download_slot"] == "commoncrawl-data"
        assert request.meta["dont_obey_robotstxt"] is True
        assert request.meta[HOLD_SLOT] is True
        assert request.meta["playwright"] is False
    for request in index:
        assert request.meta["download_slot"] == "commoncrawl-index"
    # Each step has a URL of its own: the request filter makes one walk of many workers' starts.
    assert len({request.url for request in index}) == len(index)
    assert not any(request.dont_filter for request in index)


def test_only_collections_that_overlap_the_window_are_read(archives: Archives) -> None:
    spider = spider_for("commoncrawl", since="2024-04-01", until="2024-04-30")
    index, captures = walk(spider, archives)
    older = COLLECTIONS[1]
    assert {archived(r.meta)["collection"] for r in captures} == {older.id}
    assert sorted(r.url for r in captures) == ARTICLE_PAGES
    assert all(older.id in r.url for r in index[1:])
    query = parse_qs(urlsplit(index[1].url).query)
    assert query["from"] == ["20240331190000"]
    assert query["to"] == ["20240430185959"]
    nothing = spider_for("commoncrawl", until="2023-12-31")
    index, captures = walk(nothing, archives)
    assert (len(index), captures) == (1, [])
    assert "archive/collections" not in counts(nothing)


def test_a_missing_collection_an_empty_answer_and_an_unreadable_page(
    archives: Archives,
) -> None:
    faulty = Archives(archives.captures, ArchiveFaults(missing=("CC-MAIN-2024-10",)))
    spider = spider_for("commoncrawl")
    index, captures = walk(spider, faulty)
    assert sorted(r.url for r in captures) == ARTICLE_PAGES
    assert counts(spider)["archive/index_missing"] == 1
    assert "CC-MAIN-2024-10" in index[-1].url

    class Broken(Archives):
        def reply(self, host: str, path: str, query: str, headers: Any) -> Any:
            if "showNumPages" in query:
                return 200, {"Content-Type": "application/json"}, b'{"pages": 1}'
            if COLLECTIONS[1].id in path:
                return 404, {}, b'{"message": "No Captures found for: aqnews.kz/*"}'
            if "page=0" in query:
                return 200, {"Content-Type": "text/plain"}, b"{not json\n"
            return super().reply(host, path, query, headers)

    spider = spider_for("commoncrawl")
    index, captures = walk(spider, Broken(archives.captures, ArchiveFaults()))
    assert captures == []
    found = counts(spider)
    assert found["archive/index_unreadable"] == 1
    assert found["archive/index_empty"] == 1


def test_a_failed_step_is_counted_and_the_walk_goes_on(archives: Archives) -> None:
    class Failing(Archives):
        def reply(self, host: str, path: str, query: str, headers: Any) -> Any:
            if COLLECTIONS[0].id in path:
                return 503, {"Retry-After": "1"}, b"Slow Down"
            return super().reply(host, path, query, headers)

    spider = spider_for("commoncrawl")
    _, captures = walk(spider, Failing(archives.captures, ArchiveFaults()))
    assert {archived(r.meta)["collection"] for r in captures} == {COLLECTIONS[1].id}
    assert sorted(r.url for r in captures) == ARTICLE_PAGES
    found = counts(spider)
    assert found["archive/index_failed"] == 1
    assert found["http_error/503"] == 1


def test_wayback_follows_resume_keys(archives: Archives) -> None:
    spider = spider_for("wayback")
    index, captures = walk(spider, archives)
    assert sorted(r.url for r in captures) == ARTICLE_PAGES
    assert len(index) == -(-len([p for p in CAPTURES if "//aqnews.kz/" in p.url]) // 3)
    first = parse_qs(urlsplit(index[0].url).query)
    assert first["filter"] == ["statuscode:200", "mimetype:text/html"]
    assert first["collapse"] == ["digest"]
    assert "resumeKey" not in first
    assert all("&resumeKey=kz%2Caqnews%29%2F" in r.url for r in index[1:])
    for request in captures:
        capture = archived(request.meta)
        assert capture is not None
        assert capture["fetch"] == (
            f"https://web.archive.org/web/{capture['timestamp']}id_/{capture['url']}"
        )
        assert request.meta["download_slot"] == "wayback-web"


def test_a_page_split_across_two_answers_is_requested_once_at_its_newest() -> None:
    header = ["urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length"]
    one, two = ARTICLE_PAGES[:2]

    def row(url: str, timestamp: str) -> list[str]:
        return ["k", timestamp, url, "text/html", "200", timestamp, "1"]

    pages = {
        None: [header, row(one, "20240301000000"), row(two, "20240302000000"), [], ["key1"]],
        "key1": [header, row(two, "20240305000000"), row(two, "20240303000000"), [], ["key2"]],
        "key2": [header, row(two, "20240304000000")],
    }

    class Paged(Archives):
        def reply(self, host: str, path: str, query: str, headers: Any) -> Any:
            key = parse_qs(query).get("resumeKey", [None])[0]
            return 200, {"Content-Type": "application/json"}, json.dumps(pages[key]).encode()

    spider = spider_for("wayback")
    _, captures = walk(spider, Paged(lambda: [], ArchiveFaults()))
    chosen = {r.url: archived(r.meta)["timestamp"] for r in captures}
    assert chosen == {one: "20240301000000", two: "20240305000000"}
    assert len(captures) == 2
    assert counts(spider)["archive/captures_older"] == 3


def test_captures_outside_the_window_or_of_other_pages_are_left() -> None:
    header = ["urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length"]
    first, second, third = ARTICLE_PAGES[:3]
    rows = [
        header,
        ["k", "20240301000000", first, "text/html", "200", "a", "1"],
        ["k", "20240410000000", second, "text/html", "200", "b", "1"],
        ["k", "20240410000000", "https://aqnews.kz/ru/news/", "text/html", "200", "c", "1"],
        ["k", "20240410000000", third, "text/html", "404", "d", "1"],
        ["k", "20240410000000", "https://elsewhere.kz/ru/x/123456-y/", "text/html", "200",
         "e", "1"],
    ]

    class Unfiltered(Archives):
        def reply(self, host: str, path: str, query: str, headers: Any) -> Any:
            return 200, {"Content-Type": "application/json"}, json.dumps(rows).encode()

    spider = spider_for("wayback", since="2024-04-03")
    _, captures = walk(spider, Unfiltered(list, ArchiveFaults()))
    assert [request.url for request in captures] == [second]
    found = counts(spider)
    assert found["archive/captures"] == 5
    assert found["archive/captures_out_of_window"] == 1
    assert found["archive/captures_other_pages"] == 3


def test_steps_and_captures_survive_a_queue_on_disk_or_in_redis(archives: Archives) -> None:
    """JOBDIR and a distributed crawl keep requests as dicts naming spider methods, pickled."""
    spider = spider_for("commoncrawl")
    index, captures = walk(spider, archives)
    for request in (index[2], captures[0]):
        copy = request_from_dict(pickle.loads(pickle.dumps(request.to_dict(spider=spider))),
                                 spider=spider)
        assert (copy.url, copy.callback, copy.errback) == (
            request.url, request.callback, request.errback
        )
        assert (copy.meta, copy.cb_kwargs) == (request.meta, request.cb_kwargs)


def test_an_item_says_where_it_was_read() -> None:
    capture = {"source": "commoncrawl", "url": "http://aqnews.kz/x", "timestamp": "20240415010203",
               "status": 200, "mime": "text/html", "digest": "D", "collection": "CC-MAIN-2024-18",
               "filename": "f.warc.gz", "offset": 0, "length": 10, "fetch": "https://x/f"}
    assert archive_record(capture) == {
        "source": "commoncrawl", "collection": "CC-MAIN-2024-18", "timestamp": "20240415010203",
        "url": "http://aqnews.kz/x", "filename": "f.warc.gz", "offset": 0, "length": 10,
        "captured_at": "2024-04-15T01:02:03+00:00",
    }
    assert archived({ARCHIVE: capture}) is capture
    assert archived({}) is None


# Reading a capture in place of the live page


def read(
    archives: Archives, capture: dict[str, Any], download: Any = None
) -> tuple[Response, dict[str, Any]]:
    """The response the download handler gives for ``capture``, and what it counted."""
    request = Request(capture["url"], meta={ARCHIVE: capture})
    collector = MemoryStatsCollector(get_crawler())

    async def via_archives(archive_request: Request) -> Response:
        return answer(archives, archive_request)

    response = asyncio.run(fetch_capture(request, capture, download or via_archives, collector))
    return response, collector.get_stats()


def chosen(archives: Archives, source: str) -> dict[str, dict[str, Any]]:
    _, captures = walk(spider_for(source), archives)
    return {request.url: archived(request.meta) for request in captures}


@pytest.fixture(scope="module")
def faulty(archives: Archives) -> Archives:
    return Archives(archives.captures, ArchiveFaults(
        truncated=(TRUNCATED,), redirected={MOVED: "https://aqnews.kz/ru/news/", NEAREST: NEAREST},
    ))


def test_a_capture_read_in_place_of_its_page(archives: Archives) -> None:
    pages = {page.url: page for page in CAPTURES}
    for source in ("commoncrawl", "wayback"):
        for url, capture in chosen(archives, source).items():
            response, _ = read(archives, capture)
            assert (response.status, response.url, response.body) == (200, url, pages[url].body)
            assert response.headers["Content-Type"].decode() == pages[url].content_type


def test_a_server_that_ignores_range_still_gives_the_record(archives: Archives) -> None:
    url, capture = next(iter(chosen(archives, "commoncrawl").items()))

    async def no_range(archive_request: Request) -> Response:
        del archive_request.headers["Range"]
        return answer(archives, archive_request)

    response, _ = read(archives, capture, no_range)
    assert response.body == next(page.body for page in CAPTURES if page.url == url)


def test_an_archive_error_reaches_the_retry_middleware_under_the_live_url(
    archives: Archives,
) -> None:
    url, capture = next(iter(chosen(archives, "commoncrawl").items()))
    busy = Archives(archives.captures, ArchiveFaults(unavailable=1, retry_after=9))
    response, _ = read(busy, capture)
    assert (response.status, response.url) == (503, url)
    assert response.headers["Retry-After"] == b"9"


def test_a_truncated_member_and_a_redirect_record_are_refused(faulty: Archives) -> None:
    captures = chosen(faulty, "commoncrawl")
    with pytest.raises(Refused, match="truncated gzip member") as refused:
        read(faulty, captures[TRUNCATED])
    assert refused.value.counter == "archive/record_unreadable"
    with pytest.raises(Refused, match="is a redirect") as refused:
        read(faulty, captures[MOVED])
    assert refused.value.counter == "archive/redirect"


def test_wayback_follows_a_redirect_to_another_capture_of_the_page_only(
    faulty: Archives,
) -> None:
    captures = chosen(faulty, "wayback")
    capture = dict(captures[NEAREST])
    response, counted = read(faulty, capture)
    assert (response.status, response.url) == (200, NEAREST)
    assert capture["timestamp"] > captures[NEAREST]["timestamp"]
    assert capture["fetch"].endswith(f"/web/{capture['timestamp']}id_/{NEAREST}")
    assert counted["newscrawl/archive/redirect_followed"] == 1
    with pytest.raises(Refused, match="is a redirect") as refused:
        read(faulty, captures[MOVED])
    assert refused.value.counter == "archive/redirect"


# Politeness


def test_archives_back_off_exponentially_on_a_503_too() -> None:
    assert backoff_seconds(503, None, 2, 1.0, 60.0) == 0.0
    assert backoff_seconds(503, None, 2, 1.0, 60.0, exponential=(429, 503)) == 4.0
    assert backoff_seconds(503, b"7", 2, 1.0, 60.0, exponential=(429, 503)) == 7.0


def test_a_backoff_holds_the_archive_slot() -> None:
    crawler = get_crawler(settings_dict=defaults())
    slot = Slot(concurrency=2, delay=1.0, jitter=0)
    slot.lastseen = 100.0
    crawler.engine = SimpleNamespace(  # type: ignore[assignment]
        downloader=SimpleNamespace(slots={"commoncrawl-data": slot})
    )
    middleware = BackoffRetryMiddleware(crawler)
    before = monotonic()
    middleware.hold_slot("commoncrawl-data", 30.0)
    assert before + 29.0 - 0.01 <= slot.lastseen <= monotonic() + 29.0
    middleware.hold_slot("unknown", 30.0)
    idle = Slot(concurrency=2, delay=0.0, jitter=0)
    crawler.engine.downloader.slots["live"] = idle  # type: ignore[union-attr]
    middleware.hold_slot("live", 30.0)
    assert idle.lastseen == 0


# Crawls


def archive_crawl(
    source: str, replay: ReplayServer, workdir: Path, *settings: str, **arguments: str
) -> Crawl:
    return run_crawl(
        "aqnews", replay, workdir, f"NEWSCRAWL_ARCHIVE_SLOTS={NO_DELAY}", *settings,
        arguments={"source": source, **arguments},
    )


def bodies(crawl: Crawl, leaving: tuple[str, ...] = ()) -> list[object]:
    """The crawl's article bodies (their hashes), but those of the pages ``leaving``."""
    return sorted(item["content_hash"] for item in crawl.items if item["url"] not in leaving)


def check_pages(crawl: Crawl) -> None:
    """Each article is its page's, as the golden file has it."""
    expected = goldens("aqnews")
    for item in crawl.items:
        golden = expected[str(item["url"])]
        assert (item["canonical_url"], item["content_hash"]) == (
            golden["canonical_url"], golden["content_hash"]
        )


@pytest.fixture(scope="module")
def live(replay: ReplayServer, tmp_path_factory: pytest.TempPathFactory) -> Crawl:
    return run_crawl("aqnews", replay, tmp_path_factory.mktemp("live"))


@pytest.mark.e2e
@pytest.mark.parametrize("source", ["commoncrawl", "wayback"])
def test_an_archive_crawl_writes_the_live_articles(
    source: str, live: Crawl, replay: ReplayServer, tmp_path: Path
) -> None:
    crawl = archive_crawl(source, replay, tmp_path)
    # A body two pages share is written once, under the page read first: the same bodies,
    # each under one of its pages' canonical URLs.
    assert bodies(crawl) == bodies(live)
    check_pages(crawl)
    assert "Traceback" not in crawl.log
    for item in crawl.items:
        record = item["archive"]
        assert isinstance(record, dict)
        assert record["source"] == source
        assert item["fetched_at"] == record["captured_at"]
        assert item["url"] in ARTICLE_PAGES
        assert (source == "commoncrawl") == (record.get("collection") == COLLECTIONS[0].id)
    assert all("archive" not in item for item in live.items)
    assert crawl.stats["newscrawl/archive/captures_requested"] == len(ARTICLE_PAGES)


@pytest.mark.e2e
def test_a_second_source_reads_nothing_the_first_fetched(
    replay: ReplayServer, tmp_path: Path
) -> None:
    first = archive_crawl("wayback", replay, tmp_path)
    assert first.items
    second = archive_crawl("commoncrawl", replay, tmp_path)
    assert second.items == []
    assert second.stats["newscrawl/skipped/seen"] == len(ARTICLE_PAGES)
    assert second.stats["downloader/request_count"] == (
        second.stats["newscrawl/archive/index_pages"] + 1 + len(COLLECTIONS)
    )
    live = run_crawl("aqnews", replay, tmp_path)
    assert live.items == []


@pytest.fixture(scope="module")
def troubled() -> Iterator[ReplayServer]:
    faults = ArchiveFaults(
        page_lines=4, missing=("CC-MAIN-2024-10",), unavailable=2, truncated=(TRUNCATED,),
        redirected={MOVED: "https://aqnews.kz/ru/news/"},
    )
    with ReplayServer(archives=faults) as server:
        yield server


@pytest.mark.e2e
def test_an_archive_crawl_through_faults(
    troubled: ReplayServer, live: Crawl, tmp_path: Path
) -> None:
    slots = json.dumps({name: {"concurrency": 2, "delay": 0.05} for name in defaults()[
        "NEWSCRAWL_ARCHIVE_SLOTS"
    ]})
    crawl = run_crawl(
        "aqnews", troubled, tmp_path, f"NEWSCRAWL_ARCHIVE_SLOTS={slots}",
        "NEWSCRAWL_RETRY_AFTER_MAX=1", arguments={"source": "commoncrawl"},
    )
    assert bodies(crawl) == bodies(live, (TRUNCATED, MOVED))
    check_pages(crawl)
    assert crawl.stats["newscrawl/archive/index_missing"] == 1
    assert crawl.stats["newscrawl/archive/record_unreadable"] == 1
    assert crawl.stats["newscrawl/archive/redirect"] == 1
    assert crawl.stats["newscrawl/archive/fetch_failed"] == 2
    assert crawl.stats["newscrawl/backoff/503"] >= 2
    assert "Traceback" not in crawl.log

