"""Helpers for crawls that share a state: run one, edit a snapshot copy, add pages to it."""

from __future__ import annotations

import re
import shutil
from importlib.resources import files
from pathlib import Path

from tests.crawls import Crawl, scrapy_crawl

SNAPSHOTS = Path(str(files("newscrawl").joinpath("replay/snapshots")))


def crawl(outlet: str, replay_url: str, state: Path, out: Path, *args: str) -> Crawl:
    """``scrapy crawl outlet`` against a replay server with ``state``; extra CLI ``args``."""
    run = scrapy_crawl(outlet, replay_url, out, state, *args)
    assert "Traceback" not in run.log
    return run


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
