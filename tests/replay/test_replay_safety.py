"""The replay server serves files inside its snapshot root only, whatever the request says."""

from __future__ import annotations

import json
import socket
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest

from newscrawl.replay.server import ReplayServer

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

SECRET = "outside the snapshot root"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """``<tmp>/snapshots`` with one host, next to files the server must never serve."""
    (tmp_path / "secret.txt").write_text(SECRET, "utf-8")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "passwd").write_text(SECRET, "utf-8")
    root = tmp_path / "snapshots"
    host = root / "example.kz"
    (host / "ru").mkdir(parents=True)
    (host / "index.html").write_text("<p>home</p>", "utf-8")
    (host / "robots.txt").write_text("User-agent: *\n", "utf-8")
    return root


@pytest.fixture
def site(tree: Path) -> Iterator[ReplayServer]:
    with ReplayServer(tree) as server:
        yield server


def raw_get(server: ReplayServer, target: str) -> tuple[int | None, bytes]:
    """Send ``target`` as it is (no client normalises it); the status (None: no answer), body."""
    address = urlsplit(server.url)
    assert address.hostname is not None
    with socket.create_connection((address.hostname, address.port), timeout=5) as connection:
        request = f"GET {target} HTTP/1.1\r\nHost: replay\r\nConnection: close\r\n\r\n"
        connection.sendall(request.encode("latin-1"))
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    if not answer:
        return None, b""
    head, _, body = answer.partition(b"\r\n\r\n")
    return int(head.split()[1]), body


def assert_refused(server: ReplayServer, target: str, status: int = 404) -> None:
    answer, body = raw_get(server, target)
    assert answer == status, target
    assert SECRET.encode() not in body


@pytest.mark.parametrize(
    "target", ["/../secret.txt", "//../secret.txt", "/../snapshots/example.kz/robots.txt"]
)
def test_dot_dot_as_the_host_is_refused(site: ReplayServer, target: str) -> None:
    assert_refused(site, target)


@pytest.mark.parametrize(
    "target",
    ["/example.kz/ru/%2e%2e/robots.txt", "/example.kz/ru/%2E%2E%2Frobots.txt",
     "/example.kz/ru/../robots.txt"],
)
def test_dot_dot_in_the_path_is_refused_even_inside_the_root(
    site: ReplayServer, target: str
) -> None:
    assert_refused(site, target)


def test_an_absolute_form_target_is_held_to_the_same_rule(site: ReplayServer) -> None:
    assert_refused(site, "http://127.0.0.1/../secret.txt")


def test_a_target_that_is_not_a_path_is_a_bad_request(site: ReplayServer) -> None:
    assert_refused(site, "../secret.txt", status=400)


def test_a_nul_byte_is_a_bad_request_not_a_dropped_connection(site: ReplayServer) -> None:
    assert_refused(site, "/example.kz/robots.txt%00.html", status=400)


def test_a_host_folder_linked_outside_the_root_is_not_served(tree: Path) -> None:
    (tree / "etchost").symlink_to(tree.parent / "outside", target_is_directory=True)
    (tree / "www.example.kz").symlink_to(tree / "example.kz", target_is_directory=True)
    with ReplayServer(tree) as server:
        assert_refused(server, "/etchost/passwd")
        assert server.snapshots.hosts() == ["example.kz", "www.example.kz"]
        assert list(server.snapshots.pages("etchost")) == []
        assert raw_get(server, "/www.example.kz/robots.txt") == (200, b"User-agent: *\n")


def test_a_file_linked_outside_its_host_is_neither_served_nor_listed(tree: Path) -> None:
    (tree / "example.kz" / "leak.html").symlink_to(tree.parent / "secret.txt")
    with ReplayServer(tree) as server:
        assert_refused(server, "/example.kz/leak.html")
        assert [url for url, _ in server.snapshots.pages("example.kz")] == [
            "https://example.kz/"
        ]


def test_a_symlink_loop_answers_not_found(tree: Path) -> None:
    (tree / "example.kz" / "loop").symlink_to("loop")
    with ReplayServer(tree) as server:
        assert_refused(server, "/example.kz/loop")


@pytest.mark.parametrize("file", ["../../secret.txt", "ru/../robots.txt", "/etc/passwd"])
def test_a_manifest_file_outside_its_host_folder_is_rejected(tree: Path, file: str) -> None:
    routes = {"/leak/": {"file": file}}
    (tree / "example.kz" / "_replay.json").write_text(json.dumps({"routes": routes}), "utf-8")
    with pytest.raises(ValueError, match="route file"):
        ReplayServer(tree)


def test_a_manifest_outside_the_root_is_not_read(tree: Path) -> None:
    routes = {"/leak/": {"file": "passwd"}, "/bad/": {"fault": "meltdown"}}
    outside = tree.parent / "outside" / "_replay.json"
    outside.write_text(json.dumps({"routes": routes}), "utf-8")
    (tree / "etchost").symlink_to(tree.parent / "outside", target_is_directory=True)
    with ReplayServer(tree) as server:
        assert_refused(server, "/etchost/leak/")
        assert "etchost" not in server.snapshots.routes
