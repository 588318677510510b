"""The replay server's fault mode, path by path, seen from a plain HTTP client."""

from __future__ import annotations

import gzip
import http.client
import json
import socket
import urllib.request
from typing import TYPE_CHECKING

import pytest

from newscrawl.crawler.handlers.replay import replay_target
from newscrawl.replay.server import ReplayServer, Route
from tests.replay.test_replay import fetch

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

PAGE = '<html><head><meta charset="utf-8"></head><body><p>Привет — мир</p></body></html>'


@pytest.fixture
def site(tmp_path: Path) -> Iterator[ReplayServer]:
    host = tmp_path / "example.kz"
    host.mkdir()
    (host / "page.html").write_text(PAGE, "utf-8")
    routes = {
        "/slow/": {"fault": "slow", "seconds": 1, "file": "page.html"},
        "/reset/": {"fault": "reset"},
        "/cut/": {"fault": "truncate", "file": "page.html"},
        "/bomb/": {"fault": "gzip_bomb", "size": 1_000_000},
        "/big/": {"fault": "pad", "size": 200_000, "file": "page.html"},
        "/deep/": {"fault": "nest", "depth": 300, "file": "page.html"},
        "/sitemap-huge.xml": {"fault": "huge_sitemap", "size": 50_000_000},
        "/feed/": {"fault": "endless"},
        "/days/": {"fault": "calendar"},
        "/flaky/": {"statuses": [500, 503], "headers": {"Retry-After": "3"}, "file": "page.html"},
        "/cp1251/": {"encoding": "cp1251", "content_type": "text/html; charset=utf-8",
                     "file": "page.html"},
        "/koi8/": {"encoding": "koi8-r", "content_type": "text/html", "file": "page.html"},
        "/plain/": {"scheme": "http", "status": 301, "redirect": "https://example.kz/plain/"},
    }
    (host / "_replay.json").write_text(json.dumps({"routes": routes}), "utf-8")
    with ReplayServer(tmp_path) as server:
        yield server


def raw_get(server: ReplayServer, url: str, method: str = "GET") -> http.client.HTTPResponse:
    target = urllib.request.urlparse(replay_target(server.url, url))
    connection = http.client.HTTPConnection(target.hostname, target.port, timeout=5)
    connection.request(method, f"{target.path}?{target.query}" if target.query else target.path)
    return connection.getresponse()


def test_slow_answers_after_the_clients_timeout(site: ReplayServer) -> None:
    request = urllib.request.Request(replay_target(site.url, "https://example.kz/slow/"))
    with pytest.raises((TimeoutError, socket.timeout)):
        urllib.request.urlopen(request, timeout=0.3)


def test_reset_and_truncated_bodies_fail_the_client(site: ReplayServer) -> None:
    with pytest.raises((ConnectionResetError, http.client.RemoteDisconnected)):
        raw_get(site, "https://example.kz/reset/")
    response = raw_get(site, "https://example.kz/cut/")
    assert int(response.headers["Content-Length"]) == len(PAGE.encode())
    with pytest.raises(http.client.IncompleteRead):
        response.read()


def test_gzip_bomb_is_small_on_the_wire_and_large_unpacked(site: ReplayServer) -> None:
    status, headers, body = fetch(site, "https://example.kz/bomb/")
    assert (status, headers["Content-Encoding"]) == (200, "gzip")
    assert len(body) < 10_000
    assert len(gzip.decompress(body)) == 1_000_000


def test_generated_large_and_deep_pages(site: ReplayServer) -> None:
    big = fetch(site, "https://example.kz/big/")[2]
    assert len(big) >= 200_000
    assert big.endswith(b"</body></html>")
    deep = fetch(site, "https://example.kz/deep/")[2].decode()
    assert deep.count("<div>") == 300
    assert "Привет — мир" in deep


def test_huge_sitemap_announces_its_size_and_streams(site: ReplayServer) -> None:
    response = raw_get(site, "https://example.kz/sitemap-huge.xml")
    length = int(response.headers["Content-Length"])
    assert 49_900_000 < length <= 50_000_000
    head = response.read(4096)
    assert head.startswith(b'<?xml version="1.0"')
    assert b"<loc>https://example.kz/filler/0000000001/</loc>" in head


def test_endless_listing_and_calendar_trap(site: ReplayServer) -> None:
    page = fetch(site, "https://example.kz/feed/?page=41")[2].decode()
    assert 'href="/feed/?page=42"' in page
    day = fetch(site, "https://example.kz/days/?date=2024-03-01")[2].decode()
    assert 'href="/days/?date=2024-02-29"' in day


def test_status_sequence_then_the_page(site: ReplayServer) -> None:
    first, second, third = (fetch(site, "https://example.kz/flaky/") for _ in range(3))
    assert (first[0], first[1]["Retry-After"]) == (500, "3")
    assert second[0] == 503
    assert (third[0], third[2].decode()) == (200, PAGE)


def test_reencoded_pages_keep_the_declared_header(site: ReplayServer) -> None:
    _, headers, body = fetch(site, "https://example.kz/cp1251/")
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert body.decode("cp1251") == PAGE
    koi8 = fetch(site, "https://example.kz/koi8/")[2]
    assert koi8.decode("koi8-r") == PAGE.replace("—", "&#8212;")


def test_scheme_routes_apply_to_that_scheme_only(site: ReplayServer) -> None:
    request = urllib.request.Request(
        replay_target(site.url, "http://example.kz/plain/"), headers={"X-Forwarded-Proto": "http"}
    )
    with pytest.raises(urllib.error.HTTPError) as redirect:
        urllib.request.build_opener(NoRedirect).open(request, timeout=5)
    assert redirect.value.code == 301
    assert fetch(site, "https://example.kz/plain/")[0] == 404


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def test_unknown_fault_fails_loudly() -> None:
    with pytest.raises(ValueError, match="unknown fault"):
        Route(fault="meltdown")
