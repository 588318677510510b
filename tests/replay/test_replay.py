from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import TYPE_CHECKING

import pytest

from newscrawl.crawler.handlers.replay import replay_target
from newscrawl.replay.server import ReplayServer

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path


@pytest.fixture
def site(tmp_path: Path) -> Iterator[ReplayServer]:
    host = tmp_path / "example.kz"
    (host / "ru" / "news").mkdir(parents=True)
    (host / "ru" / "news" / "index.html").write_text("<p>страница 1</p>", "utf-8")
    (host / "ru" / "news" / "page-2.html").write_text("<p>страница 2</p>", "utf-8")
    (host / "robots.txt").write_text("User-agent: *\nDisallow: /admin/\n", "utf-8")
    (host / "rss.xml").write_text("<rss version='2.0'><channel/></rss>", "utf-8")
    (host / "sitemap.xml").write_text("<urlset/>", "utf-8")
    (host / "old.html").write_bytes("<p>Привет</p>".encode("cp1251"))
    routes = {
        "/ru/news/?page=2": {"file": "ru/news/page-2.html"},
        "/moved/": {"status": 301, "redirect": "https://example.kz/ru/news/"},
        "/gone/": {"status": 410, "file": "ru/news/index.html"},
        "/old.html": {"content_type": "text/html; charset=windows-1251",
                      "last_modified": "Mon, 25 Mar 2024 09:00:00 GMT"},
    }
    (host / "_replay.json").write_text(json.dumps({"routes": routes}), "utf-8")
    with ReplayServer(tmp_path) as server:
        yield server


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def fetch(server: ReplayServer, url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(replay_target(server.url, url), headers=headers)
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=5) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_replay_target_keeps_host_path_and_query() -> None:
    assert (
        replay_target("http://127.0.0.1:8000/", "https://Example.KZ/ru/news/?page=2")
        == "http://127.0.0.1:8000/example.kz/ru/news/?page=2"
    )
    assert replay_target("http://127.0.0.1:8000", "https://example.kz") == (
        "http://127.0.0.1:8000/example.kz/"
    )


def test_directory_index_and_content_types(site: ReplayServer) -> None:
    status, headers, body = fetch(site, "https://example.kz/ru/news/")
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert body.decode() == "<p>страница 1</p>"
    assert "GMT" in headers["Last-Modified"]
    assert fetch(site, "https://example.kz/robots.txt")[1]["Content-Type"].startswith("text/plain")
    assert fetch(site, "https://example.kz/rss.xml")[1]["Content-Type"].startswith(
        "application/rss+xml"
    )
    assert fetch(site, "https://example.kz/sitemap.xml")[1]["Content-Type"].startswith(
        "application/xml"
    )


def test_query_routes_and_ignored_tracking_queries(site: ReplayServer) -> None:
    assert fetch(site, "https://example.kz/ru/news/?page=2")[2].decode() == "<p>страница 2</p>"
    assert fetch(site, "https://example.kz/ru/news/?utm_source=x")[2].decode() == (
        "<p>страница 1</p>"
    )


def test_statuses_redirects_and_missing_pages(site: ReplayServer) -> None:
    status, headers, _ = fetch(site, "https://example.kz/moved/")
    assert (status, headers["Location"]) == (301, "https://example.kz/ru/news/")
    assert fetch(site, "https://example.kz/gone/")[0] == 410
    assert fetch(site, "https://example.kz/nothing/here")[0] == 404
    assert fetch(site, "https://other.kz/")[0] == 404
    assert fetch(site, "https://example.kz/../../etc/passwd")[0] == 404


def test_charset_and_last_modified_from_manifest(site: ReplayServer) -> None:
    _, headers, body = fetch(site, "https://example.kz/old.html")
    assert headers["Content-Type"] == "text/html; charset=windows-1251"
    assert body.decode("cp1251") == "<p>Привет</p>"
    assert headers["Last-Modified"] == "Mon, 25 Mar 2024 09:00:00 GMT"
    again = fetch(site, "https://example.kz/old.html",
                  **{"If-Modified-Since": "Mon, 25 Mar 2024 09:00:00 GMT"})
    assert again[0] == 304


def test_pages_lists_live_urls(site: ReplayServer) -> None:
    urls = [url for url, _ in site.snapshots.pages("example.kz")]
    assert urls == [
        "https://example.kz/old.html",
        "https://example.kz/ru/news/",
        "https://example.kz/ru/news/?page=2",
    ]
