"""The feed storage of local files: whole lines only, whatever happens to a write.

:class:`WholeLineFileStorage` writes each JSON line with one system call and, when a write
fails (disk full), cuts the file back to its last whole line; a JSON Lines file left with a
partial last line by a killed run is repaired when a later run appends to it.
"""

from __future__ import annotations

import io
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy.extensions.feedexport import FileFeedStorage

from newscrawl.crawler.extensions.state import crawl_state

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

_CHUNK = 64 * 1024


class WholeLineFile(io.RawIOBase):
    """A binary file that holds only whole lines, whatever happens to a write."""

    def __init__(self, path: Path, mode: str, *, repair: bool = True) -> None:
        super().__init__()
        flags = os.O_RDWR | os.O_CREAT | (os.O_TRUNC if mode.startswith("w") else 0)
        self.path = path
        self.fd = os.open(path, flags, 0o644)
        self.size = os.lseek(self.fd, 0, os.SEEK_END)
        if repair:
            self._drop_partial_line()

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self.fd

    def write(self, data: Any) -> int:
        """Append ``data`` whole, or leave the file as it was and raise."""
        # The crawls of several outlets in one process (`newscrawl crawl -o`) share the file.
        self.size = os.fstat(self.fd).st_size
        view, start = memoryview(data).cast("B"), self.size
        try:
            while view:
                written = os.pwrite(self.fd, view, self.size)
                self.size += written
                view = view[written:]
        except OSError:
            os.ftruncate(self.fd, start)
            self.size = start
            raise
        return len(data)

    def close(self) -> None:
        if not self.closed:
            os.close(self.fd)
        super().close()

    def _drop_partial_line(self) -> None:
        end = self.size
        while end > 0:
            begin = max(0, end - _CHUNK)
            chunk = os.pread(self.fd, end - begin, begin)
            newline = chunk.rfind(b"\n")
            if newline >= 0:
                keep = begin + newline + 1
                break
            end = begin
        else:
            keep = 0
        if keep == self.size:
            return
        logger.warning("Removing a partial last line (%d bytes) from %s, left by an earlier run",
                       self.size - keep, self.path)
        os.ftruncate(self.fd, keep)
        self.size = keep


class WholeLineFileStorage(FileFeedStorage):
    """Scrapy's local file feed storage, writing through :class:`WholeLineFile`; a JSON Lines
    file appended to is first repaired."""

    def __init__(
        self,
        uri: str,
        *,
        feed_options: dict[str, Any] | None = None,
        crawler: Crawler | None = None,
    ) -> None:
        super().__init__(uri, feed_options=feed_options)
        self.json_lines = (feed_options or {}).get("format") in ("jsonlines", "jl")
        self.crawler = crawler

    @classmethod
    def from_crawler(
        cls, crawler: Crawler, uri: str, *, feed_options: dict[str, Any] | None = None
    ) -> WholeLineFileStorage:
        """The storage of one crawl's feed."""
        return cls(uri, feed_options=feed_options, crawler=crawler)

    def open(self, spider: Spider) -> Any:
        """The output file, its directory created and registered in the crawl state.

        The crawl state checks a registered file after a kill
        (:meth:`newscrawl.state.store.CrawlState.recover`).
        """
        path = Path(self.path).absolute()
        path.parent.mkdir(parents=True, exist_ok=True)
        if self.crawler is not None:
            crawl_state(self.crawler).add_feed(path)
        return WholeLineFile(path, self.write_mode, repair=self.json_lines)
