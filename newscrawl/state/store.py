"""The crawl state's interface, which every backend implements whole."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from pathlib import Path


@dataclass(frozen=True)
class StoredArticle:
    """What the state remembers of one written article."""

    canonical_url: str
    url: str
    outlet: str
    content_hash: str
    revision: int
    fetched_at: str
    duplicate_of: str | None
    signature: bytes | None

    @classmethod
    def of(cls, item: Mapping[str, Any], signature: bytes) -> StoredArticle:
        """The record of a written ``item`` (its fields), whose body has ``signature``."""
        return cls(
            canonical_url=item["canonical_url"], url=item["url"], outlet=item["outlet"],
            content_hash=item["content_hash"], revision=item.get("revision") or 1,
            fetched_at=item["fetched_at"], duplicate_of=item.get("duplicate_of"),
            signature=signature,
        )


class CrawlState(Protocol):
    """Seen pages, written articles, their near-duplicate bands, and the runs' summaries.

    Writes are held and committed together, every so many (the backend's batch) and on
    :meth:`commit`; a writer reads its own writes at once. A crawl records an article once
    its line is written (:meth:`add_article`), so that a killed crawl neither loses nor
    doubles it: when a writer (a process, or a worker of a distributed crawl) died, the lines
    of its feed files that the state does not know are adopted, and an article in none is
    fetched again. A writer that records an article before writing its line marks it
    ``pending``, then confirms it (:meth:`confirm`); a dead writer's pending articles found in
    its feed files were written, the others are forgotten and fetched again.
    """

    def seen(self, url: str) -> bool:
        """Whether an earlier page fetch of ``url`` was recorded."""
        ...

    def add_pages(
        self, urls: Iterable[str], fetched_at: str, canonical_url: str | None = None
    ) -> None:
        """Record ``urls`` as fetched (``canonical_url`` when they held an article)."""
        ...

    def article(self, canonical_url: str) -> StoredArticle | None:
        """The stored article with this canonical URL."""
        ...

    def article_with_hash(self, content_hash: str, outlet: str) -> StoredArticle | None:
        """A stored article of ``outlet`` whose body has this hash."""
        ...

    def candidates(self, band_keys: Iterable[int], limit: int | None = None) -> list[StoredArticle]:
        """Stored articles sharing near-duplicate band keys, those sharing most first.

        ``limit`` keeps the first ones only, so that a lookup costs the same however many
        loosely similar articles (template stories, say) the state holds.
        """
        ...

    def add_article(
        self,
        article: StoredArticle,
        page_urls: Iterable[str],
        band_keys: Iterable[int],
        *,
        pending: bool = False,
    ) -> None:
        """Record an article (a new one or a new revision) and the pages it came from;
        ``pending``: about to be written by this writer, until :meth:`confirm`."""
        ...

    def confirm(self, canonical_url: str) -> None:
        """Mark a pending article as written."""
        ...

    def commit(self) -> None:
        """Write the writes held so far, together."""
        ...

    def touch(self, canonical_url: str, fetched_at: str) -> None:
        """Update the last fetch time of a stored article that did not change."""
        ...

    def forget(self, canonical_url: str) -> None:
        """Remove an article and the pages it came from, so it is fetched again."""
        ...

    def add_feed(self, path: Path) -> None:
        """Register a local feed file this writer writes, for settling it after a kill."""
        ...

    def recover(self) -> tuple[int, int]:
        """Settle what dead writers left, as the state opens: (confirmed, forgotten)."""
        ...

    def settle(self, writer: str, host: str | None = None) -> tuple[int, int]:
        """Settle what one dead writer left: (confirmed or adopted, forgotten).

        Its feed files are read when ``host``, where it ran, is this writer's host; a backend
        whose writers all share one host (SQLite) ignores it.
        """
        ...

    def record_run(self, outlet: str, started_at: str, healthy: bool,
                   summary: dict[str, Any]) -> None:
        """Store the summary of a finished run."""
        ...

    def recent_runs(self, outlet: str, limit: int) -> list[dict[str, Any]]:
        """The summaries of the outlet's last ``limit`` recorded runs, newest first."""
        ...

    def outlets_with_runs(self) -> list[str]:
        """The outlets that have recorded runs, by name."""
        ...

    def close(self) -> None:
        """Commit, forget the feed files registered here (they are complete) and disconnect."""
        ...
