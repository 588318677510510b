"""WARC records read member by member: what warcio reads from the same file, a chunked and
compressed payload through warcio, and a file that breaks off or is no WARC file refused."""

from __future__ import annotations

import gzip
import random
from io import BytesIO

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newscrawl.archive.records import CHUNK, WarcUnreadable, warc_records
from newscrawl.replay.archives import Page, write_ccnews

PAGES = [
    Page("https://aqnews.kz/qogam/1-bir/", "text/html; charset=utf-8",
         "<html><body><p>Бірінші жаңалық</p></body></html>".encode()),
    # A member longer than a read: random bytes do not compress.
    Page("https://tengrinews.kz/news/2-dva/", "text/html", random.Random(2).randbytes(3 * CHUNK)),
    Page("https://aqnews.kz/robots.txt", "text/plain", b"User-agent: *\r\n"),
]


def ccnews_file() -> bytes:
    stream = BytesIO()
    write_ccnews(stream, PAGES)
    return stream.getvalue()


def test_the_records_warcio_reads_from_the_same_file() -> None:
    data = ccnews_file()
    expected = []
    records = ArchiveIterator(BytesIO(data))
    for record in records:
        status = record.http_headers.get_statuscode() if record.http_headers else None
        payload = record.content_stream().read() if record.rec_type == "response" else b""
        records.read_to_end(record)
        expected.append((
            record.rec_type, record.rec_headers.get_header("WARC-Target-URI") or "",
            record.rec_headers.get_header("WARC-Date"), status, payload,
            records.get_record_offset(), records.get_record_length(),
        ))
    found = [
        (record.kind, record.target, record.headers["warc-date"],
         record.http.status if record.http else None,
         record.payload(1 << 30) if record.kind == "response" else b"",
         record.offset, record.length)
        for record in warc_records(BytesIO(data))
    ]
    assert [kind for kind, *_ in found] == ["warcinfo"] + ["request", "response"] * len(PAGES)
    # warcio parses a request's head too; only responses are asked for theirs here.
    assert [row for row in found if row[0] != "request"] == [
        row for row in expected if row[0] != "request"
    ]
    assert [row[5:] for row in found] == [row[5:] for row in expected]
    response = [record for record in warc_records(BytesIO(data)) if record.kind == "response"]
    assert response[0].http is not None
    assert response[0].http.headers["content-type"] == "text/html; charset=utf-8"
    assert response[0].payload(5) == b"<html"


def test_a_chunked_and_compressed_payload_is_read_through_warcio() -> None:
    body = "<html><body><p>Сжатая страница</p></body></html>".encode()
    packed = gzip.compress(body)
    chunked = b"".join(
        b"%x\r\n%s\r\n" % (len(part), part) for part in (packed[:10], packed[10:])
    ) + b"0\r\n\r\n"
    stream = BytesIO()
    writer = WARCWriter(stream, gzip=True)
    writer.write_record(writer.create_warc_record(
        "https://aqnews.kz/qogam/3-ush/", "response", payload=BytesIO(chunked),
        http_headers=StatusAndHeaders("200 OK", [
            ("Content-Type", "text/html"), ("Transfer-Encoding", "chunked"),
            ("Content-Encoding", "gzip"),
        ], protocol="HTTP/1.1"),
    ))
    (record,) = warc_records(BytesIO(stream.getvalue()))
    assert record.payload(1 << 20) == body


def test_a_file_that_breaks_off_is_refused_after_its_whole_records() -> None:
    data = ccnews_file()
    offsets = [record.offset for record in warc_records(BytesIO(data))]
    # The file ends inside the second page's response, a read past its start.
    long = 4
    end = offsets[long] + CHUNK + 100
    assert end < offsets[long + 1]
    records = warc_records(BytesIO(data[:end]))
    assert [next(records).offset for _ in offsets[:long]] == offsets[:long]
    with pytest.raises(WarcUnreadable, match="breaks off"):
        next(records)


@pytest.mark.parametrize("data", [b"WARC/1.0\r\nWARC-Type: warcinfo\r\n\r\n", b"\x1f\x8bnot gzip"])
def test_anything_but_gzip_members_is_refused(data: bytes) -> None:
    with pytest.raises(WarcUnreadable):
        list(warc_records(BytesIO(data)))


def test_a_member_that_is_no_warc_record_is_refused() -> None:
    with pytest.raises(WarcUnreadable, match="no WARC record at offset 0"):
        list(warc_records(BytesIO(gzip.compress(b"HTTP/1.1 200 OK\r\n\r\n"))))


def test_the_target_uri_as_warcio_reads_it() -> None:
    record = (
        b"WARC/1.1\r\nWARC-Type: resource\r\n"
        b"WARC-Target-URI: <https://aqnews.kz/a b/>\r\nContent-Length: 0\r\n\r\n\r\n\r\n"
    )
    (found,) = warc_records(BytesIO(gzip.compress(record)))
    (read,) = ArchiveIterator(BytesIO(gzip.compress(record)))
    assert found.target == read.rec_headers.get_header("WARC-Target-URI")
    assert found.target == "https://aqnews.kz/a%20b/"
