"""Feed storage that never leaves half a JSON line behind, even when the crawl is killed."""

from __future__ import annotations

from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from scrapy.extensions.feedexport import FileFeedStorage

from newscrawl.state import crawl_state

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler
    from typing_extensions import Self


class LineSafeFileFeedStorage(FileFeedStorage):
    """Scrapy's local file storage, unbuffered.

    Line exporters write each item with one ``write()``; unbuffered, that is one system
    call, so a killed crawl leaves whole lines (a buffered file flushes at 8 KiB boundaries,
    cutting lines) and every item it finished is on disk. The file is registered in the
    crawl state, which checks it after a kill (:meth:`newscrawl.state.CrawlState.recover`).
    """

    def __init__(
        self, uri: str, *, feed_options: dict[str, Any] | None = None,
        crawler: Crawler | None = None,
    ) -> None:
        super().__init__(uri, feed_options=feed_options)
        self.crawler = crawler

    @classmethod
    def from_crawler(
        cls, crawler: Crawler, uri: str, *, feed_options: dict[str, Any] | None = None
    ) -> Self:
        """The storage of one crawl's feed."""
        return cls(uri, feed_options=feed_options, crawler=crawler)

    def open(self, spider: Spider) -> IO[bytes]:
        path = Path(self.path).absolute()
        path.parent.mkdir(parents=True, exist_ok=True)
        if self.crawler is not None:
            crawl_state(self.crawler).add_feed(path)
        return path.open(self.write_mode, buffering=0)
