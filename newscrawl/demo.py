"""The offline demo: replay server + real outlet spiders + one JSON Lines file + a summary."""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy.crawler import CrawlerProcess
from scrapy.utils.project import get_project_settings

from newscrawl.core import stats
from newscrawl.replay.server import ReplayServer

if TYPE_CHECKING:
    from collections.abc import Iterable

SETTINGS_MODULE = "newscrawl.crawler.settings"
# Replay is on loopback: politeness delays would only slow the demo down.
REPLAY_SETTINGS = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "LOG_LEVEL": "ERROR",
}
_HTTP_IGNORED = "httperror/response_ignored_status_count/"
_DROP_PREFIXES = (stats.key("dropped/"), stats.key("skipped/"), _HTTP_IGNORED)


@dataclass
class Summary:
    """What a demo crawl produced, per outlet and overall."""

    articles: Counter[str] = field(default_factory=Counter)
    languages: Counter[str] = field(default_factory=Counter)
    dropped: Counter[str] = field(default_factory=Counter)
    stopped: dict[str, str] = field(default_factory=dict)
    first: datetime | None = None
    last: datetime | None = None

    def add_item(self, item: dict[str, Any]) -> None:
        """Count one written article."""
        self.articles[item["outlet"]] += 1
        self.languages[item["language"]] += 1
        if item.get("published_at"):
            published = datetime.fromisoformat(item["published_at"])
            self.first = min(self.first or published, published)
            self.last = max(self.last or published, published)

    def add_stats(self, outlet: str, figures: dict[str, Any]) -> None:
        """Count the drops and skips of one crawl, by reason, and note an early stop."""
        if (reason := figures.get("finish_reason", "finished")) != "finished":
            self.stopped[outlet] = reason
        for key, value in figures.items():
            if key.startswith(_DROP_PREFIXES):
                reason = key.removeprefix(stats.PREFIX).replace(_HTTP_IGNORED, "http_status/")
                self.dropped[reason] += value

    def render(self, out: Path) -> str:
        """A short human-readable report."""
        total = sum(self.articles.values())
        lines = [f"{total} articles written to {out}"]
        lines += [f"  {outlet}: {count}" for outlet, count in sorted(self.articles.items())]
        languages = ", ".join(f"{lang} {n}" for lang, n in self.languages.most_common())
        lines.append(f"languages: {languages or '-'}")
        if self.first and self.last:
            lines.append(f"published: {self.first.isoformat()} … {self.last.isoformat()}")
        else:
            lines.append("published: -")
        if self.dropped:
            lines.append(f"dropped or skipped: {sum(self.dropped.values())}")
            lines += [f"  {reason}: {n}" for reason, n in sorted(self.dropped.items())]
        else:
            lines.append("dropped or skipped: 0")
        lines += [f"stopped early: {outlet} ({reason})" for outlet, reason in self.stopped.items()]
        return "\n".join(lines)


def run_demo(outlets: Iterable[str], out: Path, snapshots: Path | None = None) -> Summary:
    """Crawl ``outlets`` from the snapshots through the replay server into ``out``."""
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", SETTINGS_MODULE)
    summary = Summary()
    with ReplayServer(snapshots) as server, tempfile.TemporaryDirectory() as workdir:
        settings = get_project_settings()
        # A state of its own: the demo never skips what a user's crawls (or a demo) fetched.
        state = str(Path(workdir) / "state")
        settings.setdict(
            {**REPLAY_SETTINGS, "NEWSCRAWL_REPLAY_URL": server.url, "NEWSCRAWL_STATE_DIR": state},
            priority="cmdline",
        )
        feed = Path(workdir) / "%(name)s.jsonl"
        settings.set("FEEDS", {str(feed): {"format": "jsonlines"}}, priority="cmdline")
        process = CrawlerProcess(settings)
        crawlers = []
        for name in outlets:
            crawler = process.create_crawler(name)
            crawlers.append(crawler)
            process.crawl(crawler)
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
