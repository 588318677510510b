"""Crawl several outlets at once in this process, for the tests (``tests.crawls.crawl_outlets``).

``python -m tests.crawl_outlets REPLAY_URL WORKDIR OUTLET...`` writes ``WORKDIR/<outlet>.jsonl``,
``<outlet>.stats.json`` and ``<outlet>.hosts.json``, and one log, ``WORKDIR/crawl.log``.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from scrapy.crawler import CrawlerProcess
from scrapy.utils.project import get_project_settings


def main(replay_url: str, workdir: Path, outlets: list[str]) -> None:
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "newscrawl.crawler.settings")
    settings = get_project_settings()
    settings.setdict({
        "NEWSCRAWL_REPLAY_URL": replay_url,
        "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": False,
        "NEWSCRAWL_STATE_DIR": str(workdir / "state"),
        # One pool of workers per crawl would start two processes per outlet.
        "NEWSCRAWL_EXTRACTION_WORKERS": 0,
        "FEEDS": {str(workdir / "%(name)s.jsonl"): {"format": "jsonlines"}},
        "LOG_FILE": str(workdir / "crawl.log"),
    }, priority="cmdline")
    process = CrawlerProcess(settings)
    crawlers = {name: process.create_crawler(name) for name in outlets}
    for crawler in crawlers.values():
        process.crawl(crawler)
    process.start()
    for name, crawler in crawlers.items():
        assert crawler.stats is not None
        figures = {k: v for k, v in crawler.stats.get_stats().items() if isinstance(v, int)}
        (workdir / f"{name}.stats.json").write_text(json.dumps(figures), "utf-8")
        hosts = list(crawler.spidercls.profile.hosts)  # type: ignore[attr-defined]
        (workdir / f"{name}.hosts.json").write_text(json.dumps(hosts), "utf-8")


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]), sys.argv[3:])
