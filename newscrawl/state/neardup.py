"""The near-duplicate decision against the crawl state, one function for every writer (the
crawl's pipeline, the CC-NEWS reader)."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from newscrawl.extract.fingerprint import MAX_CANDIDATES, THRESHOLD, similarities

if TYPE_CHECKING:
    from newscrawl.extract.fingerprint import Fingerprint
    from newscrawl.state.store import CrawlState


class NearDuplicate(NamedTuple):
    """The stored article a body nearly copies: the first of its group, and how alike."""

    first: str
    score: float


def near_duplicate_of(
    state: CrawlState, url: str, canonical_url: str, fingerprint: Fingerprint
) -> NearDuplicate | None:
    """The group a new article's body nearly copies (at least
    :data:`~newscrawl.extract.fingerprint.THRESHOLD` alike), or None.

    Among the stored articles sharing band keys, the most alike wins; the article itself,
    and those marked as copies of it, are not candidates.
    """
    candidates = [
        stored
        for stored in state.candidates(fingerprint.band_keys, MAX_CANDIDATES)
        if stored.signature and canonical_url not in (stored.canonical_url, stored.duplicate_of)
        and url != stored.duplicate_of
    ]
    scores = similarities(fingerprint.signature, [stored.signature or b"" for stored in candidates])
    score, original = max(
        zip(scores, candidates, strict=True), key=lambda pair: pair[0], default=(0.0, None)
    )
    if original is None or score < THRESHOLD:
        return None
    return NearDuplicate(original.duplicate_of or original.url, score)
