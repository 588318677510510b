"""Near-duplicate detection: MinHash signatures of word shingles, banded for LSH lookups.

Pure functions, no I/O: the bands are stored and queried by :mod:`newscrawl.state`, so the
index is shared by every outlet, every run and concurrent jobs.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache

import numpy as np
from datasketch import MinHash, MinHashLSH

SHINGLE_WORDS = 3
NUM_PERM = 128
THRESHOLD = 0.4
# A missed copy costs more than a false candidate, which the signatures then rule out:
# 31 bands of 3 rows find a pair at 0.4 with probability 0.87, at 0.5 with 0.98.
LSH_WEIGHTS = (0.2, 0.8)
_SEED = 1
_WORD = re.compile(r"\w+")


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """The word ``size``-grams of ``text``, case-folded, punctuation ignored."""
    words = _WORD.findall(text.casefold().replace("ё", "е"))
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def signature(text: str) -> bytes:
    """The MinHash signature of ``text``'s shingles, as bytes for storage."""
    minhash = MinHash(num_perm=NUM_PERM, seed=_SEED)
    minhash.update_batch([shingle.encode("utf-8") for shingle in shingles(text)])
    # datasketch's hash values are below 2**32: four bytes each are enough.
    return minhash.hashvalues.astype("<u4").tobytes()


def similarity(first: bytes, second: bytes) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two signatures."""
    a, b = np.frombuffer(first, "<u4"), np.frombuffer(second, "<u4")
    return float(np.count_nonzero(a == b)) / len(a)


@cache
def _bands() -> tuple[int, int]:
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM, weights=LSH_WEIGHTS)
    return lsh.b, lsh.r


def band_keys(sig: bytes) -> list[int]:
    """LSH band keys of a signature: texts at least THRESHOLD similar likely share one.

    The number of bands and rows per band is datasketch's optimum for :data:`THRESHOLD`
    and :data:`LSH_WEIGHTS`.
    """
    bands, rows = _bands()
    width = rows * 4
    keys = []
    for band in range(bands):
        digest = hashlib.blake2b(
            sig[band * width : (band + 1) * width], digest_size=7, person=band.to_bytes(2, "big")
        ).digest()
        keys.append(int.from_bytes(digest, "big"))
    return keys
