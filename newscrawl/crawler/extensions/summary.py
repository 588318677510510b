"""What a crawl does, said in a few lines: as it starts, whether it skips what earlier runs
fetched and why; as it ends, the articles written, the pages skipped as fetched by an earlier
run, the drops by reason and an early stop. ``newscrawl demo`` renders the same
:class:`Summary` over several outlets."""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.extensions.feedexport import FeedExporter
from w3lib.url import file_uri_to_path

from newscrawl.core import stats
from newscrawl.crawler.components import (
    CrawlerComponent,
    complete,
    refetching,
    replaced_feeds,
)
from newscrawl.crawler.extensions.state import state_location

if TYPE_CHECKING:
    from collections.abc import Mapping

    from scrapy import Spider
    from scrapy.crawler import Crawler
    from typing_extensions import Self

logger = logging.getLogger(__name__)

_HTTP_IGNORED = "httperror/response_ignored_status_count/"
_DROP_PREFIXES = (stats.key("dropped/"), stats.key("skipped/"), _HTTP_IGNORED)
_SEEN = stats.key(stats.SKIPPED_SEEN)
AGAIN = "-O FILE writes every article again, -a refetch=1 writes the ones that changed"


@dataclass
class Summary:
    """What one or more crawls produced, per outlet and overall.

    ``seen`` counts the article pages skipped as fetched by an earlier run, ``state`` names
    the crawl state that remembers them.
    """

    articles: Counter[str] = field(default_factory=Counter)
    languages: Counter[str] = field(default_factory=Counter)
    dropped: Counter[str] = field(default_factory=Counter)
    stopped: dict[str, str] = field(default_factory=dict)
    first: datetime | None = None
    last: datetime | None = None
    seen: int = 0
    state: str | None = None

    def add_item(self, item: Mapping[str, Any]) -> None:
        """Count one written article."""
        self.articles[item["outlet"]] += 1
        self.languages[item["language"]] += 1
        if item.get("published_at"):
            published = datetime.fromisoformat(item["published_at"])
            self.first = min(self.first or published, published)
            self.last = max(self.last or published, published)

    def add_stats(self, outlet: str, figures: Mapping[str, Any]) -> None:
        """Count the skips and drops of one crawl, by reason, and note an early stop."""
        if (reason := figures.get("finish_reason", "finished")) != "finished":
            self.stopped[outlet] = reason
        for key, value in figures.items():
            if key == _SEEN:
                self.seen += value
            elif key.startswith(_DROP_PREFIXES):
                reason = key.removeprefix(stats.PREFIX).replace(_HTTP_IGNORED, "http_status/")
                self.dropped[reason] += value

    def render(self, out: object) -> str:
        """A short human-readable report; ``out`` is where the articles were written."""
        total = sum(self.articles.values())
        where = f" (crawl state: {self.state})" if self.state else ""
        lines = [f"{total} articles written to {out}"]
        if self.seen and not total:
            lines += [
                f"No new article: the {self.seen} article pages found were all fetched by an "
                f"earlier run{where}.",
                f"  To write them again: {AGAIN}.",
            ]
        lines += [f"  {outlet}: {count}" for outlet, count in sorted(self.articles.items())]
        languages = ", ".join(f"{lang} {n}" for lang, n in self.languages.most_common())
        lines.append(f"languages: {languages or '-'}")
        if self.first and self.last:
            lines.append(f"published: {self.first.isoformat()} … {self.last.isoformat()}")
        else:
            lines.append("published: -")
        if self.seen and total:
            lines.append(
                f"skipped as fetched by an earlier run: {self.seen} article pages{where}; {AGAIN}"
            )
        if self.dropped:
            lines.append(f"dropped or skipped: {sum(self.dropped.values())}")
            lines += [f"  {reason}: {n}" for reason, n in sorted(self.dropped.items())]
        else:
            lines.append("dropped or skipped: 0")
        lines += [f"stopped early: {outlet} ({reason})" for outlet, reason in self.stopped.items()]
        return "\n".join(lines)


def crawl_mode(crawler: Crawler) -> str:
    """Whether the crawl skips what earlier runs fetched, and why, in one line."""
    state = state_location(crawler.settings)
    if complete(crawler):
        replaced = ", ".join(replaced_feeds(crawler))
        revisions = (
            "; -a refetch=1: the ones that changed are written as revisions"
            if refetching(crawler) else ""
        )
        return (
            f"Complete crawl: -O replaces {replaced}, so every article in reach is fetched and "
            f"written, whatever earlier runs did (crawl state {state}, still updated){revisions}"
        )
    if refetching(crawler):
        return (
            "Refetch (-a refetch=1): every article page is fetched again; the articles that "
            f"changed since an earlier run are written as revisions (crawl state {state})"
        )
    return (
        f"Incremental crawl: article pages earlier runs fetched (crawl state {state}) are "
        f"skipped, only new articles are written; {AGAIN}"
    )


class CrawlSummary(CrawlerComponent):
    """Extension: logs the crawl's mode when the spider opens and its :class:`Summary` when
    it closes, at INFO."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.summary = Summary(state=state_location(crawler.settings))

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """The extension, connected to the spider and item signals."""
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self) -> None:
        """Say which mode the crawl runs in."""
        logger.info("%s", crawl_mode(self.crawler))

    def item_scraped(self, item: Any) -> None:
        """Count a written article."""
        self.summary.add_item(ItemAdapter(item))

    def spider_closed(self, spider: Spider, reason: str) -> None:
        """Log the summary."""
        assert self.crawler.stats is not None
        figures = {**self.crawler.stats.get_stats(), "finish_reason": reason}
        self.summary.add_stats(spider.name, figures)
        outputs = ", ".join(outputs_of(self.crawler)) or "no feed"
        logger.info("Summary of %s: %s", spider.name, self.summary.render(outputs))


def outputs_of(crawler: Crawler) -> list[str]:
    """Where the crawl's feeds write: a path for a local file, else the feed's URI."""
    outputs = []
    for component in crawler.extensions.middlewares:
        if isinstance(component, FeedExporter):
            for slot in component.slots:
                scheme = urlsplit(slot.uri).scheme
                outputs.append(str(Path(file_uri_to_path(slot.uri))) if scheme == "file"
                               else slot.uri)
    return outputs
