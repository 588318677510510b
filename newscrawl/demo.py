"""The offline demo: replay server + real outlet spiders + one JSON Lines file + a summary."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from scrapy.crawler import CrawlerProcess
from scrapy.utils.project import get_project_settings

from newscrawl.core.settings import defaults
from newscrawl.crawler.extensions.summary import Summary
from newscrawl.crawler.sources import LIVE, check_source
from newscrawl.replay.server import ReplayServer

if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

SETTINGS_MODULE = "newscrawl.crawler.settings"
# Replay is on loopback: politeness delays would only slow the demo down.
REPLAY_SETTINGS = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "LOG_LEVEL": "ERROR",
}
# The archives the replay plays are on loopback too: no delay, a few requests at a time.
REPLAY_ARCHIVE_SLOT = {"concurrency": 4, "delay": 0}


def replay_settings(source: str = LIVE) -> dict[str, Any]:
    """The settings of a crawl of ``source`` through the replay server."""
    if check_source(source) == LIVE:
        return dict(REPLAY_SETTINGS)
    slots = {name: dict(REPLAY_ARCHIVE_SLOT) for name in defaults()["NEWSCRAWL_ARCHIVE_SLOTS"]}
    return {**REPLAY_SETTINGS, "NEWSCRAWL_ARCHIVE_SLOTS": slots}


def run_demo(
    outlets: Iterable[str],
    out: Path,
    snapshots: Path | None = None,
    progress: bool = False,
    source: str = LIVE,
) -> Summary:
    """Crawl ``outlets`` from the snapshots through the replay server into ``out``; with
    ``progress``, one progress line on stderr for them all. ``source`` is where the pages
    are read: the replayed sites, or an archive the replay plays (``commoncrawl``,
    ``wayback``)."""
    source = check_source(source)
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", SETTINGS_MODULE)
    summary = Summary()
    with ReplayServer(snapshots) as server, tempfile.TemporaryDirectory() as workdir:
        settings = get_project_settings()
        # A state of its own: the demo never skips what a user's crawls (or a demo) fetched.
        state = str(Path(workdir) / "state")
        settings.setdict(
            {**replay_settings(source), "NEWSCRAWL_REPLAY_URL": server.url,
             "NEWSCRAWL_STATE_DIR": state, "NEWSCRAWL_PROGRESS": progress},
            priority="cmdline",
        )
        feed = Path(workdir) / "%(name)s.jsonl"
        settings.set("FEEDS", {str(feed): {"format": "jsonlines"}}, priority="cmdline")
        process = CrawlerProcess(settings)
        crawlers = []
        for name in outlets:
            crawler = process.create_crawler(name)
            crawlers.append(crawler)
            process.crawl(crawler, source=source)
        process.start()
        for crawler in crawlers:
            assert crawler.stats is not None
            summary.add_stats(crawler.spider.name, crawler.stats.get_stats())
        _merge(sorted(Path(workdir).glob("*.jsonl")), out, summary)
    return summary


def _merge(parts: list[Path], out: Path, summary: Summary) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f".{out.name}.partial")
    with partial.open("w", encoding="utf-8") as sink:
        for part in parts:
            for line in part.read_text("utf-8").splitlines():
                summary.add_item(json.loads(line))
                sink.write(line + "\n")
    partial.replace(out)
