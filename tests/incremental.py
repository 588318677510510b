"""Helpers for crawls that share a state: run one, read its stats, edit a snapshot copy."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

ROOT = Path(__file__).parent.parent
SNAPSHOTS = Path(str(files("newscrawl").joinpath("replay/snapshots")))
_STAT = re.compile(r"^\s*'([^']+)': (\d+),?$", re.MULTILINE)


@dataclass
class Run:
    items: list[dict[str, object]]
    raw: str
    stats: dict[str, int]
    log: str


def stats_of(log: str) -> dict[str, int]:
    """The integer stats of the last stats dump in a Scrapy log."""
    dump = log.rsplit("Dumping Scrapy stats:", 1)[-1]
    return {key: int(value) for key, value in _STAT.findall(dump)}


def crawl(outlet: str, replay_url: str, state: Path, out: Path, *args: str) -> Run:
    """``scrapy crawl outlet`` against a replay server with ``state``; extra CLI ``args``."""
    log = out.with_suffix(".log")
    command = [
        sys.executable, "-m", "scrapy", "crawl", outlet, "-O", str(out),
        "-s", f"REPLAY_URL={replay_url}", "-s", "DOWNLOAD_DELAY=0",
        "-s", "AUTOTHROTTLE_ENABLED=False", "-s", f"LOG_FILE={log}",
        "-s", f"NEWSCRAWL_STATE_DIR={state}", *args,
    ]
    subprocess.run(command, cwd=ROOT, check=True, timeout=120)
    raw = out.read_text("utf-8")
    text = log.read_text("utf-8")
    assert "Traceback" not in text
    return Run([json.loads(line) for line in raw.splitlines()], raw, stats_of(text), text)


def copy_snapshots(target: Path) -> Path:
    """A copy of the bundled snapshots that a test may edit."""
    shutil.copytree(SNAPSHOTS, target)
    return target


def edit(path: Path, old: str, new: str, count: int = -1) -> None:
    """Replace ``old`` (which must be there) with ``new`` in a snapshot file, ``count`` times
    (default: everywhere)."""
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), "utf-8")


_WORDS = [
    "город", "область", "район", "школа", "больница", "дорога", "мост", "парк", "завод",
    "рынок", "совет", "суд", "депутат", "аким", "министр", "жители", "водитель", "врач",
    "учитель", "студент", "фермер", "строитель", "инженер", "полиция", "бюджет", "закон",
    "проект", "план", "отчет", "проверка", "ремонт", "строительство", "открытие", "решение",
    "новый", "старый", "большой", "малый", "местный", "областной", "городской", "весенний",
    "летний", "осенний", "получил", "открыл", "закрыл", "начал", "завершил", "выделил",
    "обсудил", "утвердил", "проверил", "построил", "вчера", "сегодня", "утром", "вечером",
    "недавно", "впервые", "снова", "также", "однако", "поэтому"
]


def add_generated_articles(site: Path, count: int) -> list[str]:
    """Add ``count`` distinct Russian article pages to an aqnews.kz snapshot copy, linked
    from its Russian feed; their URLs. The text is random words, for crawl mechanics only."""
    import random

    template = (site / "ru/sport/123406-sbornaya-kazakhstana-po-futzalu-vyshla-v-final/index.html")
    html = template.read_text("utf-8")
    old_url = "https://aqnews.kz/ru/sport/123406-sbornaya-kazakhstana-po-futzalu-vyshla-v-final/"
    urls, links = [], []
    for number in range(count):
        rng = random.Random(number)
        path = f"ru/sport/{200000 + number}-generated-{number}/"
        url = f"https://aqnews.kz/{path}"
        paragraphs = iter(
            " ".join(rng.choices(_WORDS, k=25)).capitalize() + "." for _ in range(4)
        )
        page = re.sub(r"<p>[^<]*</p>", lambda _, p=paragraphs: f"<p>{next(p)}</p>",
                      html.replace(old_url, url))
        (site / path).mkdir(parents=True)
        (site / path / "index.html").write_text(page, "utf-8")
        urls.append(url)
        links.append(f"<item><link>{url}</link></item>")
    edit(site / "ru" / "rss.xml", "<item>", "".join(links) + "<item>", count=1)
    return urls
