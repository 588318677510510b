"""The real encoding of a Russian or Kazakh page, whatever its header or ``<meta>`` claims.

Sites still serve windows-1251 or KOI8-R with no declaration, or under a header that says
UTF-8. The rules, in order:

- UTF-16 (a byte-order mark, or the NUL bytes of mostly-ASCII markup) is UTF-16;
- text that is UTF-8 but for a few stray bytes is UTF-8 (the stray bytes are replaced and
  counted): a single-byte Cyrillic text almost never decodes as UTF-8 at all;
- otherwise the Cyrillic single-byte encodings are compared by the lower-case Cyrillic letters
  their readings give (windows-1251 read as KOI8-R, or the reverse, comes out mostly in
  capitals), and the declared one is kept unless another reads clearly better.

:func:`looks_garbled` recognises text that was decoded with the wrong charset anyway.
"""

from __future__ import annotations

import codecs
import re

from w3lib.encoding import html_body_declared_encoding, html_to_unicode

CYRILLIC_SINGLE_BYTE = ("cp1251", "koi8-r")
_SAMPLE = 64 * 1024
# At most this share of a page's non-ASCII bytes may be invalid for it to stay UTF-8.
_STRAY_BYTES = 0.01
# Another single-byte reading must give this many times the lower-case letters to win.
_CLEARLY_BETTER = 2.0
_UTF16_NULS = 0.05
# Two-character sequences that only a wrong decoding produces: UTF-8 read as windows-1251
# ("РџСЂ"), as Latin-1 or windows-1252 ("Ð¿Ñ€"), or as KOI8-R ("п▓п°").
_MOJIBAKE = re.compile(
    r"[РС][\u0080-\u00bf\u0402-\u040f\u0452-\u045f\u0490\u0491\u2013-\u2122]"
    r"|[ÐÑ][\u0080-\u00bf]"
    r"|[пя][\u2500-\u25a0\u2219-\u2265\u2320\u2321\u00b0\u00b2\u00b7\u00f7]"
)
_ESCAPED = re.compile(r"[\udc80-\udcff]")
_ESCAPED_TAIL = re.compile(r"[\udc80-\udcff]+$")
_ASCII = bytes(range(0x80))
_LOWER_CYRILLIC = re.compile("[а-яё]")
_LETTER = re.compile(r"[^\W\d_]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_UPPER_CYRILLIC = re.compile(r"[\u0400-\u042f]")
_GARBLED_SHARE = 0.03
_MIN_LETTERS = 200
# Above this share of capitals among Cyrillic letters, the cases were swapped.
_SWAPPED_SHARE = 0.6
# Text is garbled throughout or not at all: its start tells.
_TEXT_SAMPLE = 8000


def detect_encoding(body: bytes, declared: str | None = None) -> str:
    """The Python codec name that decodes ``body`` correctly.

    ``declared`` is the charset of the Content-Type header, if any; the page's own
    ``<meta>`` declaration is read from ``body``.
    """
    if utf16 := _utf16(body):
        return utf16
    if _mostly_utf8(body):
        return "utf-8"
    claims = [_codec(claim) for claim in (declared, html_body_declared_encoding(body))]
    claimed = next(
        (codec for codec in claims if codec and codec != "utf-8" and _decodes(body, codec)), None
    )
    best = max(CYRILLIC_SINGLE_BYTE, key=lambda codec: _cyrillic_lower(body, codec))
    if claimed is None:
        return best
    if claimed != best and _cyrillic_lower(body, best) > _CLEARLY_BETTER * max(
        _cyrillic_lower(body, claimed), 1
    ):
        return best
    return claimed


def page_encoding(body: bytes, declared: str | None = None) -> tuple[str, int]:
    """:func:`detect_encoding`'s codec for ``body`` and, when it is UTF-8, the number of
    invalid bytes (:func:`stray_utf8_bytes`): a page that is valid UTF-8 is decoded once."""
    if _utf16(body) is None:
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            return "utf-8", 0
    codec = detect_encoding(body, declared)
    return codec, stray_utf8_bytes(body) if codec == "utf-8" else 0


def decode_html(body: bytes, declared: str | None = None) -> tuple[str, str]:
    """``(codec, text)`` of an HTML page's bytes."""
    codec = detect_encoding(body, declared)
    _, text = html_to_unicode(f"charset={codec}", body)
    return codec, text


def stray_utf8_bytes(body: bytes) -> int:
    """How many bytes of ``body`` are not valid UTF-8 (a character cut at the end is valid)."""
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return 0
    text = body.decode("utf-8", errors="surrogateescape")
    stray = len(_ESCAPED.findall(text))
    tail = _ESCAPED_TAIL.search(text)
    if tail and body[-len(tail.group()):][0] >= 0xC0 and len(tail.group()) <= 3:
        stray -= len(tail.group())
    return stray


def looks_garbled(text: str) -> bool:
    """Whether ``text`` reads like Cyrillic decoded with the wrong charset."""
    sample = text[:_TEXT_SAMPLE]
    # Letters are counted only when there is mojibake to weigh: most text has none.
    if mojibake := len(_MOJIBAKE.findall(sample)):
        letters = len(_LETTER.findall(sample))
        if letters < _MIN_LETTERS:
            return False
        if mojibake > _GARBLED_SHARE * letters:
            return True
    # windows-1251 read as KOI8-R (or the reverse) swaps the cases of every letter. Capitals
    # are few in most text, and counted first: counting every Cyrillic letter costs more.
    upper = len(_UPPER_CYRILLIC.findall(sample))
    if upper <= _SWAPPED_SHARE * _MIN_LETTERS:
        return False
    cyrillic = len(_CYRILLIC.findall(sample))
    return cyrillic >= _MIN_LETTERS and upper > _SWAPPED_SHARE * cyrillic


def _mostly_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.reason == "unexpected end of data" and error.start >= len(body) - 3:
            return True
    else:
        return True
    sample = body[:_SAMPLE]
    return (stray_utf8_bytes(sample) <= _stray_limit(sample)
            and stray_utf8_bytes(body) <= _stray_limit(body))


def _stray_limit(body: bytes) -> int:
    non_ascii = len(body) - len(body.translate(None, _ASCII))
    return max(1, int(non_ascii * _STRAY_BYTES))


def _utf16(body: bytes) -> str | None:
    if body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = body[:4096]
    sample = sample[: len(sample) // 2 * 2]
    if len(sample) < 64:
        return None
    for codec, high, low in (("utf-16-le", sample[1::2], sample[0::2]),
                             ("utf-16-be", sample[0::2], sample[1::2])):
        # The high bytes of markup and of one script take very few values, NUL among them.
        if (high.count(0) >= _UTF16_NULS * len(high) and low.count(0) <= 0.01 * len(low)
                and _few_values(high) and _decodes(body, codec)):
            return codec
    return None


def _few_values(data: bytes) -> bool:
    counts = sorted((data.count(value) for value in set(data)), reverse=True)
    return sum(counts[:2]) >= 0.9 * len(data)


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
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def _cyrillic_lower(body: bytes, codec: str) -> int:
    return len(_LOWER_CYRILLIC.findall(body[:_SAMPLE].decode(codec, errors="replace")))
