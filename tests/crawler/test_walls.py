"""A walled outlet, crawled with ``scrapy crawl site``: each challenge page is refused once as
``blocked/<vendor>``, never retried nor extracted, and crawl health fails the run.

``tests/fixtures/sites/zaslon.kz`` lists six article pages in its sitemap and on its home page:
DDoS-Guard answers three with its browser check (403), Cloudflare the other three with its
"Just a moment..." page in "I'm Under Attack" mode (503, retried by default), one of them
gzip-compressed as Cloudflare sends it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from newscrawl.replay.server import ReplayServer
from tests.crawls import Crawl, run_crawl

if TYPE_CHECKING:
    from collections.abc import Iterator

pytestmark = pytest.mark.e2e

SITES = Path(__file__).parent.parent / "fixtures" / "sites"
WALLED = {
    "5001-v-almaty-otkryli-novyj-park": "ddos_guard",
    "5002-na-trasse-ustanovili-novye-kamery": "ddos_guard",
    "5003-v-shkolah-nachalis-kanikuly": "ddos_guard",
    "5004-aeroport-prinyal-pervyj-rejs": "cloudflare",
    "5005-v-gorode-zapustili-novyj-tramvaj": "cloudflare",
    "5006-v-oblasti-sobrali-rekordnyj-urozhaj": "cloudflare",
}
HINT = "set needs_js in its profile to render its pages in a browser"


@pytest.fixture(scope="module")
def walled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Crawl, list[str]]]:
    """The crawl of the walled site, and every ``host/path`` the replay server was asked."""
    server = ReplayServer(SITES)
    asked: list[str] = []
    reply = server.snapshots.reply

    def recording(host: str, path: str, *args: Any, **kwargs: Any) -> Any:
        asked.append(host + path)
        return reply(host, path, *args, **kwargs)

    server.snapshots.reply = recording  # type: ignore[method-assign]
    with server:
        work = tmp_path_factory.mktemp("walls")
        yield run_crawl("site", server, work, arguments={"url": "https://zaslon.kz/"}), asked


def test_each_challenge_page_is_counted_under_its_vendor(walled: tuple[Crawl, list[str]]) -> None:
    crawl, _ = walled
    assert crawl.stats["newscrawl/blocked/ddos_guard"] == 3
    assert crawl.stats["newscrawl/blocked/cloudflare"] == 3
    assert not any(key.startswith("newscrawl/http_error/") and key.endswith(("403", "503"))
                   for key in crawl.stats)
    assert crawl.items == []
    assert "newscrawl/articles_extracted" not in crawl.stats
    assert "Traceback" not in crawl.log


def test_one_line_per_page_names_the_vendor_and_the_outlet(walled: tuple[Crawl, list[str]]) -> None:
    crawl, _ = walled
    lines = [line for line in crawl.log.splitlines() if ": blocked/" in line]
    assert len(lines) == len(WALLED)
    for slug, vendor in WALLED.items():
        (line,) = [line for line in lines if f"/news/{slug}/" in line]
        assert f"Failed https://zaslon.kz/news/{slug}/: blocked/{vendor} " in line
        assert f"(bot wall of {vendor} in front of site" in line
    # How to get past it is said once per crawl, not per page.
    assert sum(HINT in line for line in lines) == 1


def test_a_challenge_is_never_fetched_again(walled: tuple[Crawl, list[str]]) -> None:
    crawl, asked = walled
    for slug in WALLED:
        assert asked.count(f"zaslon.kz/news/{slug}/") == 1
    assert crawl.stats["downloader/response_status_count/503"] == 3
    assert crawl.stats["downloader/response_status_count/403"] == 3
    assert "retry/count" not in crawl.stats
    assert not any(key.startswith("newscrawl/backoff/") for key in crawl.stats)
    assert not re.search(r"Retrying|Backing off|Gave up retrying", crawl.log)


def test_crawl_health_fails_the_walled_run(
    walled: tuple[Crawl, list[str]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    crawl, _ = walled
    report_path = next(tmp_path_factory.getbasetemp().glob("walls*/site.health.json"))
    report = json.loads(report_path.read_text("utf-8"))
    assert report["summary"]["blocked"] == 6
    assert "blocked" in report["failed"]
    check = next(check for check in report["checks"] if check["check"] == "blocked")
    assert check["figure"] == "100% (6 of 6)"
    assert check["threshold"] == "<= 50%"
    assert re.search(r"^blocked +FAIL +100% \(6 of 6\) +<= 50%$", crawl.log, re.MULTILINE)
