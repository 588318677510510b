"""The crawl's stats collector: Scrapy's in-memory one, read without a hook."""

from __future__ import annotations

from scrapy.statscollectors import MemoryStatsCollector


class StatsCollector(MemoryStatsCollector):
    """Scrapy's :class:`~scrapy.statscollectors.MemoryStatsCollector` without the attribute
    hook of its base class, which on every attribute read looks for a cached wrapper (raising
    and catching ``AttributeError`` for any other name) and wraps each method to warn about
    a ``spider`` argument. The crawl counts several things per page; nothing in it passes
    ``spider``."""

    __getattribute__ = object.__getattribute__
