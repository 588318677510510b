"""Fingerprints of an article's body: a hash for exact copies, and for near-duplicates
MinHash signatures of word shingles, banded for LSH lookups.

Pure functions, no I/O: the bands are stored and queried by :mod:`newscrawl.state`, so the
index is shared by every outlet, every run and concurrent jobs.

The signature is datasketch's ``MinHash(num_perm=128, seed=1)`` (its default ``affine32``
scheme: SHA-1 shingle hashes, a MurmurHash3 finaliser, affine permutations mod 2**32),
computed here in a few lines of numpy, and the band layout is ``MinHashLSH``'s optimum for
the threshold and weights below, kept as constants: importing datasketch loads SciPy, ~60 MB
more in the crawl process. ``tests/extract/test_fingerprint.py`` checks both against
datasketch itself.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from typing import Any, NamedTuple

import numpy as np

SHINGLE_WORDS = 3
NUM_PERM = 128
THRESHOLD = 0.4
# A missed copy costs more than a false candidate, which the signatures then rule out:
# 31 bands of 3 rows find a pair at 0.4 with probability 0.87, at 0.5 with 0.98.
LSH_WEIGHTS = (0.2, 0.8)
LSH_BANDS, LSH_ROWS = 31, 3
# Candidates scored per article, those sharing most bands first: a copy at 0.4 shares 2 bands
# on average, an unrelated text almost never more than one.
MAX_CANDIDATES = 50
_SEED = 1
_WORD = re.compile(r"\w+")
_U32 = np.uint32
# MurmurHash3's 32-bit finaliser: (shift, multiplier, shift, multiplier, shift).
_FMIX32 = (_U32(16), _U32(0x85EBCA6B), _U32(13), _U32(0xC2B2AE35), _U32(16))


def content_hash(body: str) -> str:
    """SHA-256 of the body with case and white space folded: equal for an exact copy."""
    folded = " ".join(body.casefold().split())
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """The word ``size``-grams of ``text``, case-folded, punctuation ignored."""
    words = _WORD.findall(text.casefold().replace("ё", "е"))
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


class Fingerprint(NamedTuple):
    """A body's near-duplicate fingerprint: its MinHash signature and that signature's LSH
    band keys."""

    signature: bytes
    band_keys: tuple[int, ...]


class Fingerprinted(dict):  # type: ignore[type-arg]
    """An item (a dict of its fields) carrying its body's :class:`Fingerprint` as an
    attribute, not as a field: whatever writes the fields never sees it."""

    __slots__ = ("fingerprint",)

    def __init__(self, fields: dict[str, Any], fingerprint: Fingerprint) -> None:
        super().__init__(fields)
        self.fingerprint = fingerprint


def fingerprint(body: str) -> Fingerprint:
    """The near-duplicate fingerprint of ``body``."""
    sig = signature(body)
    return Fingerprint(sig, band_keys(sig))


def fingerprint_of(item: Any, body: str) -> Fingerprint:
    """The fingerprint ``item`` carries (:class:`Fingerprinted`), else that of ``body``."""
    if isinstance(item, Fingerprinted):
        return item.fingerprint
    return fingerprint(body)


def with_fields(item: Any, fields: dict[str, Any]) -> dict[str, Any]:
    """``fields`` as an item carrying ``item``'s fingerprint, if it carries one."""
    if isinstance(item, Fingerprinted):
        return Fingerprinted(fields, item.fingerprint)
    return fields


def signature(text: str) -> bytes:
    """The MinHash signature of ``text``'s shingles, as bytes for storage (4 per permutation)."""
    digests = b"".join(
        hashlib.sha1(shingle.encode("utf-8")).digest()[:4] for shingle in shingles(text)
    )
    if not digests:
        return np.full(NUM_PERM, 0xFFFFFFFF, "<u4").tobytes()
    hashes = _fmix32(np.frombuffer(digests, "<u4").astype(_U32)).reshape(-1, 1)
    a, b = _permutations()
    with np.errstate(over="ignore"):  # arithmetic mod 2**32 is the point
        return (hashes * a + b).min(axis=0).astype("<u4").tobytes()


def _fmix32(values: np.ndarray) -> np.ndarray:
    shift1, multiplier1, shift2, multiplier2, shift3 = _FMIX32
    with np.errstate(over="ignore"):
        values = (values ^ (values >> shift1)) * multiplier1
        values = (values ^ (values >> shift2)) * multiplier2
    return values ^ (values >> shift3)


@cache
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    # Drawn as datasketch draws them for its seed: odd multipliers, so each is a bijection.
    generator = np.random.RandomState(_SEED)
    a = generator.randint(0, 1 << 31, NUM_PERM, dtype=_U32) * _U32(2) + _U32(1)
    b = generator.randint(0, 1 << 32, NUM_PERM, dtype=_U32)
    return a, b


def similarities(sig: bytes, others: list[bytes]) -> list[float]:
    """Estimated Jaccard similarity of the shingle set behind ``sig`` with each of ``others``'."""
    if not others:
        return []
    mine = np.frombuffer(sig, "<u4")
    theirs = np.frombuffer(b"".join(others), "<u4").reshape(len(others), len(mine))
    return (np.count_nonzero(theirs == mine, axis=1) / len(mine)).tolist()


def band_keys(sig: bytes) -> tuple[int, ...]:
    """LSH band keys of a signature: texts at least THRESHOLD similar likely share one.

    :data:`LSH_BANDS` bands of :data:`LSH_ROWS` rows: datasketch's optimum for
    :data:`THRESHOLD` and :data:`LSH_WEIGHTS`.
    """
    width = LSH_ROWS * 4
    keys = []
    for band in range(LSH_BANDS):
        digest = hashlib.blake2b(
            sig[band * width : (band + 1) * width], digest_size=7, person=band.to_bytes(2, "big")
        ).digest()
        keys.append(int.from_bytes(digest, "big"))
    return tuple(keys)
