"""The real encoding of a Russian or Kazakh page, whatever its header or ``<meta>`` claims.

Sites still serve windows-1251 or KOI8-R with no declaration, or under a header that says
UTF-8. Valid UTF-8 with non-ASCII bytes is UTF-8 (a single-byte Cyrillic text almost never is);
otherwise a declared encoding that decodes the bytes cleanly is trusted; otherwise the
Cyrillic single-byte encoding whose reading has the most lower-case Cyrillic letters wins
(windows-1251 read as KOI8-R, or the reverse, comes out mostly in capitals).
"""

from __future__ import annotations

import codecs

from w3lib.encoding import html_body_declared_encoding, html_to_unicode

CYRILLIC_SINGLE_BYTE = ("cp1251", "koi8-r")
_SAMPLE = 64 * 1024


def detect_encoding(body: bytes, declared: str | None = None) -> str:
    """The Python codec name that decodes ``body`` correctly.

    ``declared`` is the charset of the Content-Type header, if any; the page's own
    ``<meta>`` declaration is read from ``body``.
    """
    if _is_utf8(body):
        return "utf-8"
    for claim in (declared, html_body_declared_encoding(body)):
        codec = _codec(claim)
        if codec and codec != "utf-8" and _decodes(body, codec):
            return codec
    return max(CYRILLIC_SINGLE_BYTE, key=lambda codec: _cyrillic_lower(body, codec))


def decode_html(body: bytes, declared: str | None = None) -> tuple[str, str]:
    """``(codec, text)`` of an HTML page's bytes."""
    codec = detect_encoding(body, declared)
    _, text = html_to_unicode(f"charset={codec}", body)
    return codec, text


def _is_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as error:
        # A page cut inside a multi-byte character is still UTF-8.
        return error.reason == "unexpected end of data" and error.start >= len(body) - 3
    return True


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name).name.replace("_", "-")
    except LookupError:
        return None


def _decodes(body: bytes, codec: str) -> bool:
    try:
        body.decode(codec)
    except UnicodeDecodeError:
        return False
    return True


def _cyrillic_lower(body: bytes, codec: str) -> int:
    text = body[:_SAMPLE].decode(codec, errors="replace")
    return sum(1 for char in text if "а" <= char <= "я" or char == "ё")
