"""Bot walls: each vendor's challenge page is named, pages that only look like one are not.

The pages are served by ``tests/fixtures/sites/zaslon.kz``: ``/walls/<vendor>/…`` answer a
vendor's challenge or block page (markup of our own, modelled on the real one) with its
status and headers, ``/lookalikes/…`` pages that carry a vendor's marks and are no wall.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from newscrawl.extract.walls import BODY_WINDOW, wall_vendor
from newscrawl.replay.server import Snapshots

SITE = "zaslon.kz"
FOLDER = Path(__file__).parent.parent / "fixtures" / "sites"
SNAPSHOTS = Snapshots(FOLDER)
WALLS = sorted(path for path in SNAPSHOTS.routes[SITE] if path.startswith("/walls/"))
LOOKALIKES = sorted(path for path in SNAPSHOTS.routes[SITE] if path.startswith("/lookalikes/"))


def answer(path: str) -> tuple[int, dict[str, str], bytes]:
    """Status, headers (lower-cased names) and body the site answers at ``path``."""
    reply = SNAPSHOTS.reply(SITE, path, "", None)
    return reply.status, {name.lower(): value for name, value in reply.headers.items()}, reply.body


def test_every_vendor_has_a_wall_page() -> None:
    vendors = {path.split("/")[2] for path in WALLS}
    assert vendors == {"cloudflare", "ddos_guard", "qrator", "variti", "servicepipe"}


@pytest.mark.parametrize("path", WALLS)
def test_a_challenge_page_names_its_vendor(path: str) -> None:
    assert wall_vendor(*answer(path)) == path.split("/")[2]


@pytest.mark.parametrize("path", LOOKALIKES)
def test_a_page_behind_a_vendor_is_no_wall(path: str) -> None:
    status, headers, body = answer(path)
    assert headers["server"] in ("cloudflare", "ddos-guard", "QRATOR")
    assert wall_vendor(status, headers, body) is None


def test_the_article_behind_cloudflare_carries_its_cookie_and_detection_script() -> None:
    for path in ("/lookalikes/cloudflare-article/", "/lookalikes/cloudflare-brief/"):
        _, headers, body = answer(path)
        assert headers["set-cookie"].startswith("__cf_bm=")
        assert b"/cdn-cgi/challenge-platform/" in body


def test_the_header_of_a_cloudflare_challenge_is_enough() -> None:
    headers = {"server": "cloudflare", "cf-mitigated": "challenge"}
    assert wall_vendor(403, headers, b"") == "cloudflare"
    assert wall_vendor(403, {"server": "cloudflare"}, b"") is None


def test_a_challenge_marker_on_a_page_with_an_article_is_not_a_wall() -> None:
    _, headers, body = answer("/lookalikes/cloudflare-article/")
    marked = body.replace(b"</main>", b'<div id="id_captcha_frame_div"></div></main>')
    assert wall_vendor(200, headers, marked) is None
    assert wall_vendor(403, headers, marked) == "servicepipe"


def test_only_the_start_of_a_body_is_read() -> None:
    status, headers, body = answer("/walls/ddos_guard/")
    padding = b"<!-- " + b" " * BODY_WINDOW + b"-->"
    assert wall_vendor(status, headers, padding[:100] + body) == "ddos_guard"
    assert wall_vendor(status, headers, padding + body) is None


@pytest.mark.parametrize("status", [404, 500, 502, 301])
def test_other_statuses_are_left_to_their_own_handling(status: int) -> None:
    _, headers, body = answer("/walls/ddos_guard/")
    assert wall_vendor(status, headers, body) is None


def test_a_stub_saying_what_challenges_say_is_named_by_the_vendors_cookie() -> None:
    stub = b"<html><title>Checking your browser</title><body><p>One moment.</p></body></html>"
    cookies = "session=1; path=/\n__ddg2_=Hq2Lw7Xz4Rb9; Path=/; Expires=Wed, 11-Jun-2025 10:00 GMT"
    assert wall_vendor(403, {"set-cookie": cookies}, stub) == "ddos_guard"
    assert wall_vendor(403, {"set-cookie": "session=1; path=/"}, stub) is None
    assert wall_vendor(200, {"server": "Variti/2.4"}, stub) == "variti"


def test_the_compressed_cloudflare_page_of_the_crawl_is_the_same_page() -> None:
    walls = FOLDER / SITE / "walls"
    compressed = (walls / "cloudflare.html.gz").read_bytes()
    assert gzip.decompress(compressed) == (walls / "cloudflare.html").read_bytes()
    assert wall_vendor(503, {"server": "cloudflare"}, compressed) is None
