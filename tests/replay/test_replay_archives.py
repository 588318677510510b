"""The archive services the replay server plays: Common Crawl's index and data servers (CC-NEWS
included) and the Wayback Machine, as their documentation describes them, and their faults."""

from __future__ import annotations

import gzip
import json
import urllib.error
import urllib.request
from io import BytesIO
from typing import TYPE_CHECKING

import pytest
from warcio.archiveiterator import ArchiveIterator

from newscrawl.crawler.handlers.replay import replay_target
from newscrawl.crawler.sources.cdx import Capture, parse_collinfo, parse_wayback
from newscrawl.crawler.sources.commoncrawl import read_record
from newscrawl.replay.archives import COLLECTIONS, ArchiveFaults, surt
from newscrawl.replay.server import ReplayServer, Snapshots, bundled_snapshots

if TYPE_CHECKING:
    from collections.abc import Iterator

INDEX = "https://index.commoncrawl.org"
DATA = "https://data.commoncrawl.org"
WAYBACK = "https://web.archive.org"
NEWEST = COLLECTIONS[0].id
AQNEWS = "aqnews.kz/*"
PAGES = {page.url: page for page in Snapshots(bundled_snapshots()).captures()}
MISSING = "CC-MAIN-2024-10"
TRUNCATED = "https://aqnews.kz/sayasat/123410-parlament-jergilikti-ozin-ozi-basqaru-turaly-zanddy-maquldady/"
MOVED = "https://aqnews.kz/qogam/123411-shymkentte-jana-emhana-ashyldy/"
NEAREST = "https://aqnews.kz/ekonomika/123412-shagyn-biznesti-nesieleu-18-paiyzga-osti/"
TARGET = "https://aqnews.kz/ru/news/"


@pytest.fixture(scope="module")
def faulty() -> Iterator[ReplayServer]:
    """Three lines to a CDX page and three rows to a Wayback answer; a missing collection, a
    truncated member, a capture that redirects to another page and one that redirects to
    another capture of its page."""
    faults = ArchiveFaults(
        page_lines=3, missing=(MISSING,), truncated=(TRUNCATED,),
        redirected={MOVED: TARGET, NEAREST: NEAREST},
    )
    with ReplayServer(archives=faults) as server:
        yield server


def fetch(server: ReplayServer, url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(replay_target(server.url, url), headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def cdx(server: ReplayServer, query: str, collection: str = NEWEST) -> list[dict[str, str]]:
    status, _, body = fetch(server, f"{INDEX}/{collection}-index?{query}")
    if status == 404 and b"No Captures found" in body:
        return []
    assert status == 200, body
    return [json.loads(line) for line in body.splitlines()]


def test_surt_keys_pages_by_reversed_host_without_www() -> None:
    assert surt("https://www.Aqnews.kz/ru/News/?page=2") == "kz,aqnews)/ru/news/?page=2"
    assert surt("aqnews.kz/") == "kz,aqnews)/"
    assert surt("http://example.kz:8080/") == "kz,example:8080)/"


def test_collinfo_lists_the_collections_with_their_cdx_api(replay: ReplayServer) -> None:
    status, headers, body = fetch(replay, f"{INDEX}/collinfo.json")
    assert status == 200
    assert headers["Content-Type"] == "application/json"
    entries = json.loads(body)
    assert {"id", "name", "timegate", "cdx-api", "from", "to"} <= set(entries[0])
    assert [c.id for c in parse_collinfo(body)] == [c.id for c in COLLECTIONS]
    assert entries[0]["cdx-api"] == f"{INDEX}/{entries[0]['id']}-index"


def test_cdx_pages_cover_every_capture_once_in_key_order(faulty: ReplayServer) -> None:
    status, _, body = fetch(faulty, f"{INDEX}/{NEWEST}-index?url={AQNEWS}&showNumPages=true")
    assert status == 200
    pages = json.loads(body)["pages"]
    lines = [
        line for n in range(pages) for line in cdx(faulty, f"url={AQNEWS}&output=json&page={n}")
    ]
    assert len(lines) == len({line["url"] for line in lines})
    assert pages == -(-len(lines) // 3) > 1
    keys = [(line["urlkey"], line["timestamp"]) for line in lines]
    assert keys == sorted(keys)
    assert {line["url"] for line in lines} == {url for url in PAGES if "//aqnews.kz/" in url}
    first = lines[0]
    assert set(first) >= {"urlkey", "timestamp", "url", "mime", "mime-detected", "status",
                          "digest", "length", "offset", "filename"}
    status, _, _ = fetch(faulty, f"{INDEX}/{NEWEST}-index?url={AQNEWS}&output=json&page={pages}")
    assert status == 400


def test_cdx_filters_and_time_range(replay: ReplayServer) -> None:
    everything = cdx(replay, f"url={AQNEWS}&output=json")
    assert cdx(replay, f"url={AQNEWS}&output=json&filter=status:200&filter=mime:html") == everything
    assert cdx(replay, f"url={AQNEWS}&output=json&filter=!mime:html") == []
    news = cdx(replay, f"url={AQNEWS}&output=json&filter=~url:.*/news/$")
    assert {line["url"] for line in news} == {"https://aqnews.kz/news/", "https://aqnews.kz/ru/news/"}
    exact = cdx(replay, f"url={AQNEWS}&output=json&filter==url:https://aqnews.kz/news/")
    assert [line["url"] for line in exact] == ["https://aqnews.kz/news/"]
    middle = sorted(line["timestamp"] for line in everything)[len(everything) // 2]
    later = cdx(replay, f"url={AQNEWS}&output=json&from={middle}")
    assert {line["timestamp"] for line in later} == {
        line["timestamp"] for line in everything if line["timestamp"] >= middle
    }
    assert cdx(replay, f"url={AQNEWS}&output=json&to=2023") == []
    assert cdx(replay, f"url={AQNEWS}&output=json&from=2024&to=2024") == everything


def test_no_capture_and_a_missing_collection_answer_404(replay: ReplayServer) -> None:
    status, headers, body = fetch(replay, f"{INDEX}/{NEWEST}-index?url=nowhere.kz/*&output=json")
    assert (status, headers["Content-Type"]) == (404, "application/json")
    assert json.loads(body)["message"].startswith("No Captures found")
    status, _, body = fetch(replay, f"{INDEX}/CC-MAIN-2001-01-index?url={AQNEWS}&output=json")
    assert status == 404
    assert b"No Captures" not in body


def test_a_missing_collection_is_listed_but_has_no_index(faulty: ReplayServer) -> None:
    _, _, body = fetch(faulty, f"{INDEX}/collinfo.json")
    assert MISSING in [c.id for c in parse_collinfo(body)]
    assert fetch(faulty, f"{INDEX}/{MISSING}-index?url={AQNEWS}&output=json")[0] == 404


def test_each_index_line_is_one_gzip_member_holding_its_page(replay: ReplayServer) -> None:
    for line in cdx(replay, f"url={AQNEWS}&output=json"):
        first, length = int(line["offset"]), int(line["length"])
        status, headers, member = fetch(
            replay, f"{DATA}/{line['filename']}", Range=f"bytes={first}-{first + length - 1}"
        )
        assert status == 206
        assert headers["Content-Range"].startswith(f"bytes {first}-{first + length - 1}/")
        record = read_record(member)
        page = PAGES[line["url"]]
        assert (record.status, record.body) == (200, page.body)
        assert dict(record.headers)["Content-Type"] == page.content_type


def test_ranges_as_http_defines_them(replay: ReplayServer) -> None:
    line = cdx(replay, f"url={AQNEWS}&output=json")[0]
    url = f"{DATA}/{line['filename']}"
    status, _, whole = fetch(replay, url)
    assert status == 200
    size = len(whole)
    assert fetch(replay, url, Range="bytes=10-19")[2] == whole[10:20]
    assert fetch(replay, url, Range="bytes=-5")[2] == whole[-5:]
    assert fetch(replay, url, Range=f"bytes={size - 3}-")[2] == whole[-3:]
    status, headers, _ = fetch(replay, url, Range=f"bytes={size}-{size + 10}")
    assert (status, headers["Content-Range"]) == (416, f"bytes */{size}")


def test_warc_files_are_the_same_every_start(replay: ReplayServer) -> None:
    line = cdx(replay, f"url={AQNEWS}&output=json")[0]
    with ReplayServer() as other:
        assert cdx(other, f"url={AQNEWS}&output=json")[0] == line
        assert fetch(other, f"{DATA}/{line['filename']}")[2] == fetch(
            replay, f"{DATA}/{line['filename']}"
        )[2]


def member(server: ReplayServer, url: str) -> bytes:
    """The WARC member of ``url``'s capture in the newest collection."""
    pages = json.loads(fetch(server, f"{INDEX}/{NEWEST}-index?url={AQNEWS}&showNumPages=true")[2])
    line = next(
        line for n in range(pages["pages"])
        for line in cdx(server, f"url={AQNEWS}&output=json&page={n}") if line["url"] == url
    )
    first, length = int(line["offset"]), int(line["length"])
    status, _, body = fetch(
        server, f"{DATA}/{line['filename']}", Range=f"bytes={first}-{first + length - 1}"
    )
    assert status == 206
    return body


def test_a_truncated_member_does_not_inflate_whole(faulty: ReplayServer) -> None:
    with pytest.raises(ValueError, match="truncated gzip member"):
        read_record(member(faulty, TRUNCATED))


def test_ccnews_lists_its_month_and_serves_every_page_once(replay: ReplayServer) -> None:
    status, _, listing = fetch(replay, f"{DATA}/crawl-data/CC-NEWS/2024/03/warc.paths.gz")
    assert status == 200
    paths = gzip.decompress(listing).decode().split()
    assert paths
    assert all(p.startswith("crawl-data/CC-NEWS/2024/03/CC-NEWS-") for p in paths)
    seen = []
    for path in paths:
        status, _, data = fetch(replay, f"{DATA}/{path}")
        assert status == 200
        for record in ArchiveIterator(BytesIO(data)):
            if record.rec_type == "response":
                seen.append(record.rec_headers.get_header("WARC-Target-URI"))
                assert record.content_stream().read() == PAGES[seen[-1]].body
    assert sorted(seen) == sorted(PAGES)
    assert fetch(replay, f"{DATA}/crawl-data/CC-NEWS/2024/02/warc.paths.gz")[0] == 404


def wayback_captures(server: ReplayServer, answers: list[int] | None = None) -> list[Capture]:
    """Every Wayback capture of aqnews.kz, answer after answer, resumed by key."""
    query = (f"url={AQNEWS}&output=json&filter=statuscode:200&filter=mimetype:text/html"
             "&collapse=digest&showResumeKey=true&limit=100")
    rows: list[Capture] = []
    key = None
    while True:
        resume = f"&resumeKey={key}" if key else ""
        status, headers, body = fetch(server, f"{WAYBACK}/cdx/search/cdx?{query}{resume}")
        assert (status, headers["Content-Type"]) == (200, "application/json")
        assert json.loads(body)[0][:3] == ["urlkey", "timestamp", "original"]
        captures, key = parse_wayback(body)
        rows += captures
        if answers is not None:
            answers.append(len(captures))
        if key is None:
            return rows


def test_wayback_cdx_rows_under_a_header_resumed_by_key(faulty: ReplayServer) -> None:
    answers: list[int] = []
    rows = wayback_captures(faulty, answers)
    assert len(answers) == -(-len(rows) // 3) > 1
    assert sorted(c.url for c in rows) == sorted(u for u in PAGES if "//aqnews.kz/" in u)
    _, _, body = fetch(faulty, f"{WAYBACK}/cdx/search/cdx?url={AQNEWS}&output=json&fl=timestamp")
    assert json.loads(body)[0] == ["timestamp"]
    _, _, body = fetch(faulty, f"{WAYBACK}/cdx/search/cdx?url=nowhere.kz/*&output=json")
    assert json.loads(body) == []


def test_wayback_raw_captures_are_the_pages_as_served(replay: ReplayServer) -> None:
    _, _, body = fetch(replay, f"{WAYBACK}/cdx/search/cdx?url={AQNEWS}&output=json")
    for capture in parse_wayback(body)[0]:
        status, headers, page = fetch(replay, f"{WAYBACK}/web/{capture.timestamp}id_/{capture.url}")
        assert status == 200
        assert page == PAGES[capture.url].body
        assert headers["Content-Type"] == PAGES[capture.url].content_type
        assert "Memento-Datetime" in headers
    assert fetch(replay, f"{WAYBACK}/web/20240101000000id_/https://nowhere.kz/")[0] == 404


def test_unavailable_archives_ask_to_retry_after() -> None:
    with ReplayServer(archives=ArchiveFaults(unavailable=2, retry_after=7)) as server:
        for _ in range(2):
            status, headers, _ = fetch(server, f"{INDEX}/collinfo.json")
            assert (status, headers["Retry-After"]) == (503, "7")
        assert fetch(server, f"{INDEX}/collinfo.json")[0] == 200
        assert fetch(server, f"{WAYBACK}/cdx/search/cdx?url={AQNEWS}")[0] == 503


def test_redirected_captures(faulty: ReplayServer) -> None:
    record = read_record(member(faulty, MOVED))
    assert (record.status, dict(record.headers)["Location"]) == (301, TARGET)
    captures = {c.url: c for c in wayback_captures(faulty)}
    opener = urllib.request.build_opener(_NoRedirect)
    for url, code in ((MOVED, 301), (NEAREST, 302)):
        request = urllib.request.Request(replay_target(
            faulty.url, f"{WAYBACK}/web/{captures[url].timestamp}id_/{url}"
        ))
        with pytest.raises(urllib.error.HTTPError) as answer:
            opener.open(request, timeout=10)
        assert answer.value.code == code
        location = answer.value.headers["Location"]
        assert location.endswith(f"id_/{TARGET if url == MOVED else url}")
        assert (captures[url].timestamp in location) == (url == MOVED)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None
