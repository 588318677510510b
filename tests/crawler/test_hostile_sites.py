"""Hostile sites, crawled with ``scrapy crawl site``: what they ask for is never fetched, each
refusal is counted, and every crawl ends on its own within seconds.

The sites are in ``tests/fixtures/sites/``: ``badrobots.kz`` names ``file://``, ``data:``,
other-port and user-info sitemaps in its robots.txt, ``deepmaps.kz`` nests 30 sitemap indexes,
``endlessdays.kz`` has a day archive whose every page links to the day before. ``localsite`` is
served at the root of a plain HTTP server on 127.0.0.1, without the replay server, so the crawl
connects to a loopback address itself.
"""

from __future__ import annotations

import re
import subprocess
import sys
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from newscrawl.replay.server import ReplayServer
from tests.crawls import ROOT, Crawl, run_crawl

if TYPE_CHECKING:
    from collections.abc import Iterator

pytestmark = pytest.mark.e2e

SITES = Path(__file__).parent.parent / "fixtures" / "sites"
# Seconds a crawl of one small hostile site may take, start-up included, on a busy machine.
QUICK = 60


class RecordingReplay:
    """The replay server over the test sites, keeping every ``host/path?query`` it is asked."""

    def __init__(self) -> None:
        self.server = ReplayServer(SITES)
        self.requests: list[str] = []
        reply = self.server.snapshots.reply

        def recording(host: str, path: str, query: str, *args: Any, **kwargs: Any) -> Any:
            self.requests.append(f"{host}{path}" + (f"?{query}" if query else ""))
            return reply(host, path, query, *args, **kwargs)

        self.server.snapshots.reply = recording  # type: ignore[method-assign]

    def crawl(self, workdir: Path, url: str, *settings: str) -> tuple[Crawl, float]:
        """``scrapy crawl site -a url=…`` through the server, and its duration in seconds."""
        started = time.monotonic()
        crawl = run_crawl(
            "site", self.server, workdir, "LOG_LEVEL=DEBUG", *settings, arguments={"url": url}
        )
        return crawl, time.monotonic() - started


@pytest.fixture
def replay() -> Iterator[RecordingReplay]:
    recording = RecordingReplay()
    with recording.server:
        yield recording


def crawled(crawl: Crawl) -> list[str]:
    """The URLs the crawl downloaded, by its log."""
    return re.findall(r"Crawled \(\d+\) <GET (\S+)>", crawl.log)


def ends_on_its_own(crawl: Crawl, seconds: float) -> None:
    assert "Closing spider (finished)" in crawl.log
    assert seconds < QUICK
    assert "Traceback" not in crawl.log


def test_sitemaps_on_other_schemes_ports_or_with_user_info_are_never_fetched(
    replay: RecordingReplay, tmp_path: Path
) -> None:
    crawl, seconds = replay.crawl(tmp_path, "https://badrobots.kz/")
    assert [item["url"] for item in crawl.items] == [
        "https://badrobots.kz/news/1001-v-centre-otkryli-novuyu-biblioteku/"
    ]
    # The default port is the site's own: that sitemap is read (replay has no copy of it).
    assert "badrobots.kz:443/sitemap-default-port.xml" in replay.requests
    hosts = {request.split("/", 1)[0] for request in replay.requests}
    assert hosts == {"badrobots.kz", "badrobots.kz:443"}
    assert all(url.startswith("https://badrobots.kz") for url in crawled(crawl))
    assert "hostname: not a sitemap" not in crawl.log
    assert crawl.stats["newscrawl/refused/scheme"] == 1
    # Two sitemaps on other ports, one with user info, one article on another port.
    assert crawl.stats["newscrawl/refused/offsite"] == 4
    refusals = [line for line in crawl.log.splitlines() if ": refused/" in line]
    assert len(refusals) == 5
    assert any("Failed file://badrobots.kz/etc/hostname: refused/scheme" in line
               for line in refusals)
    assert any("Failed http://badrobots.kz:6800/listjobs.json: refused/offsite" in line
               for line in refusals)
    assert any("editor@badrobots.kz" in line for line in refusals)
    ends_on_its_own(crawl, seconds)


# (sitemap levels read, sitemaps not read, articles): level-1.xml names level-2.xml and
# news.xml, the one article's sitemap; past depth 1, neither is read.
@pytest.mark.parametrize(("depth", "expected"), [(None, (5, 1, 1)), (1, (2, 2, 0))])
def test_nested_sitemap_indexes_are_read_down_to_the_depth_limit(
    replay: RecordingReplay, tmp_path: Path, depth: int | None, expected: tuple[int, int, int]
) -> None:
    levels, too_deep, articles = expected
    settings = [f"NEWSCRAWL_SITEMAP_DEPTH={depth}"] if depth is not None else []
    crawl, seconds = replay.crawl(tmp_path, "https://deepmaps.kz/", *settings)
    read = re.findall(r"deepmaps\.kz/sitemaps/level-(\d+)\.xml", "\n".join(replay.requests))
    assert sorted(map(int, read)) == list(range(levels))
    assert crawl.stats["newscrawl/sitemap/too_deep"] == too_deep
    assert f"nested deeper than {depth or 4} below the first" in crawl.log
    expected_items = ["https://deepmaps.kz/news/2001-v-centre-otkryli-novuyu-biblioteku/"]
    assert [item["url"] for item in crawl.items] == expected_items[:articles]
    ends_on_its_own(crawl, seconds)


def test_an_endless_day_archive_stops_at_the_listing_page_limit(
    replay: RecordingReplay, tmp_path: Path
) -> None:
    crawl, seconds = replay.crawl(tmp_path, "https://endlessdays.kz/")
    days = re.findall(r"endlessdays\.kz/archive/day-(\d+)/", "\n".join(replay.requests))
    # The site profile's max_listing_pages: the section's first page and nine more.
    assert sorted(map(int, days)) == list(range(1, 11))
    assert crawl.stats["newscrawl/listing/page_limit"] == 1
    assert "Not following https://endlessdays.kz/archive/day-11/: listing page limit 10" in (
        crawl.log
    )
    # Only the home page's first page is scanned for sections, not its second.
    assert "endlessdays.kz/?page=2" in replay.requests
    assert "endlessdays.kz/hidden-section/" not in replay.requests
    assert {item["url"] for item in crawl.items} == {
        "https://endlessdays.kz/news/3001-na-marshruty-vyshli-novye-avtobusy/",
        "https://endlessdays.kz/news/3002-v-centre-otkryli-novuyu-biblioteku/",
    }
    ends_on_its_own(crawl, seconds)


class _Recording(SimpleHTTPRequestHandler):
    server: _LocalSite

    def do_GET(self) -> None:
        self.server.paths.append(self.path)
        super().do_GET()

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _LocalSite(ThreadingHTTPServer):
    daemon_threads = True
    paths: list[str]


@pytest.fixture
def local_site() -> Iterator[_LocalSite]:
    """``localsite`` at the root of an HTTP server on 127.0.0.1 that records request paths."""
    server = _LocalSite(("127.0.0.1", 0), partial(_Recording, directory=str(SITES / "localsite")))
    server.paths = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def crawl_directly(url: str, workdir: Path, *settings: str) -> tuple[Crawl, float]:
    """``scrapy crawl site -a url=…`` on the network, without the replay server."""
    out, log = workdir / "site.jsonl", workdir / "site.log"
    command = [
        sys.executable, "-m", "scrapy", "crawl", "site", "-O", str(out), "-a", f"url={url}",
        "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", f"LOG_FILE={log}",
        "-s", f"NEWSCRAWL_STATE_DIR={workdir / 'state'}", "-s", "LOG_LEVEL=DEBUG",
        *(arg for setting in settings for arg in ("-s", setting)),
    ]
    started = time.monotonic()
    subprocess.run(command, cwd=ROOT, check=True, timeout=120)
    return Crawl.read(out, log.read_text("utf-8")), time.monotonic() - started


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_a_site_on_a_loopback_address_is_refused_by_default(
    local_site: _LocalSite, tmp_path: Path, host: str
) -> None:
    url = f"http://{host}:{local_site.server_address[1]}/"
    crawl, seconds = crawl_directly(url, tmp_path)
    assert local_site.paths == []
    assert crawl.items == []
    assert crawl.stats["newscrawl/refused/address"] >= 1
    assert not any(key.startswith("newscrawl/download_error/") for key in crawl.stats)
    spelled = "is" if host == "127.0.0.1" else "resolves to 127.0.0.1,"
    assert f"Failed {url}: refused/address ({host} {spelled} a loopback address)" in crawl.log
    ends_on_its_own(crawl, seconds)


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_allowed_addresses_let_a_crawl_reach_a_local_site(
    local_site: _LocalSite, tmp_path: Path, host: str
) -> None:
    port = local_site.server_address[1]
    crawl, seconds = crawl_directly(
        f"http://{host}:{port}/", tmp_path, "NEWSCRAWL_ALLOWED_ADDRESSES=127.0.0.1/32"
    )
    article = "/news/4001-sneg-i-gololyod-ozhidayutsya-v-vyhodnye/"
    assert [item["url"] for item in crawl.items] == [f"http://{host}:{port}{article}"]
    assert {"/robots.txt", "/", article} <= set(local_site.paths)
    assert "newscrawl/refused/address" not in crawl.stats
    # robots.txt names a sitemap on another port of the site, the home page links to an
    # article there: neither is ever connected to.
    assert not any(key.startswith("newscrawl/download_error/") for key in crawl.stats)
    assert all(url.startswith(f"http://{host}:{port}/") for url in crawled(crawl))
    assert crawl.stats["newscrawl/refused/offsite"] == 1
    assert f"Failed http://{host}:9/sitemap.xml: refused/offsite" in crawl.log
    ends_on_its_own(crawl, seconds)
