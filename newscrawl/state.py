"""Persistent crawl state: which pages earlier runs fetched and which articles they wrote.

One SQLite file per state directory, shared by every outlet and every run (and by
concurrent Scrapyd jobs: WAL mode, short transactions). The directory is the Scrapy setting
``NEWSCRAWL_STATE_DIR``, else the environment variable of that name, else a per-user default.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from scrapy import signals

if TYPE_CHECKING:
    from collections.abc import Iterable

    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

STATE_FILE = "state.sqlite3"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS pages (
    url TEXT PRIMARY KEY,
    canonical_url TEXT,
    fetched_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS articles (
    canonical_url TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    outlet TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    revision INTEGER NOT NULL,
    fetched_at TEXT NOT NULL,
    duplicate_of TEXT,
    signature BLOB
);
CREATE INDEX IF NOT EXISTS articles_by_hash ON articles (content_hash);
CREATE TABLE IF NOT EXISTS bands (
    key INTEGER NOT NULL,
    canonical_url TEXT NOT NULL,
    PRIMARY KEY (key, canonical_url)
) WITHOUT ROWID;
"""


def default_state_dir() -> Path:
    """The per-user state directory: ``$XDG_STATE_HOME/newscrawl`` (``~/.local/state``)."""
    base = os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state"
    return Path(base) / "newscrawl"


def state_dir(settings: BaseSettings) -> Path:
    """The state directory of a crawl: setting, then environment, then the default."""
    configured = settings.get("NEWSCRAWL_STATE_DIR") or os.environ.get("NEWSCRAWL_STATE_DIR")
    return Path(configured).expanduser() if configured else default_state_dir()


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


class CrawlState:
    """The SQLite store of seen pages, written articles and their near-duplicate bands."""

    def __init__(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.path = directory / STATE_FILE
        self.db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        # WAL with NORMAL survives a killed process; only a power cut may lose the last commits.
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(_SCHEMA)

    def close(self) -> None:
        """Close the database."""
        self.db.close()

    def seen(self, url: str) -> bool:
        """Whether an earlier page fetch of ``url`` was recorded."""
        row = self.db.execute("SELECT 1 FROM pages WHERE url = ?", (url,)).fetchone()
        return row is not None

    def add_pages(
        self, urls: Iterable[str], fetched_at: str, canonical_url: str | None = None
    ) -> None:
        """Record ``urls`` as fetched (``canonical_url`` when they held an article)."""
        with self.db:
            self.db.executemany(
                "INSERT OR REPLACE INTO pages VALUES (?, ?, ?)",
                [(url, canonical_url, fetched_at) for url in dict.fromkeys(urls)],
            )

    def article(self, canonical_url: str) -> StoredArticle | None:
        """The stored article with this canonical URL."""
        row = self.db.execute(
            "SELECT * FROM articles WHERE canonical_url = ?", (canonical_url,)
        ).fetchone()
        return StoredArticle(*row) if row else None

    def article_with_hash(self, content_hash: str) -> StoredArticle | None:
        """A stored article whose body has this hash."""
        row = self.db.execute(
            "SELECT * FROM articles WHERE content_hash = ? LIMIT 1", (content_hash,)
        ).fetchone()
        return StoredArticle(*row) if row else None

    def candidates(self, band_keys: Iterable[int]) -> list[StoredArticle]:
        """Stored articles sharing at least one near-duplicate band key."""
        keys = list(band_keys)
        if not keys:
            return []
        marks = ",".join("?" * len(keys))
        rows = self.db.execute(
            f"SELECT * FROM articles WHERE canonical_url IN "
            f"(SELECT canonical_url FROM bands WHERE key IN ({marks}))",
            keys,
        ).fetchall()
        return [StoredArticle(*row) for row in rows]

    def add_article(
        self, article: StoredArticle, page_urls: Iterable[str], band_keys: Iterable[int]
    ) -> None:
        """Record a written article (a new one or a new revision) and the pages it came from."""
        with self.db:
            self.db.execute("DELETE FROM bands WHERE canonical_url = ?", (article.canonical_url,))
            self.db.execute(
                "INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    article.canonical_url, article.url, article.outlet, article.content_hash,
                    article.revision, article.fetched_at, article.duplicate_of, article.signature,
                ),
            )
            self.db.executemany(
                "INSERT OR IGNORE INTO bands VALUES (?, ?)",
                [(key, article.canonical_url) for key in band_keys],
            )
            self.db.executemany(
                "INSERT OR REPLACE INTO pages VALUES (?, ?, ?)",
                [(url, article.canonical_url, article.fetched_at)
                 for url in dict.fromkeys(page_urls)],
            )

    def touch(self, canonical_url: str, fetched_at: str) -> None:
        """Update the last fetch time of a stored article that did not change."""
        with self.db:
            self.db.execute(
                "UPDATE articles SET fetched_at = ? WHERE canonical_url = ?",
                (fetched_at, canonical_url),
            )


class _Opened:
    def __init__(self, crawler: Crawler) -> None:
        self.state = CrawlState(state_dir(crawler.settings))
        crawler.signals.connect(self.close, signal=signals.spider_closed)

    def close(self) -> None:
        self.state.close()


_OPEN: WeakKeyDictionary[Crawler, _Opened] = WeakKeyDictionary()


def crawl_state(crawler: Crawler) -> CrawlState:
    """The crawler's state store, opened on first use and closed when the spider closes."""
    if crawler not in _OPEN:
        _OPEN[crawler] = _Opened(crawler)
    return _OPEN[crawler].state
