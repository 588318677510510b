"""Output that cannot silently fail, and that says how it was made.

:class:`OutputCheck` stops the crawl with one clear message and exit status 1 when a local
feed file cannot be created or its disk has less than ``NEWSCRAWL_MIN_FREE_BYTES`` free.
Written whole lines only by :mod:`newscrawl.crawler.feedstorage`. :class:`RunRecord` writes
next to each local feed file ``<file>.run.json``: what the runs that wrote it did.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import shutil
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from w3lib.url import file_uri_to_path

from newscrawl.core import stats
from newscrawl.core.version import __version__
from newscrawl.crawler import settings as project_settings

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler
    from scrapy.extensions.feedexport import FeedSlot
    from scrapy.settings import BaseSettings
    from typing_extensions import Self

logger = logging.getLogger(__name__)

_PARAM = re.compile(r"%\((\w+)\)[sd]")
RECORD_SUFFIX = ".run.json"
_FIRST_LINE = 1 << 16
# The settings that shape what a run fetches and keeps, recorded as the run had them.
RUN_SETTINGS = (
    "USER_AGENT", "ROBOTSTXT_OBEY", "CONCURRENT_REQUESTS", "CONCURRENT_REQUESTS_PER_DOMAIN",
    "DOWNLOAD_DELAY", "AUTOTHROTTLE_ENABLED", "AUTOTHROTTLE_TARGET_CONCURRENCY",
    "AUTOTHROTTLE_MAX_DELAY", "DOWNLOAD_TIMEOUT", "RETRY_TIMES", "RETRY_HTTP_CODES",
    "NEWSCRAWL_DROP_UNDATED", "NEWSCRAWL_DROP_NEAR_DUPLICATES",
)
_SCRAPY_COUNTS = {
    "requests": "downloader/request_count",
    "responses": "response_received_count",
    "items_scraped": "item_scraped_count",
    "items_dropped": "item_dropped_count",
    "errors": "log_count/ERROR",
}


class OutputUnavailable(SystemExit):
    """The crawl cannot write its output; raised before anything is fetched."""


class OutputCheck:
    """Extension: the crawl does not start when its local output cannot be written."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> OutputCheck:
        """Check every local feed of ``crawler``; raise :class:`OutputUnavailable` if one fails."""
        min_free = crawler.settings.getint("NEWSCRAWL_MIN_FREE_BYTES")
        name = getattr(crawler.spidercls, "name", "crawl")
        for uri in crawler.settings.getdict("FEEDS"):
            path = local_path(str(uri), name)
            if path is None:
                continue
            problem = output_problem(path, min_free)
            if problem:
                raise OutputUnavailable(f"newscrawl: cannot write output {path}: {problem}")
        return cls()


def local_path(uri: str, spider_name: str) -> Path | None:
    """The file a feed URI names (its ``%(name)s``-style parameters filled in), or None if
    it is not a local file."""
    scheme = urlsplit(uri).scheme
    if scheme not in ("", "file") and not re.fullmatch(r"[a-zA-Z]", scheme):
        return None
    values = {
        "name": spider_name,
        "time": datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace(":", "-"),
    }
    filled = _PARAM.sub(lambda match: values.get(match.group(1), "1"), uri)
    return Path(file_uri_to_path(filled) if scheme == "file" else filled)


def output_problem(path: Path, min_free: int) -> str | None:
    """Why ``path`` cannot take a crawl's output, or None when it can."""
    if path.is_dir():
        return "it is a directory"
    existing = next(parent for parent in path.parents if parent.exists())
    if not existing.is_dir():
        return f"{existing} is not a directory"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        probe = path.parent / f".{path.name}.newscrawl-probe"
        probe.write_bytes(b"")
        probe.unlink()
        if path.exists() and not os.access(path, os.W_OK):
            return "the file is not writable"
    except OSError as error:
        return error.strerror or str(error)
    free = shutil.disk_usage(path.parent).free
    if free < min_free:
        return f"only {free} bytes free, NEWSCRAWL_MIN_FREE_BYTES is {min_free}"
    return None


def record_path(run_file: Path) -> Path:
    """The run record of a feed file: ``<run file>.run.json``."""
    return run_file.with_name(run_file.name + RECORD_SUFFIX)


class RunRecord:
    """Extension: once a local feed file is complete, records the run that wrote it.

    The record (``<file>.run.json``, :func:`record_path`) holds ``{"runs": [...]}``: one
    entry per run that wrote the file (several when runs append to one file), each with the
    newscrawl version, the spider and its hosts, start and finish, the publication window,
    the source (``live`` or an archive, and the replay server that stood in for it, if any),
    the settings of :data:`RUN_SETTINGS` as the run had them, and its counts.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.finish_reason: str | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """The extension, connected to the spider and feed signals."""
        # Imported here: `newscrawl export` reads records with this module, without Scrapy.
        from scrapy import signals

        record = cls(crawler)
        crawler.signals.connect(record.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(record.feed_slot_closed, signal=signals.feed_slot_closed)
        return record

    def spider_closed(self, spider: Spider, reason: str) -> None:
        """Remember why the crawl finished (before any feed slot closes)."""
        self.finish_reason = reason

    def feed_slot_closed(self, slot: FeedSlot) -> None:
        """Write the record of a local feed file the run has just completed."""
        path = local_path(slot.uri, slot.spider.name)
        if path is None or not path.is_file():
            return
        run = self.describe(slot.spider, slot.itemcount)
        runs = [] if slot.feed_options.get("overwrite") else _earlier_runs(path)
        run["file"] = file_identity(path)
        try:
            _write_json(record_path(path), {"runs": [*runs, run]})
        except OSError as error:
            logger.warning("Cannot write the run record of %s: %s", path, error)

    def describe(self, spider: Spider, lines: int) -> dict[str, Any]:
        """This run: what it crawled, how, and what it counted."""
        from newscrawl.crawler.components import refetching

        settings, values = self.crawler.settings, self.crawler.stats.get_stats()
        window = getattr(spider, "window", None)
        replay = settings.get("NEWSCRAWL_REPLAY_URL")
        profile = getattr(spider, "profile", None)
        return {
            "newscrawl": __version__,
            "spider": spider.name,
            "hosts": list(profile.hosts) if profile else [],
            "job": os.environ.get("SCRAPY_JOB"),
            "started_at": _iso(values.get("start_time")),
            "finished_at": _iso(datetime.now(timezone.utc)),
            "finish_reason": self.finish_reason,
            "window": {
                "since": _iso(window.since) if window else None,
                "until": _iso(window.until) if window else None,
            },
            "languages": sorted(getattr(spider, "languages", ())),
            "refetch": refetching(self.crawler),
            "source": {"kind": str(getattr(spider, "source", None) or "live"), "replay": replay},
            "settings": {name: _typed(settings, name) for name in RUN_SETTINGS},
            "lines": lines,
            "counts": {name: values.get(key, 0) for name, key in _SCRAPY_COUNTS.items()},
            "stats": {key.removeprefix(stats.PREFIX): value for key, value in sorted(values.items())
                      if key.startswith(stats.PREFIX) and isinstance(value, int)},
        }


def _iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).isoformat()


def _typed(settings: BaseSettings, name: str) -> Any:
    """A setting as the crawl reads it (``-s DOWNLOAD_DELAY=0`` is the number 0), typed as
    the project's default is."""
    from scrapy.settings import default_settings

    default = getattr(project_settings, name, getattr(default_settings, name, None))
    if isinstance(default, bool):
        return settings.getbool(name)
    if isinstance(default, int):
        return settings.getint(name)
    if isinstance(default, float):
        return settings.getfloat(name)
    if isinstance(default, list):
        values = settings.getlist(name)
        return [int(value) for value in values] if all(map(_is_int, default)) else values
    return settings.get(name)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def file_identity(path: Path) -> dict[str, Any]:
    """What tells a run file apart from another at its path, or from itself changed: its
    inode, its size and the hash of its first line (an appending run changes only its size)."""
    with path.open("rb") as file:
        first = file.readline(_FIRST_LINE)
    status = path.stat()
    return {"inode": status.st_ino, "size": status.st_size,
            "first_line": hashlib.sha256(first).hexdigest()}


def _earlier_runs(path: Path) -> list[dict[str, Any]]:
    """The runs recorded for ``path`` that wrote the file this run appended to: none when
    the file was replaced since (another inode or first line, or smaller than they left it)."""
    with contextlib.suppress(OSError, ValueError, TypeError, KeyError, IndexError):
        runs = json.loads(record_path(path).read_text("utf-8"))["runs"]
        last, current = runs[-1]["file"], file_identity(path)
        if (last["inode"], last["first_line"]) == (current["inode"], current["first_line"]) and (
            last["size"] <= current["size"]
        ):
            return list(runs)
    return []


def _write_json(path: Path, value: Any) -> None:
    """Replace ``path`` with the JSON of ``value`` at once (a reader never sees half of it)."""
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(json.dumps(value, ensure_ascii=False, indent=1, default=str) + "\n",
                       "utf-8")
    os.replace(partial, path)
