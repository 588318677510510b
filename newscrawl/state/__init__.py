"""Crawl state: what earlier runs fetched and wrote, shared by every run, outlet and worker.

:func:`open_state` is the one place a backend is chosen: Redis for a distributed crawl, else
the SQLite file of the state directory.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

    from newscrawl.state.store import CrawlState


def open_state(settings: BaseSettings) -> CrawlState:
    """The state store of a crawl with these settings, committing every
    ``NEWSCRAWL_STATE_COMMIT_WRITES`` writes."""
    batch = settings.getint("NEWSCRAWL_STATE_COMMIT_WRITES")
    if url := settings.get("NEWSCRAWL_DISTRIBUTED"):
        from newscrawl.state.redis import RedisCrawlState

        return RedisCrawlState.connect(url, batch)
    from newscrawl.state.sqlite import SqliteCrawlState, state_dir

    return SqliteCrawlState(state_dir(settings), batch)
