"""Output that cannot silently fail, checked before the crawl starts: :class:`OutputCheck`
stops the crawl with one clear message and exit status 1 when a local feed file cannot be
created or its disk has less than ``NEWSCRAWL_MIN_FREE_BYTES`` free. Written whole lines only
by :mod:`newscrawl.crawler.feedstorage`."""

from __future__ import annotations

import os
import re
import shutil
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from w3lib.url import file_uri_to_path

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

_PARAM = re.compile(r"%\((\w+)\)[sd]")


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
