"""The crawl state in one SQLite file per state directory.

Shared by every outlet and every run (and by concurrent Scrapyd jobs: WAL mode, short
transactions: a batch of writes is held in memory and committed in one). The directory is the
Scrapy setting ``NEWSCRAWL_STATE_DIR``, else the environment variable of that name, else a
per-user default. A writer is a process.
"""

from __future__ import annotations

import json
import os
import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newscrawl.state.batch import Batch, Ranked
from newscrawl.state.recovery import adopt, alive, written_articles
from newscrawl.state.store import StoredArticle

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

    from scrapy.settings import BaseSettings

STATE_FILE = "state.sqlite3"
_SQLITE_MAGIC = b"SQLite format 3\x00"

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
CREATE TABLE IF NOT EXISTS pending (
    canonical_url TEXT PRIMARY KEY,
    pid INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS feeds (
    pid INTEGER NOT NULL,
    path TEXT NOT NULL,
    PRIMARY KEY (pid, path)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS bands (
    key INTEGER NOT NULL,
    canonical_url TEXT NOT NULL,
    PRIMARY KEY (key, canonical_url)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS bands_by_article ON bands (canonical_url);
CREATE TABLE IF NOT EXISTS runs (
    outlet TEXT NOT NULL,
    started_at TEXT NOT NULL,
    healthy INTEGER NOT NULL,
    summary TEXT NOT NULL,
    PRIMARY KEY (outlet, started_at)
);
"""


def default_state_dir() -> Path:
    """The per-user state directory: ``$XDG_STATE_HOME/newscrawl`` (``~/.local/state``)."""
    base = os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state"
    return Path(base) / "newscrawl"


def state_dir(settings: BaseSettings) -> Path:
    """The state directory of a crawl: setting, then environment, then the default."""
    configured = settings.get("NEWSCRAWL_STATE_DIR") or os.environ.get("NEWSCRAWL_STATE_DIR")
    return Path(configured).expanduser() if configured else default_state_dir()


class StateUnreadable(Exception):
    """The state file exists but is not a whole SQLite database."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def check_state_file(path: Path) -> None:
    """Raise :class:`StateUnreadable` unless ``path`` is missing, a whole SQLite database, or
    an empty file alone in its directory (a state that was never written)."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return
    if size == 0:
        others = sorted(p.name for p in path.parent.iterdir() if p != path)
        if others:
            raise StateUnreadable(path, f"the file is empty, beside {', '.join(others)}")
        return
    with path.open("rb") as file:
        header = file.read(100)
    if len(header) < 100 or not header.startswith(_SQLITE_MAGIC):
        raise StateUnreadable(path, "not an SQLite database")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    # The page count in the header is valid when its version matches the change counter.
    if header[24:28] == header[92:96] and size < pages * page_size:
        raise StateUnreadable(path, f"truncated: {size} bytes of {pages * page_size}")


class SqliteCrawlState:
    """The SQLite store of seen pages, written articles, their near-duplicate bands and runs
    (a :class:`~newscrawl.state.store.CrawlState`)."""

    def __init__(self, directory: Path, batch: int = 1) -> None:
        """Open (or start) the state of ``directory``, committing every ``batch`` writes (and
        on :meth:`commit`); raises :class:`StateUnreadable` when its file is not a whole
        SQLite database."""
        directory.mkdir(parents=True, exist_ok=True)
        self.path = directory / STATE_FILE
        check_state_file(self.path)
        self.db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        try:
            self.db.execute("PRAGMA journal_mode=WAL")
            # WAL with NORMAL survives a killed process; only a power cut may lose the last
            # commits.
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.executescript(_SCHEMA)
        except sqlite3.DatabaseError as error:
            self.db.close()
            raise StateUnreadable(self.path, str(error)) from error
        self._feeds: list[str] = []
        self._batch = Batch(batch)

    def seen(self, url: str) -> bool:
        """Whether an earlier page fetch of ``url`` was recorded."""
        if self._batch.seen(url):
            return True
        row = self.db.execute("SELECT 1 FROM pages WHERE url = ?", (url,)).fetchone()
        return row is not None

    def add_pages(
        self, urls: Iterable[str], fetched_at: str, canonical_url: str | None = None
    ) -> None:
        """Record ``urls`` as fetched (``canonical_url`` when they held an article)."""
        self._batch.add_pages(urls, fetched_at, canonical_url)
        self._commit_if_due()

    def article(self, canonical_url: str) -> StoredArticle | None:
        """The stored article with this canonical URL."""
        if (held := self._batch.article(canonical_url)) is not None:
            return held
        row = self.db.execute(
            "SELECT * FROM articles WHERE canonical_url = ?", (canonical_url,)
        ).fetchone()
        return StoredArticle(*row) if row else None

    def article_with_hash(self, content_hash: str, outlet: str) -> StoredArticle | None:
        """A stored article of ``outlet`` whose body has this hash."""
        if (held := self._batch.article_with_hash(content_hash, outlet)) is not None:
            return held
        rows = self.db.execute(
            "SELECT * FROM articles WHERE content_hash = ? AND outlet = ?", (content_hash, outlet)
        )
        # A stored article whose new revision is held has that revision's hash.
        return next(
            (StoredArticle(*row) for row in rows if self._batch.article(row[0]) is None), None
        )

    def candidates(self, band_keys: Iterable[int], limit: int | None = None) -> list[StoredArticle]:
        """Stored articles sharing near-duplicate band keys, those sharing most first.

        ``limit`` keeps the first ones only, so that a lookup costs the same however many
        loosely similar articles (template stories, say) the state holds.
        """
        keys = list(band_keys)
        if not keys:
            return []
        held = self._batch.candidates(keys)
        marks = ",".join("?" * len(keys))
        rows = self.db.execute(
            f"SELECT found.shared, articles.* FROM (SELECT canonical_url, COUNT(*) AS shared "
            f"FROM bands WHERE key IN ({marks}) GROUP BY canonical_url "
            f"ORDER BY shared DESC, canonical_url LIMIT ?) AS found "
            f"JOIN articles USING (canonical_url) ORDER BY found.shared DESC, canonical_url",
            [*keys, -1 if limit is None else limit + len(held)],
        ).fetchall()
        stored: list[Ranked] = [(row[0], StoredArticle(*row[1:])) for row in rows]
        return [article for _, article in self._batch.merged(stored, held, limit)]

    def add_article(
        self,
        article: StoredArticle,
        page_urls: Iterable[str],
        band_keys: Iterable[int],
        *,
        pending: bool = False,
    ) -> None:
        """Record an article (a new one or a new revision) and the pages it came from.

        With ``pending`` it is recorded as about to be written by this process, until
        :meth:`confirm`; :meth:`recover` settles what a killed process left pending.
        """
        self._batch.add_article(article, page_urls, band_keys, pending=pending)
        self._commit_if_due()

    def confirm(self, canonical_url: str) -> None:
        """Mark a pending article as written."""
        self._batch.confirm(canonical_url)
        self._commit_if_due()

    def commit(self) -> None:
        """Write the writes held so far, in one transaction."""
        batch = self._batch
        if not batch:
            return
        pid = os.getpid()
        with self._transaction():
            articles = [article for article, _ in batch.articles.values()]
            self.db.executemany(
                "DELETE FROM bands WHERE canonical_url = ?",
                [(article.canonical_url,) for article in articles],
            )
            self.db.executemany(
                "INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(article.canonical_url, article.url, article.outlet, article.content_hash,
                  article.revision, article.fetched_at, article.duplicate_of, article.signature)
                 for article in articles],
            )
            self.db.executemany(
                "INSERT OR IGNORE INTO bands VALUES (?, ?)",
                [(key, canonical) for canonical, (_, keys) in batch.articles.items()
                 for key in keys],
            )
            self.db.executemany(
                "INSERT OR REPLACE INTO pages VALUES (?, ?, ?)",
                [(url, canonical, fetched_at)
                 for url, (canonical, fetched_at) in batch.pages.items()],
            )
            self.db.executemany(
                "INSERT OR REPLACE INTO pending VALUES (?, ?)",
                [(canonical, pid) for canonical in batch.pending],
            )
            self.db.executemany(
                "DELETE FROM pending WHERE canonical_url = ?",
                [(canonical,) for canonical in batch.unpending],
            )
        self._batch = Batch(batch.size)

    def add_feed(self, path: Path) -> None:
        """Register a local feed file this process writes, for :meth:`recover`."""
        self._feeds.append(str(path))
        self.commit()
        with self._transaction():
            self.db.execute("INSERT OR IGNORE INTO feeds VALUES (?, ?)", (os.getpid(), str(path)))

    def close(self) -> None:
        """Commit, forget the feed files registered here (they are complete) and close the
        database."""
        self.commit()
        with self._transaction():
            self.db.executemany(
                "DELETE FROM feeds WHERE pid = ? AND path = ?",
                [(os.getpid(), path) for path in self._feeds],
            )
        self.db.close()

    def recover(self, is_alive: Callable[[int], bool] = alive) -> tuple[int, int]:
        """Settle what killed processes left: (articles confirmed, articles forgotten).

        An article in one of the dead process's feed files was written: pending, it is
        confirmed; unknown (its batch was not committed), it is adopted. A pending article
        in none is forgotten, with its pages, so the next run fetches it again. A feed
        file's unfinished last line, if any, is cut off.
        """
        query = "SELECT pid FROM pending UNION SELECT pid FROM feeds"
        pids = {pid for (pid,) in self.db.execute(query)}
        confirmed = forgotten = 0
        for pid in sorted(pid for pid in pids if not is_alive(pid)):
            settled = self.settle(str(pid))
            confirmed += settled[0]
            forgotten += settled[1]
        return confirmed, forgotten

    def settle(self, writer: str, host: str | None = None) -> tuple[int, int]:
        """Settle what the dead process ``writer`` (its pid, on this host) left: (confirmed,
        forgotten), as :meth:`recover` describes.

        ``host`` is ignored: the processes sharing a SQLite file share its host.
        """
        pid = int(writer)
        self.commit()
        written: dict[str, dict[str, Any]] = {}
        for (path,) in self.db.execute("SELECT path FROM feeds WHERE pid = ?", (pid,)).fetchall():
            written.update(written_articles(Path(path)))
        rows = self.db.execute("SELECT canonical_url FROM pending WHERE pid = ?", (pid,))
        pending = [url for (url,) in rows]
        confirmed = forgotten = 0
        with self._transaction():
            for url in pending:
                if url in written:
                    confirmed += 1
                else:
                    forgotten += 1
                    self._forget(url)
            self.db.execute("DELETE FROM pending WHERE pid = ?", (pid,))
        confirmed += adopt(self, written.values())
        self.commit()
        with self._transaction():
            self.db.execute("DELETE FROM feeds WHERE pid = ?", (pid,))
        return confirmed, forgotten

    def forget(self, canonical_url: str) -> None:
        """Remove an article and the pages it came from, so it is fetched again."""
        self.commit()
        with self._transaction():
            self._forget(canonical_url)
            self.db.execute("DELETE FROM pending WHERE canonical_url = ?", (canonical_url,))

    def _forget(self, canonical_url: str) -> None:
        for table in ("articles", "bands", "pages"):
            self.db.execute(f"DELETE FROM {table} WHERE canonical_url = ?", (canonical_url,))

    def record_run(
        self, outlet: str, started_at: str, healthy: bool, summary: dict[str, Any]
    ) -> None:
        """Store the summary of a finished run."""
        self.commit()
        with self._transaction():
            self.db.execute(
                "INSERT OR REPLACE INTO runs VALUES (?, ?, ?, ?)",
                (outlet, started_at, int(healthy), json.dumps(summary)),
            )

    def recent_runs(self, outlet: str, limit: int) -> list[dict[str, Any]]:
        """The summaries of the outlet's last ``limit`` recorded runs, newest first."""
        rows = self.db.execute(
            "SELECT summary FROM runs WHERE outlet = ? ORDER BY started_at DESC LIMIT ?",
            (outlet, limit),
        )
        return [json.loads(summary) for (summary,) in rows]

    def outlets_with_runs(self) -> list[str]:
        """The outlets that have recorded runs, by name."""
        return [name for (name,) in self.db.execute("SELECT DISTINCT outlet FROM runs ORDER BY 1")]

    def _commit_if_due(self) -> None:
        if self._batch.due:
            self.commit()

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """One write transaction (the connection is in autocommit mode otherwise)."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def touch(self, canonical_url: str, fetched_at: str) -> None:
        """Update the last fetch time of a stored article that did not change."""
        self.commit()
        with self._transaction():
            self.db.execute(
                "UPDATE articles SET fetched_at = ? WHERE canonical_url = ?",
                (fetched_at, canonical_url),
            )
