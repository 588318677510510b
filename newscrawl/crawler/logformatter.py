"""Scrapy's log lines about items, naming an item by its URL: an article's body never reaches
the log."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from itemadapter import ItemAdapter, is_item
from scrapy.logformatter import LogFormatter, LogFormatterResult

from newscrawl.crawler.components import Dropped

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.http import Response
    from twisted.python.failure import Failure


class ItemLogFormatter(LogFormatter):
    """``LOG_FORMATTER``: a dropped item is one line with its reason and URL, at the level of
    its reason (:class:`~newscrawl.core.stats.DropReason`); an item that broke a pipeline is
    named by its URL."""

    def dropped(
        self,
        item: Any,
        exception: BaseException,
        response: Response | Failure | None,
        spider: Spider,
    ) -> LogFormatterResult:
        result = super().dropped(item, exception, response, spider)
        if isinstance(exception, Dropped):
            return {**result, "msg": "Dropped: %(exception)s", "args": {"exception": exception}}
        return {
            **result,
            "msg": "Dropped: %(exception)s (%(item)s)",
            "args": {"exception": exception, "item": item_name(item)},
        }

    def item_error(
        self,
        item: Any,
        exception: BaseException,
        response: Response | Failure | None,
        spider: Spider,
    ) -> LogFormatterResult:
        result = super().item_error(item, exception, response, spider)
        return {**result, "args": {"item": item_name(item)}}


def item_name(item: Any) -> str:
    """An item in a log line: its URL, else its type."""
    url = ItemAdapter(item).get("url") if is_item(item) else None
    return str(url) if url else type(item).__name__
