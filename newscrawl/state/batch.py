"""Writes a state backend holds before committing them together, and how they change its
answers meanwhile: a writer reads its own writes, committed or not."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from newscrawl.state.store import StoredArticle

if TYPE_CHECKING:
    from collections.abc import Iterable

# (keys shared with a lookup, article): how a backend ranks near-duplicate candidates.
Ranked = tuple[int, StoredArticle]


class Batch:
    """Articles, pages and pending marks not committed yet; ``size`` writes make it due."""

    def __init__(self, size: int) -> None:
        self.size = max(1, size)
        self.writes = 0
        self.articles: dict[str, tuple[StoredArticle, tuple[int, ...]]] = {}
        # page URL -> (canonical URL or None, fetch time), in the order they were recorded
        self.pages: dict[str, tuple[str | None, str]] = {}
        self.pending: set[str] = set()
        self.unpending: set[str] = set()
        self._hashes: dict[tuple[str, str], str] = {}
        self._bands: dict[int, set[str]] = {}

    def __bool__(self) -> bool:
        return self.writes > 0

    @property
    def due(self) -> bool:
        """Whether the batch holds ``size`` writes."""
        return self.writes >= self.size

    def add_pages(self, urls: Iterable[str], fetched_at: str, canonical_url: str | None) -> None:
        """Hold the record of fetched pages."""
        for url in urls:
            self.pages.pop(url, None)
            self.pages[url] = (canonical_url, fetched_at)
        self.writes += 1

    def add_article(
        self, article: StoredArticle, page_urls: Iterable[str], band_keys: Iterable[int],
        *, pending: bool,
    ) -> None:
        """Hold an article, its band keys and its pages; ``pending``: until confirmed."""
        canonical = article.canonical_url
        if (previous := self.articles.get(canonical)) is not None:
            self._hashes.pop((previous[0].outlet, previous[0].content_hash), None)
            for key in previous[1]:
                self._bands[key].discard(canonical)
        keys = tuple(band_keys)
        self.articles[canonical] = (article, keys)
        self._hashes[(article.outlet, article.content_hash)] = canonical
        for key in keys:
            self._bands.setdefault(key, set()).add(canonical)
        if pending:
            self.pending.add(canonical)
            self.unpending.discard(canonical)
        self.add_pages(page_urls, article.fetched_at, canonical)

    def confirm(self, canonical_url: str) -> None:
        """Hold the end of an article's pending mark."""
        if canonical_url in self.pending:
            self.pending.discard(canonical_url)
        else:
            self.unpending.add(canonical_url)
        self.writes += 1

    def seen(self, url: str) -> bool:
        """Whether the batch records a fetch of ``url``."""
        return url in self.pages

    def article(self, canonical_url: str) -> StoredArticle | None:
        """The batch's article with this canonical URL."""
        held = self.articles.get(canonical_url)
        return held[0] if held else None

    def article_with_hash(self, content_hash: str, outlet: str) -> StoredArticle | None:
        """The batch's article of ``outlet`` whose body has this hash."""
        canonical = self._hashes.get((outlet, content_hash))
        return self.articles[canonical][0] if canonical else None

    def candidates(self, band_keys: Iterable[int]) -> list[Ranked]:
        """The batch's articles sharing band keys, with how many they share."""
        shared = Counter(
            canonical for key in set(band_keys) for canonical in self._bands.get(key, ())
        )
        return [(count, self.articles[canonical][0]) for canonical, count in shared.items()]

    def merged(self, stored: list[Ranked], held: list[Ranked], limit: int | None) -> list[Ranked]:
        """A backend's ranked candidates with the batch's: a held article replaces its stored
        version, those sharing most first, then by canonical URL."""
        ranked = [pair for pair in stored if pair[1].canonical_url not in self.articles] + held
        ranked.sort(key=lambda pair: (-pair[0], pair[1].canonical_url))
        return ranked[:limit]
