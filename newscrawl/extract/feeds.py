"""Feed entry dates: only counted, since article dates come from the article pages."""

from __future__ import annotations

from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from parsel import Selector

# Namespaces already removed: ``dc:date`` is ``date``.
_DATES = "//item/pubDate | //item/date | //entry/published | //entry/updated"


def unreadable_dates(feed: Selector) -> int:
    """How many entry dates of ``feed`` (namespaces removed) are neither RFC 822 nor ISO 8601."""
    return sum(not _readable(text) for text in feed.xpath(_DATES).xpath("string()").getall())


def _readable(text: str) -> bool:
    text = text.strip()
    try:
        parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        try:
            datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return False
    return True
