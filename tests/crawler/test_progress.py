"""The progress line: on with ``NEWSCRAWL_PROGRESS`` (the CLI turns it on for a terminal), one
line for every crawl of the process, figures read from the stats a few times a second."""

from __future__ import annotations

import fcntl
import io
import json
import os
import pty
import re
import struct
import subprocess
import sys
import termios
import time
from collections import Counter
from typing import TYPE_CHECKING

import pytest
from pydispatch import dispatcher
from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newscrawl.archive.reextract import reextract
from newscrawl.core import stats
from newscrawl.crawler.extensions.progress import CrawlProgress, Figures, figures_of
from tests.golden_pages import PAGES, page_text

if TYPE_CHECKING:
    from pathlib import Path

BAR = re.compile(r"Crawling: (\d+) articles \[[^\]]*?(\d+) pages/min, queue (\d+), errors (\d+)\]")
FAST = ("-s", "NEWSCRAWL_EXTRACTION_WORKERS=0")


def crawl(tmp_path: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], int]:
    """``newscrawl crawl`` of two outlets from the snapshots; its result and the lines written."""
    out = tmp_path / "out.jsonl"
    result = subprocess.run(
        [sys.executable, "-m", "newscrawl.cli", "crawl", "aqnews", "kapital", "--replay",
         "-o", str(out), *FAST, *args],
        cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False,
    )
    assert result.returncode == 0, result.stderr
    return result, len(out.read_text("utf-8").splitlines())


def test_figures_come_from_the_stats() -> None:
    values = {
        "item_scraped_count": 7, "response_received_count": 20, "scheduler/enqueued": 30,
        "scheduler/dequeued": 25, "log_count/ERROR": 1,
        stats.key(stats.download_error("timeout")): 2, stats.key(stats.download_error("dns")): 1,
        stats.key(stats.http_error(404)): 5,
    }
    assert figures_of(values) == Figures(articles=7, pages=20, queue=5, errors=4)
    assert figures_of({}) == Figures()
    assert Figures(1, 2, 3, 4) + Figures(1, 1, 1, 1) == Figures(2, 3, 4, 5)


def test_off_unless_asked_and_nothing_done_per_item() -> None:
    with pytest.raises(NotConfigured):
        CrawlProgress.from_crawler(get_crawler())
    crawler = get_crawler(settings_dict={"NEWSCRAWL_PROGRESS": True})
    extension = CrawlProgress.from_crawler(crawler)

    def listens(signal: object) -> bool:
        receivers = dispatcher.getAllReceivers(crawler.signals.sender, signal)
        return any(getattr(receiver, "__self__", None) is extension
                   for receiver in dispatcher.liveReceivers(receivers))

    assert listens(signals.spider_opened)
    assert listens(signals.spider_closed)
    per_item = (signals.item_scraped, signals.item_dropped, signals.response_received,
                signals.request_scheduled, signals.response_downloaded)
    assert not any(map(listens, per_item))


def test_one_line_for_every_crawl_of_the_process(tmp_path: Path) -> None:
    result, written = crawl(tmp_path, "-s", "NEWSCRAWL_PROGRESS=True")
    bars = BAR.findall(result.stderr)
    assert bars
    articles = [int(bar[0]) for bar in bars]
    assert articles == sorted(articles)
    # One line for both outlets: it ends at every article written, not at one outlet's.
    outlets = Counter(json.loads(line)["outlet"]
                      for line in (tmp_path / "out.jsonl").read_text("utf-8").splitlines())
    assert set(outlets) == {"aqnews", "kapital"}
    assert articles[-1] == written == sum(outlets.values())


def warc_of_pages(path: Path, count: int) -> Path:
    """A WARC file of ``count`` snapshot article pages, as a crawl archives them."""
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for _, url, _file in PAGES[:count]:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                       protocol="HTTP/1.1")
            body = page_text(url).encode("utf-8")
            writer.write_record(writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), http_headers=headers))
    return path


@pytest.mark.parametrize("progress", [True, False])
def test_reextract_shows_a_bar_when_asked(
    progress: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    warc = warc_of_pages(tmp_path / "pages.warc.gz", 6)
    summary = reextract([warc], tmp_path / "out.jsonl", progress=progress)
    assert summary.responses == 6
    shown = capsys.readouterr().err
    if not progress:
        assert shown == ""
        return
    last = shown.rsplit("\r", 1)[-1]
    assert last.startswith("Re-extracting: 100%")
    assert f"6 responses, {summary.articles} articles]" in last


def run_in_terminal(args: list[str], cwd: Path) -> tuple[int, str]:
    """Run ``args`` with stdout and stderr on a pseudo-terminal; its status and output."""
    leader, follower = pty.openpty()
    # A new terminal is 0 columns wide: tqdm would fit its line into nothing.
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 200, 0, 0))
    process = subprocess.Popen(args, cwd=cwd, stdin=subprocess.DEVNULL, stdout=follower,
                               stderr=follower)
    os.close(follower)
    output = bytearray()
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed: the process ended
            break
        if not chunk:
            break
        output += chunk
    os.close(leader)
    return process.wait(timeout=10), output.decode("utf-8", "replace")


@pytest.mark.e2e
@pytest.mark.parametrize("command", [
    ["demo", "--outlet", "aqnews", "--outlet", "kapital", "--out", "demo.jsonl"],
    ["crawl", "aqnews", "kapital", "--replay", "-o", "demo.jsonl", *FAST],
])
def test_a_terminal_shows_one_line_and_quiet_hides_it(command: list[str], tmp_path: Path) -> None:
    status, shown = run_in_terminal([sys.executable, "-m", "newscrawl.cli", *command], tmp_path)
    assert status == 0, shown
    written = len((tmp_path / "demo.jsonl").read_text("utf-8").splitlines())
    assert int(BAR.findall(shown)[-1][0]) == written
    status, shown = run_in_terminal(
        [sys.executable, "-m", "newscrawl.cli", *command, "--quiet"], tmp_path)
    assert status == 0, shown
    assert "Crawling" not in shown
