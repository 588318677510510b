"""The archive services the replay server also plays, made from the snapshot tree: Common
Crawl's index server and data server (CC-NEWS included) and the Wayback Machine.

Every HTML page of the snapshots is an archived capture, as its live URL (the replay's) would
answer it:

- ``index.commoncrawl.org``: ``/collinfo.json`` (:data:`COLLECTIONS`, each page captured once
  in each) and ``/<collection>-index``, pywb's CDX API (``url`` with a trailing ``*`` for a
  prefix, ``output=json``, ``from``, ``to``, ``filter``, ``showNumPages``, ``page``), lines
  sorted by ``urlkey`` and ``timestamp``, :attr:`ArchiveFaults.page_lines` to a page; no
  capture answers 404 ``No Captures found``;
- ``data.commoncrawl.org``: each collection's WARC file, written with warcio (deterministic:
  record ids and dates come from the captures), honouring ``Range`` with 206; CC-NEWS's
  ``crawl-data/CC-NEWS/YYYY/MM/warc.paths.gz`` for :data:`CCNEWS_MONTH` (another month answers
  404) and its WARC files (every page once, request and response records);
- ``web.archive.org``: ``/cdx/search/cdx`` (``output=json`` rows under a header row, ``fl``,
  ``from``, ``to``, ``filter`` as regular expressions, ``collapse``, ``limit``,
  ``showResumeKey``/``resumeKey``, at most :attr:`ArchiveFaults.page_lines` rows an answer)
  and raw captures ``/web/<timestamp>id_/<url>`` (any timestamp of a known page).

The files are built on first use and kept for the server's life. :class:`ArchiveFaults` makes
the services misbehave for tests.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import re
import threading
import uuid
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from http import HTTPStatus
from io import BytesIO
from math import ceil
from typing import IO, TYPE_CHECKING
from urllib.parse import parse_qs, quote_plus, unquote_plus, urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

CC_INDEX = "index.commoncrawl.org"
CC_DATA = "data.commoncrawl.org"
WAYBACK = "web.archive.org"
HOSTS = frozenset({CC_INDEX, CC_DATA, WAYBACK})

TIMESTAMP = "%Y%m%d%H%M%S"
JSON = "application/json"
CCNEWS_MONTH = "2024/03"
CCNEWS_FILES = 2
_NAMESPACE = uuid.UUID("6f1f4d2e-5b0a-4c1e-9a57-6e6577736372")
_RANGE = re.compile(r"bytes=(\d*)-(\d*)$")


@dataclass(frozen=True)
class ReplayCollection:
    """One Common Crawl collection the replay plays."""

    id: str
    name: str
    start: datetime
    end: datetime


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


COLLECTIONS = (
    ReplayCollection("CC-MAIN-2024-22", "May 2024 Index",
                     _utc("2024-05-17T00:00:00"), _utc("2024-05-31T23:59:59")),
    ReplayCollection("CC-MAIN-2024-18", "April 2024 Index",
                     _utc("2024-04-12T00:00:00"), _utc("2024-04-25T23:59:59")),
)
WAYBACK_CAPTURES = (_utc("2024-03-29T00:00:00"), _utc("2024-04-05T23:59:59"))
CCNEWS_CAPTURES = (_utc("2024-03-28T10:00:00"), _utc("2024-03-28T22:00:00"))


@dataclass(frozen=True)
class ArchiveFaults:
    """How the archive services misbehave.

    ``page_lines``: index lines to a CDX page (and Wayback rows to an answer);
    ``missing``: collections listed in ``collinfo.json`` whose index answers 404;
    ``unavailable``: the first requests to each archive host answered 503 with
    ``Retry-After: retry_after``; ``truncated``: live URLs whose WARC member is cut short in
    its file (the index gives the cut length); ``redirected``: live URL → target: the capture
    is a redirect there (Common Crawl: the record is a 301 although its index line says 200;
    Wayback: a target of the same page is another capture of it, the nearest, else a 301).
    """

    page_lines: int = 1000
    missing: tuple[str, ...] = ()
    unavailable: int = 0
    retry_after: int = 1
    truncated: tuple[str, ...] = ()
    redirected: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Page:
    """A snapshot page as an archive captured it."""

    url: str
    content_type: str
    body: bytes


@dataclass(frozen=True)
class Located:
    """Where a capture's record is in a WARC file."""

    page: Page
    timestamp: str
    offset: int
    length: int


Answer = tuple[int, dict[str, str], bytes]


def surt(url: str) -> str:
    """The SURT key an index sorts ``url`` by: host labels reversed, without ``www``, and
    the path and query, lower-cased."""
    parts = urlsplit(url if "://" in url else f"http://{url}")
    labels = (parts.hostname or "").lower().split(".")
    if labels[0] == "www":
        labels = labels[1:]
    key = ",".join(reversed(labels))
    if parts.port not in (None, 80, 443):
        key += f":{parts.port}"
    query = f"?{parts.query}" if parts.query else ""
    return f"{key}){parts.path or '/'}{query}".lower()


def digest(body: bytes) -> str:
    """The SHA-1 of a payload in base 32, as CDX indexes give it."""
    return base64.b32encode(hashlib.sha1(body).digest()).decode()


def capture_time(url: str, start: datetime, end: datetime, salt: str = "") -> datetime:
    """A capture time of ``url`` between ``start`` and ``end``, the same every run."""
    span = int((end - start).total_seconds())
    return start + timedelta(seconds=zlib.crc32(f"{salt}{url}".encode()) % span)


def write_capture(
    writer: WARCWriter, page: Page, moment: datetime, status: int = 200,
    location: str | None = None, *, with_request: bool = False,
) -> None:
    """One capture of ``page`` at ``moment`` (a response record, after its request record if
    ``with_request``), with record ids derived from URL and time."""
    date = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    record_id = uuid.uuid5(_NAMESPACE, f"{page.url} {date}")
    if with_request:
        path = urlsplit(page.url)
        target = (path.path or "/") + (f"?{path.query}" if path.query else "")
        request = writer.create_warc_record(
            page.url, "request", payload=BytesIO(b""),
            warc_headers_dict={
                "WARC-Date": date,
                "WARC-Record-ID": f"<urn:uuid:{uuid.uuid5(_NAMESPACE, f'request {record_id}')}>",
                "WARC-Concurrent-To": f"<urn:uuid:{record_id}>",
            },
            http_headers=StatusAndHeaders(
                f"GET {target} HTTP/1.1", [("Host", path.netloc)], is_http_request=True
            ),
        )
        writer.write_record(request)
    body = b"" if location else page.body
    headers = [("Content-Type", page.content_type), ("Content-Length", str(len(body)))]
    if location:
        headers.append(("Location", location))
    reason = HTTPStatus(status).phrase
    response = writer.create_warc_record(
        page.url, "response", payload=BytesIO(body),
        warc_headers_dict={"WARC-Date": date, "WARC-Record-ID": f"<urn:uuid:{record_id}>"},
        http_headers=StatusAndHeaders(f"{status} {reason}", headers, protocol="HTTP/1.1"),
    )
    writer.write_record(response)


def write_ccnews(
    stream: IO[bytes], pages: Iterable[Page], times: tuple[datetime, datetime] = CCNEWS_CAPTURES
) -> int:
    """A CC-NEWS-style WARC file of ``pages`` (warcinfo, then request and response records);
    the number of captures written."""
    writer = WARCWriter(stream, gzip=True)
    info = writer.create_warc_record(
        "", "warcinfo", payload=BytesIO(b"software: newscrawl-replay\r\nformat: WARC 1.0\r\n"),
        warc_headers_dict={"WARC-Date": times[0].strftime("%Y-%m-%dT%H:%M:%SZ"),
                           "WARC-Record-ID": f"<urn:uuid:{uuid.uuid5(_NAMESPACE, 'warcinfo')}>",
                           "Content-Type": "application/warc-fields"},
    )
    writer.write_record(info)
    written = 0
    for page in pages:
        write_capture(writer, page, capture_time(page.url, *times, "ccnews"), with_request=True)
        written += 1
    return written


class Archives:
    """The three archive services over the pages ``captures`` lists."""

    def __init__(self, captures: Callable[[], Iterable[Page]], faults: ArchiveFaults) -> None:
        self.captures = captures
        self.faults = faults
        self._lock = threading.Lock()
        self._hits: dict[str, int] = {}
        self._page_list: list[Page] | None = None
        self._files: dict[str, bytes] = {}
        self._indexes: dict[str, list[Located]] = {}

    def reply(self, host: str, path: str, query: str, headers: Mapping[str, str]) -> Answer:
        """The answer of archive ``host`` to ``GET <path>?<query>``."""
        with self._lock:
            self._hits[host] = hit = self._hits.get(host, 0) + 1
        if hit <= self.faults.unavailable:
            return _answer(HTTPStatus.SERVICE_UNAVAILABLE, b"Slow Down",
                           {"Retry-After": str(self.faults.retry_after)})
        params = parse_qs(query, keep_blank_values=True)
        if host == CC_INDEX:
            return self._cc_index(path, params)
        if host == CC_DATA:
            return self._cc_data(path, headers.get("Range"))
        return self._wayback(path, query, params)

    # Common Crawl's index server

    def _cc_index(self, path: str, params: dict[str, list[str]]) -> Answer:
        if path == "/collinfo.json":
            listed = [*COLLECTIONS, *(
                ReplayCollection(name, name, COLLECTIONS[-1].start - timedelta(days=30),
                                 COLLECTIONS[-1].start - timedelta(days=20))
                for name in self.faults.missing
            )]
            body = json.dumps([{
                "id": c.id, "name": c.name,
                "timegate": f"https://{CC_INDEX}/{c.id}/",
                "cdx-api": f"https://{CC_INDEX}/{c.id}-index",
                "from": c.start.replace(tzinfo=None).isoformat(),
                "to": c.end.replace(tzinfo=None).isoformat(),
            } for c in listed], indent=1).encode()
            return _answer(HTTPStatus.OK, body, content_type=JSON)
        collection = next((c for c in COLLECTIONS if path == f"/{c.id}-index"), None)
        if collection is None:
            return _not_found()
        lines = [
            line for line in self._cc_lines(collection)
            if _matches(line["urlkey"], params) and _in_range(line["timestamp"], params)
            and all(_pywb_filter(expression, line) for expression in params.get("filter", []))
        ]
        per_page = self.faults.page_lines
        pages = max(1, ceil(len(lines) / per_page))
        if _first(params, "showNumPages") == "true":
            body = json.dumps({"pages": pages, "pageSize": 1, "blocks": pages}).encode()
            return _answer(HTTPStatus.OK, body, content_type=JSON)
        page = int(_first(params, "page") or 0)
        if not 0 <= page < pages:
            return _answer(HTTPStatus.BAD_REQUEST, b"page out of range")
        if not lines:
            message = {"message": f"No Captures found for: {_first(params, 'url')}"}
            return _answer(HTTPStatus.NOT_FOUND, json.dumps(message).encode(), content_type=JSON)
        chosen = lines[page * per_page:(page + 1) * per_page]
        body = "".join(json.dumps(line) + "\n" for line in chosen).encode()
        return _answer(HTTPStatus.OK, body, content_type="text/x-ndjson")

    def _cc_lines(self, collection: ReplayCollection) -> list[dict[str, str]]:
        filename = _cc_filename(collection.id)
        lines = []
        for located in self._cc_index_of(collection):
            page = located.page
            mime = page.content_type.split(";")[0].strip()
            line = {
                "urlkey": surt(page.url), "timestamp": located.timestamp, "url": page.url,
                "mime": mime, "mime-detected": mime, "status": "200",
                "digest": digest(page.body), "length": str(located.length),
                "offset": str(located.offset), "filename": filename,
            }
            if "charset=" in page.content_type:
                line["charset"] = page.content_type.split("charset=")[1].strip().upper()
            lines.append(line)
        return sorted(lines, key=lambda line: (line["urlkey"], line["timestamp"]))

    def _cc_index_of(self, collection: ReplayCollection) -> list[Located]:
        with self._lock:
            if collection.id not in self._indexes:
                self._build_collection(collection)
            return self._indexes[collection.id]

    def _build_collection(self, collection: ReplayCollection) -> None:
        stream = BytesIO()
        writer = WARCWriter(stream, gzip=True)
        located = []
        for page in self._pages_once():
            moment = capture_time(page.url, collection.start, collection.end, collection.id)
            start = stream.tell()
            target = self.faults.redirected.get(page.url)
            write_capture(writer, page, moment, 301 if target else 200, target)
            length = stream.tell() - start
            if page.url in self.faults.truncated:
                stream.seek(start + length // 2)
                stream.truncate()
                length //= 2
            located.append(Located(page, moment.strftime(TIMESTAMP), start, length))
        self._files[_cc_filename(collection.id)] = stream.getvalue()
        self._indexes[collection.id] = located

    # Common Crawl's data server

    def _cc_data(self, path: str, byte_range: str | None) -> Answer:
        name = path.lstrip("/")
        if name == f"crawl-data/CC-NEWS/{CCNEWS_MONTH}/warc.paths.gz":
            listing = "".join(f"{_ccnews_filename(n)}\n" for n in range(CCNEWS_FILES))
            return _answer(HTTPStatus.OK, gzip.compress(listing.encode(), mtime=0),
                           content_type="application/octet-stream")
        with self._lock:
            if name.startswith("crawl-data/CC-NEWS/") and _ccnews_filename(0) not in self._files:
                self._build_ccnews()
            for collection in COLLECTIONS:
                if name == _cc_filename(collection.id) and collection.id not in self._indexes:
                    self._build_collection(collection)
            data = self._files.get(name)
        if data is None:
            return _not_found()
        return _ranged(data, byte_range)

    def _build_ccnews(self) -> None:
        pages = self._pages_once()
        for number in range(CCNEWS_FILES):
            stream = BytesIO()
            write_ccnews(stream, pages[number::CCNEWS_FILES])
            self._files[_ccnews_filename(number)] = stream.getvalue()

    # The Wayback Machine

    def _wayback(self, path: str, query: str, params: dict[str, list[str]]) -> Answer:
        if path == "/cdx/search/cdx":
            return self._wayback_cdx(query, params)
        raw = re.fullmatch(r"/web/(\d{1,14})id_/(https?://.+)", path)
        if raw is None:
            return _not_found()
        timestamp, original = raw[1], raw[2] + (f"?{query}" if query else "")
        page = next((p for p in self._pages() if _same_page(p.url, original)), None)
        if page is None:
            return _not_found()
        target = self.faults.redirected.get(page.url)
        if target and timestamp == self._wayback_timestamp(page):
            if _same_page(target, page.url):
                nearest = capture_time(page.url, *WAYBACK_CAPTURES) + timedelta(hours=1)
                location = f"/web/{nearest.strftime(TIMESTAMP)}id_/{page.url}"
                return _answer(HTTPStatus.FOUND, b"", {"Location": location})
            return _answer(HTTPStatus.MOVED_PERMANENTLY, b"",
                           {"Location": f"/web/{timestamp}id_/{target}"})
        moment = datetime.strptime(self._wayback_timestamp(page), TIMESTAMP)
        memento = format_datetime(moment.replace(tzinfo=timezone.utc), usegmt=True)
        return _answer(HTTPStatus.OK, page.body, {"Memento-Datetime": memento},
                       content_type=page.content_type)

    def _wayback_cdx(self, query: str, params: dict[str, list[str]]) -> Answer:
        fields = ["urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length"]
        rows = sorted((
            {"urlkey": surt(page.url), "timestamp": self._wayback_timestamp(page),
             "original": page.url, "mimetype": page.content_type.split(";")[0].strip(),
             "statuscode": "200", "digest": digest(page.body), "length": str(len(page.body))}
            for page in self._pages()
        ), key=lambda row: (row["urlkey"], row["timestamp"]))
        rows = [
            row for row in rows
            if _matches(row["urlkey"], params) and _in_range(row["timestamp"], params)
            and all(_wayback_filter(expression, row) for expression in params.get("filter", []))
        ]
        for expression in params.get("collapse", []):
            rows = _collapse(rows, expression)
        resume = _resume_key(query)
        if resume is not None:
            rows = [row for row in rows if (row["urlkey"], row["timestamp"]) > resume]
        limit = min(int(_first(params, "limit") or len(rows) or 1), self.faults.page_lines)
        shown, more = rows[:limit], len(rows) > limit
        wanted = (_first(params, "fl") or ",".join(fields)).split(",")
        if not shown:
            return _answer(HTTPStatus.OK, b"[]", content_type=JSON)
        table: list[list[str]] = [wanted, *([row[name] for name in wanted] for row in shown)]
        if more and _first(params, "showResumeKey") == "true":
            last = shown[-1]
            table += [[], [quote_plus(f"{last['urlkey']} {last['timestamp']}!")]]
        return _answer(HTTPStatus.OK, json.dumps(table).encode(), content_type=JSON)

    def _wayback_timestamp(self, page: Page) -> str:
        return capture_time(page.url, *WAYBACK_CAPTURES).strftime(TIMESTAMP)

    # The pages

    def _pages(self) -> list[Page]:
        with self._lock:
            return self._pages_once()

    def _pages_once(self) -> list[Page]:
        """The captured pages, read once (the caller holds the lock)."""
        if self._page_list is None:
            self._page_list = sorted(self.captures(), key=lambda page: page.url)
        return self._page_list


def _cc_filename(collection: str) -> str:
    return f"crawl-data/{collection}/segments/1700000000000.00/warc/{collection}-00000.warc.gz"


def _ccnews_filename(number: int) -> str:
    stamp = CCNEWS_CAPTURES[0].strftime(TIMESTAMP)
    return f"crawl-data/CC-NEWS/{CCNEWS_MONTH}/CC-NEWS-{stamp}-{number:05d}.warc.gz"


def _answer(
    status: int, body: bytes, headers: dict[str, str] | None = None,
    content_type: str = "text/plain; charset=utf-8",
) -> Answer:
    return status, {"Content-Type": content_type, **(headers or {})}, body


def _not_found() -> Answer:
    return _answer(HTTPStatus.NOT_FOUND, b"Not Found")


def _ranged(data: bytes, byte_range: str | None) -> Answer:
    """``data``, or the part ``Range: bytes=a-b`` asks for (206; 416 when it is outside)."""
    kind = "application/octet-stream"
    if not byte_range:
        return _answer(HTTPStatus.OK, data, {"Accept-Ranges": "bytes"}, content_type=kind)
    match = _RANGE.match(byte_range.strip())
    if match is None or not (match[1] or match[2]):
        return _answer(HTTPStatus.OK, data, {"Accept-Ranges": "bytes"}, content_type=kind)
    if match[1]:
        first = int(match[1])
        last = min(int(match[2]), len(data) - 1) if match[2] else len(data) - 1
    else:
        first, last = max(0, len(data) - int(match[2])), len(data) - 1
    if first >= len(data) or first > last:
        return _answer(HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE, b"",
                       {"Content-Range": f"bytes */{len(data)}"}, content_type=kind)
    headers = {"Content-Range": f"bytes {first}-{last}/{len(data)}", "Accept-Ranges": "bytes"}
    return _answer(HTTPStatus.PARTIAL_CONTENT, data[first:last + 1], headers, content_type=kind)


def _first(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name)
    return values[0] if values else None


def _matches(urlkey: str, params: dict[str, list[str]]) -> bool:
    """Whether a line's key matches the query's ``url`` (a trailing ``*``: a prefix)."""
    url = _first(params, "url") or ""
    if url.endswith("*"):
        return urlkey.startswith(surt(url[:-1]))
    return urlkey == surt(url)


def _in_range(timestamp: str, params: dict[str, list[str]]) -> bool:
    """Whether a timestamp is within ``from`` and ``to`` (inclusive, padded to 14 digits)."""
    since = (_first(params, "from") or "").ljust(14, "0")
    until = (_first(params, "to") or "").ljust(14, "9")
    return since <= timestamp <= until


def _pywb_filter(expression: str, line: dict[str, str]) -> bool:
    """pywb's ``filter=[!][=|~]field:value``: contains, exact (``=``) or regular expression
    from the start (``~``), negated by ``!``."""
    negate = expression.startswith("!")
    expression = expression.removeprefix("!")
    mode = expression[0] if expression[:1] in ("=", "~") else ""
    name, _, value = expression[len(mode):].partition(":")
    actual = line.get(name, "")
    if mode == "=":
        matched = actual == value
    elif mode == "~":
        matched = re.match(value, actual) is not None
    else:
        matched = value in actual
    return matched != negate


def _wayback_filter(expression: str, row: dict[str, str]) -> bool:
    """The Wayback CDX server's ``filter=[!]field:regex``, matching the whole field."""
    negate = expression.startswith("!")
    name, _, pattern = expression.removeprefix("!").partition(":")
    return (re.fullmatch(pattern, row.get(name, "")) is not None) != negate


def _collapse(rows: list[dict[str, str]], expression: str) -> list[dict[str, str]]:
    """Rows whose field (or its first N characters, ``field:N``) repeats the previous row's
    left out."""
    name, _, size = expression.partition(":")
    width = int(size) if size else None
    kept: list[dict[str, str]] = []
    for row in rows:
        value = row.get(name, "")[:width]
        if not kept or kept[-1].get(name, "")[:width] != value:
            kept.append(row)
    return kept


def _resume_key(query: str) -> tuple[str, str] | None:
    """The (urlkey, timestamp) a ``resumeKey`` (as the server gave it) resumes after."""
    raw = next((part.split("=", 1)[1] for part in query.split("&")
                if part.startswith("resumeKey=")), None)
    if not raw:
        return None
    urlkey, _, timestamp = unquote_plus(raw).rstrip("!").rpartition(" ")
    return urlkey, timestamp


def _same_page(one: str, other: str) -> bool:
    first, second = urlsplit(one), urlsplit(other)
    return (first.netloc.lower(), first.path or "/", first.query) == (
        second.netloc.lower(), second.path or "/", second.query
    )

