"""Capture indexes as their services document them, parsed without the network.

- Common Crawl's collection list, ``collinfo.json``: one object per collection with ``id``,
  ``name``, ``timegate``, ``cdx-api`` and, for most, ``from`` and ``to`` (UTC, no offset);
- a Common Crawl CDX API answer (pywb's CDX server, ``output=json``): one JSON object per line
  with ``urlkey``, ``timestamp``, ``url``, ``mime``, ``status``, ``digest``, ``length``,
  ``offset``, ``filename`` and more; ``showNumPages=true`` answers ``{"pages": N, …}``;
- a Wayback Machine CDX server answer (``output=json``): one JSON array whose first row names
  the fields (``urlkey``, ``timestamp``, ``original``, ``mimetype``, ``statuscode``, …), and,
  with ``showResumeKey=true`` and more rows to come, an empty row and then ``[<resume key>]``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable

    from newscrawl.core.window import Window

TIMESTAMP = "%Y%m%d%H%M%S"


class IndexUnreadable(ValueError):
    """An index answer that is not what its service documents."""


@dataclass(frozen=True)
class Collection:
    """One Common Crawl collection (a monthly crawl) and its CDX API."""

    id: str
    name: str
    cdx_api: str
    start: datetime | None = None
    end: datetime | None = None

    def overlaps(self, window: Window) -> bool:
        """Whether the collection may hold captures inside ``window`` (an unknown bound may)."""
        return not (
            (window.since and self.end and self.end < window.since)
            or (window.until and self.start and self.start > window.until)
        )


@dataclass(frozen=True)
class Capture:
    """One capture an index lists; ``filename``, ``offset`` and ``length`` locate a Common
    Crawl record, ``collection`` names its crawl."""

    url: str
    timestamp: str
    status: int | None
    mime: str
    digest: str = ""
    collection: str | None = None
    filename: str | None = None
    offset: int | None = None
    length: int | None = None

    @property
    def captured_at(self) -> datetime:
        """The capture time, UTC."""
        return parse_timestamp(self.timestamp)


def parse_timestamp(value: str) -> datetime:
    """A 14-digit (or shorter, padded) CDX timestamp as a UTC datetime."""
    if not value.isdigit() or not 4 <= len(value) <= 14:
        raise IndexUnreadable(f"not a CDX timestamp: {value!r}")
    padded = value + "0101000000"[len(value) - 4:] if len(value) < 14 else value
    return datetime.strptime(padded, TIMESTAMP).replace(tzinfo=timezone.utc)


def cdx_timestamp(moment: datetime) -> str:
    """``moment`` as a 14-digit CDX timestamp, UTC."""
    return moment.astimezone(timezone.utc).strftime(TIMESTAMP)


def parse_collinfo(body: bytes) -> list[Collection]:
    """The collections of ``collinfo.json``, newest first."""
    try:
        entries = json.loads(body)
    except ValueError as error:
        raise IndexUnreadable(f"collinfo.json is not JSON: {error}") from None
    if not isinstance(entries, list):
        raise IndexUnreadable("collinfo.json is not a list")
    collections = []
    for entry in entries:
        if not isinstance(entry, dict) or not entry.get("id") or not entry.get("cdx-api"):
            raise IndexUnreadable(f"collinfo.json entry without id or cdx-api: {entry!r}")
        try:
            start, end = _utc(entry.get("from")), _utc(entry.get("to"))
        except ValueError:
            raise IndexUnreadable(f"collinfo.json entry with unreadable dates: {entry!r}") from None
        collections.append(Collection(
            id=str(entry["id"]),
            name=str(entry.get("name", entry["id"])),
            cdx_api=str(entry["cdx-api"]),
            start=start,
            end=end,
        ))
    oldest = datetime.min.replace(tzinfo=timezone.utc)
    return sorted(collections, key=lambda c: (c.end or c.start or oldest, c.id), reverse=True)


def parse_page_count(body: bytes) -> int:
    """The number of pages a ``showNumPages=true`` query reports (a JSON object with
    ``pages``, or a bare number)."""
    try:
        answer = json.loads(body)
    except ValueError:
        raise IndexUnreadable("page count is not JSON") from None
    pages = answer.get("pages") if isinstance(answer, dict) else answer
    if not isinstance(pages, int) or isinstance(pages, bool) or pages < 0:
        raise IndexUnreadable(f"no page count in {answer!r}")
    return pages


def parse_commoncrawl(body: bytes, collection: str) -> tuple[list[Capture], int]:
    """The captures of one Common Crawl CDX answer, and how many lines were unreadable."""
    captures, unreadable = [], 0
    for line in body.splitlines():
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
            captures.append(Capture(
                url=entry["url"],
                timestamp=_checked_timestamp(entry["timestamp"]),
                status=_status(entry.get("status")),
                mime=entry.get("mime", ""),
                digest=entry.get("digest", ""),
                collection=collection,
                filename=entry["filename"],
                offset=int(entry["offset"]),
                length=int(entry["length"]),
            ))
        except (ValueError, KeyError, TypeError):
            unreadable += 1
    return captures, unreadable


def parse_wayback(body: bytes) -> tuple[list[Capture], str | None]:
    """The captures of one Wayback CDX answer and its resume key (None: no more rows)."""
    try:
        rows = json.loads(body) if body.strip() else []
    except ValueError:
        raise IndexUnreadable("Wayback CDX answer is not JSON") from None
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise IndexUnreadable("Wayback CDX answer is not a list of rows")
    if not rows:
        return [], None
    header, *rows = rows
    resume = None
    if len(rows) >= 2 and rows[-2] == [] and len(rows[-1]) == 1:
        resume = str(rows[-1][0])
        rows = rows[:-2]
    if not {"timestamp", "original"} <= set(header):
        raise IndexUnreadable(f"Wayback CDX header without timestamp and original: {header!r}")
    captures = []
    for row in rows:
        if len(row) != len(header):
            raise IndexUnreadable(f"Wayback CDX row does not match its header: {row!r}")
        entry = dict(zip(header, row, strict=True))
        captures.append(Capture(
            url=entry["original"],
            timestamp=_checked_timestamp(entry["timestamp"]),
            status=_status(entry.get("statuscode")),
            mime=entry.get("mimetype", ""),
            digest=entry.get("digest", ""),
        ))
    return captures, resume


def newest_by_url(captures: Iterable[tuple[str, Capture]]) -> dict[str, Capture]:
    """The newest capture of each key (a page's live URL), in the order keys first appear."""
    newest: dict[str, Capture] = {}
    for key, capture in captures:
        if key not in newest or capture.timestamp > newest[key].timestamp:
            newest[key] = capture
    return newest


def _checked_timestamp(value: Any) -> str:
    text = str(value)
    parse_timestamp(text)
    return text


def _status(value: Any) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() else None


def _utc(value: Any) -> datetime | None:
    if not value:
        return None
    moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
