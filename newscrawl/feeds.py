"""Feed storage that never leaves half a JSON line behind, even when the crawl is killed."""

from __future__ import annotations

from pathlib import Path
from typing import IO, TYPE_CHECKING

from scrapy.extensions.feedexport import FileFeedStorage

if TYPE_CHECKING:
    from scrapy import Spider


class LineSafeFileFeedStorage(FileFeedStorage):
    """Scrapy's local file storage, unbuffered.

    Line exporters write each item with one ``write()``; unbuffered, that is one system
    call, so a killed crawl leaves whole lines only (a buffered file flushes at 8 KiB
    boundaries, cutting lines), and every line on disk is an item the crawl has finished.
    """

    def open(self, spider: Spider) -> IO[bytes]:
        path = Path(self.path)
        path.parent.mkdir(parents=True, exist_ok=True)
        return path.open(self.write_mode, buffering=0)
