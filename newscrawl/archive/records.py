"""The records of a gzip-compressed WARC file, read in one pass with as little work per record
as choosing it needs.

Common Crawl writes each record as a gzip member of its own. :func:`warc_records` inflates
member after member and splits out the WARC headers with ``bytes`` methods; a response's
HTTP head is parsed only when it is asked for (:attr:`WarcRecord.http`), and its payload
taken as it stands, or through warcio where the HTTP head says it is chunked or compressed.
Parsing every header line of every record with warcio cost the reading process more than
the rest of its work on a CC-NEWS file of the outlets' pages.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from functools import cached_property
from io import BytesIO
from typing import IO, TYPE_CHECKING

from warcio.archiveiterator import ArchiveIterator

if TYPE_CHECKING:
    from collections.abc import Iterator

# Compressed bytes read at a time: a member's leftover is copied once per member.
CHUNK = 1 << 16
_GZIP = b"\x1f\x8b"
_END = b"\r\n\r\n"


class WarcUnreadable(ValueError):
    """The file is not a gzip-compressed WARC file, or breaks off."""


@dataclass(frozen=True)
class HttpHead:
    """A response's status code (text, as it stands) and headers (lower-case names)."""

    status: str
    headers: dict[str, str]


@dataclass(frozen=True)
class WarcRecord:
    """One record: its WARC headers (lower-case names), its block, and the gzip member that
    holds it (offset and length in the file)."""

    headers: dict[str, str]
    raw: bytes
    block_start: int
    offset: int
    length: int

    @property
    def kind(self) -> str:
        """``WARC-Type``: response, request, warcinfo, …"""
        return self.headers.get("warc-type", "")

    @property
    def target(self) -> str:
        """``WARC-Target-URI`` as warcio reads it: without the angle brackets some writers put
        around it, spaces percent-encoded."""
        uri = self.headers.get("warc-target-uri", "")
        if uri.startswith("<") and uri.endswith(">"):
            uri = uri[1:-1]
        return uri.replace(" ", "%20")

    @property
    def is_http(self) -> bool:
        """Whether the block starts as an HTTP message does."""
        return self.raw.startswith(b"HTTP/", self.block_start)

    @cached_property
    def http(self) -> HttpHead | None:
        """The HTTP head of the block, None when the block has none."""
        end = self.raw.find(_END, self.block_start)
        if not self.raw.startswith(b"HTTP/", self.block_start) or end < 0:
            return None
        status_line, _, head = self.raw[self.block_start:end].partition(b"\r\n")
        parts = status_line.split(None, 2)
        return HttpHead(parts[1].decode("latin-1") if len(parts) > 1 else "", _fields(head))

    def payload(self, limit: int) -> bytes:
        """Up to ``limit`` bytes of the HTTP payload, de-chunked and inflated as its head says."""
        http = self.http
        if http is None:
            return b""
        encoded = http.headers.get("transfer-encoding", "").lower() == "chunked" or (
            http.headers.get("content-encoding", "identity").lower() not in ("", "identity")
        )
        if encoded:
            for record in ArchiveIterator(BytesIO(self.raw)):
                return record.content_stream().read(limit)
        start = self.raw.find(_END, self.block_start) + len(_END)
        return self.raw[start:start + limit]


def warc_records(stream: IO[bytes]) -> Iterator[WarcRecord]:
    """Every record of ``stream``, a WARC file of gzip members, in order.

    Raises :class:`WarcUnreadable` on anything else, a member that breaks off included.
    """
    for offset, length, data in _members(stream):
        position = 0
        while position < len(data):
            while data.startswith(b"\r\n", position):
                position += 2
            if position >= len(data):
                break
            end = data.find(_END, position)
            if end < 0 or not data.startswith(b"WARC/", position):
                raise WarcUnreadable(f"no WARC record at offset {offset}")
            headers = _fields(data[position:end].partition(b"\r\n")[2])
            try:
                size = int(headers["content-length"])
            except (KeyError, ValueError):
                raise WarcUnreadable(f"no Content-Length at offset {offset}") from None
            start = end + len(_END)
            if start + size > len(data):
                raise WarcUnreadable(f"a record breaks off at offset {offset}")
            raw = data[position:start + size] if position or start + size < len(data) else data
            yield WarcRecord(headers, raw, start - position, offset, length)
            position = start + size


def _members(stream: IO[bytes]) -> Iterator[tuple[int, int, bytes]]:
    """Each gzip member of ``stream``: its offset, its length and what it inflates to."""
    pending = stream.read(CHUNK)
    if pending and not pending.startswith(_GZIP):
        raise WarcUnreadable("not a gzip-compressed WARC file")
    offset = 0
    while pending:
        inflate = zlib.decompressobj(zlib.MAX_WBITS | 16)
        parts, length = [], 0
        while True:
            try:
                parts.append(inflate.decompress(pending))
            except zlib.error as error:
                raise WarcUnreadable(f"not a gzip member at offset {offset}: {error}") from None
            if inflate.eof:
                length += len(pending) - len(inflate.unused_data)
                pending = inflate.unused_data
                break
            length += len(pending)
            pending = stream.read(CHUNK)
            if not pending:
                raise WarcUnreadable(f"the gzip member at offset {offset} breaks off")
        yield offset, length, b"".join(parts)
        offset += length
        if not pending:
            pending = stream.read(CHUNK)


def _fields(head: bytes) -> dict[str, str]:
    """``Name: value`` lines (a line that starts with a space continues the one before) as a
    dict with lower-case names; a repeated name keeps its first value."""
    fields: dict[str, str] = {}
    name = ""
    for line in head.decode("utf-8", "replace").split("\r\n"):
        if line[:1] in (" ", "\t") and name:
            fields[name] += " " + line.strip()
            continue
        key, sep, value = line.partition(":")
        if sep:
            name = key.strip().lower()
            fields.setdefault(name, value.strip())
    return fields
