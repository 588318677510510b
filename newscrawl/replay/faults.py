"""Faults the replay server can play per path, so every hostile case of a live site is a test.

A route in ``_replay.json`` names one in ``"fault"``; large bodies are generated on the fly,
never stored:

- ``slow``: wait ``seconds`` before answering (past the crawler's DOWNLOAD_TIMEOUT);
- ``reset``: close the connection with a TCP reset before any byte of the answer;
- ``truncate``: announce the whole body's Content-Length, send half of it, close;
- ``gzip_bomb``: ``size`` bytes of white space, gzip-compressed, ``Content-Encoding: gzip``;
- ``pad``: the route's file padded with HTML comments up to ``size`` bytes;
- ``nest``: the route's file with its ``<body>`` wrapped in ``depth`` nested ``<div>``;
- ``huge_sitemap``: a sitemap of ``size`` bytes, streamed, with its Content-Length;
- ``endless``: a listing whose ``?page=N`` always links to ``?page=N+1``;
- ``calendar``: a day archive whose ``?date=YYYY-MM-DD`` always links to the day before.

Independently, ``"statuses": [500, 503]`` answers the first requests of a path with those
statuses (empty bodies, the route's headers) and the following ones normally, and
``"encoding": "cp1251"`` re-encodes the route's UTF-8 file before sending it (characters the
encoding lacks become ``&#NNNN;``, as sites do).
"""

from __future__ import annotations

import gzip
import re
from datetime import date, timedelta
from functools import cache
from typing import TYPE_CHECKING
from urllib.parse import parse_qs

if TYPE_CHECKING:
    from collections.abc import Iterator

FAULTS = frozenset(
    {"slow", "reset", "truncate", "gzip_bomb", "pad", "nest", "huge_sitemap", "endless",
     "calendar"}
)
# Faults that replace the route's file with a generated body.
GENERATED = frozenset({"gzip_bomb", "huge_sitemap", "endless", "calendar"})
CHUNK = 64 * 1024
_BODY_OPEN = re.compile(rb"<body[^>]*>", re.IGNORECASE)
_BODY_CLOSE = re.compile(rb"</body\s*>", re.IGNORECASE)
_FILLER = b"<!-- " + b"filler " * 1000 + b"-->\n"


@cache
def gzip_bomb(size: int) -> bytes:
    """``size`` bytes of spaces, gzip-compressed (about a thousandth of ``size``)."""
    return gzip.compress(b" " * size, compresslevel=9, mtime=0)


def pad(page: bytes, size: int) -> bytes:
    """``page`` with HTML comments before ``</body>`` until it is ``size`` bytes or more."""
    missing = max(0, size - len(page))
    filler = _FILLER * (missing // len(_FILLER) + 1)
    match = _BODY_CLOSE.search(page)
    at = match.start() if match else len(page)
    return page[:at] + filler + page[at:]


def nest(page: bytes, depth: int) -> bytes:
    """``page`` with the content of its ``<body>`` wrapped in ``depth`` nested ``<div>``."""
    opened, closed = _BODY_OPEN.search(page), _BODY_CLOSE.search(page)
    if not (opened and closed):
        return b"<div>" * depth + page + b"</div>" * depth
    start, end = opened.end(), closed.start()
    return page[:start] + b"<div>" * depth + page[start:end] + b"</div>" * depth + page[end:]


def huge_sitemap(host: str, size: int) -> tuple[int, Iterator[bytes]]:
    """Length and chunks of a ``size``-byte sitemap of made-up URLs on ``host``."""
    head = b'<?xml version="1.0" encoding="UTF-8"?>\n'
    head += b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
    tail = b"</urlset>\n"
    entry = f"<url><loc>https://{host}/filler/0000000000/</loc></url>\n".encode()
    count = max(0, (size - len(head) - len(tail)) // len(entry))

    def chunks() -> Iterator[bytes]:
        yield head
        per_chunk = CHUNK // len(entry)
        for first in range(0, count, per_chunk):
            yield b"".join(
                entry.replace(b"0000000000", b"%010d" % n)
                for n in range(first, min(count, first + per_chunk))
            )
        yield tail

    return len(head) + count * len(entry) + len(tail), chunks()


def endless(path: str, query: str) -> bytes:
    """A listing page that always has a next page."""
    page = int(_param(query, "page") or "1")
    return _listing(f"Page {page}", f"{path}?page={page + 1}")


def calendar(path: str, query: str) -> bytes:
    """A day archive that always links to the day before."""
    day = date.fromisoformat(_param(query, "date") or "2024-03-25")
    return _listing(f"Archive {day}", f"{path}?date={day - timedelta(days=1)}")


def _param(query: str, name: str) -> str | None:
    values = parse_qs(query).get(name)
    return values[0] if values else None


def _listing(title: str, next_url: str) -> bytes:
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head>'
        f'<body><h1>{title}</h1><p>Nothing new.</p><a rel="next" href="{next_url}">Next</a>'
        "</body></html>"
    ).encode()
