"""The replay server: a real HTTP server on loopback that serves outlet snapshots.

A request for ``http://127.0.0.1:PORT/<host>/<path>?<query>`` is answered from
``<snapshots>/<host>/``:

- a path ending in ``/`` is ``<path>/index.html``, any other path the file at ``<path>``;
- ``<snapshots>/<host>/_replay.json`` may map a path (with or without its query) to a file
  and set its status, headers, content type, or a redirect: ``{"routes": {"/ru/news/?page=2":
  {"file": "ru/news/page-2.html"}, "/old/": {"status": 301, "redirect": "/new/"}}}``;
- a query string with no route of its own is ignored, as live sites ignore ``utm_*``.

Responses carry the content type (with charset for text), Content-Length and
Last-Modified, and honour If-Modified-Since.
"""

from __future__ import annotations

import json
import logging
import mimetypes
import threading
from dataclasses import dataclass, field
from email.utils import formatdate, parsedate_to_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

if TYPE_CHECKING:
    from collections.abc import Iterator

logger = logging.getLogger(__name__)

MANIFEST = "_replay.json"
TEXT_TYPES = ("text/", "application/xml", "application/rss+xml", "application/json")


def bundled_snapshots() -> Path:
    """The snapshot tree shipped inside the package."""
    return Path(str(files("newscrawl").joinpath("replay/snapshots")))


@dataclass(frozen=True)
class Route:
    """How one URL of a snapshot is answered."""

    file: str | None = None
    status: int = 200
    content_type: str | None = None
    redirect: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    last_modified: str | None = None


@dataclass(frozen=True)
class Reply:
    """A response ready to send."""

    status: int
    headers: dict[str, str]
    body: bytes


class Snapshots:
    """Resolves ``(host, path, query)`` to a reply from a snapshot directory."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.routes: dict[str, dict[str, Route]] = {}
        for manifest in sorted(self.root.glob(f"*/{MANIFEST}")):
            raw = json.loads(manifest.read_text("utf-8"))
            self.routes[manifest.parent.name] = {
                key: Route(**value) for key, value in raw.get("routes", {}).items()
            }

    def hosts(self) -> list[str]:
        """The hosts that have a snapshot."""
        return sorted(p.name for p in self.root.iterdir() if p.is_dir())

    def pages(self, host: str) -> Iterator[tuple[str, Path]]:
        """``(live URL, file)`` of every HTML page in ``host``'s snapshot."""
        base = self.root / host
        routed = {
            (base / route.file).resolve(): key
            for key, route in self.routes.get(host, {}).items()
            if route.file and route.status == HTTPStatus.OK
        }
        for file in sorted(base.rglob("*.html")):
            path = routed.get(file.resolve())
            if path is None:
                relative = file.relative_to(base).as_posix()
                if file.name == "index.html":
                    relative = relative.removesuffix(file.name)
                path = f"/{relative}"
            yield f"https://{host}{path}", file

    def reply(self, host: str, path: str, query: str, if_modified_since: str | None) -> Reply:
        """The response a live server would give for ``https://<host><path>?<query>``."""
        routes = self.routes.get(host, {})
        route = (query and routes.get(f"{path}?{query}")) or routes.get(path) or Route()
        if route.redirect:
            status = route.status if 300 <= route.status < 400 else HTTPStatus.FOUND
            return Reply(status, {"Location": route.redirect, **route.headers}, b"")
        file = self._file(host, path, route)
        if file is None:
            return _not_found(path)
        modified = route.last_modified or formatdate(file.stat().st_mtime, usegmt=True)
        headers = {"Content-Type": _content_type(file, route), "Last-Modified": modified}
        headers.update(route.headers)
        if route.status == 200 and _not_modified(modified, if_modified_since):
            return Reply(HTTPStatus.NOT_MODIFIED, headers, b"")
        return Reply(route.status, headers, file.read_bytes())

    def _file(self, host: str, path: str, route: Route) -> Path | None:
        base = self.root / host
        relative = route.file or unquote(path).lstrip("/")
        if not route.file and (not relative or relative.endswith("/")):
            relative += "index.html"
        candidate = (base / relative).resolve()
        if not candidate.is_relative_to(base.resolve()) or not candidate.is_file():
            return None
        return candidate


def _content_type(file: Path, route: Route) -> str:
    if route.content_type:
        return route.content_type
    if file.name.endswith(".rss") or file.name in {"rss.xml", "feed.xml"}:
        kind = "application/rss+xml"
    else:
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    if kind == "text/xml":
        kind = "application/xml"
    return f"{kind}; charset=utf-8" if kind.startswith(TEXT_TYPES) else kind


def _not_modified(modified: str, if_modified_since: str | None) -> bool:
    if not if_modified_since:
        return False
    try:
        return parsedate_to_datetime(modified) <= parsedate_to_datetime(if_modified_since)
    except (TypeError, ValueError):
        return False


def _not_found(path: str) -> Reply:
    body = f"<!DOCTYPE html><title>404</title><h1>Not found</h1><p>{path}</p>".encode()
    return Reply(HTTPStatus.NOT_FOUND, {"Content-Type": "text/html; charset=utf-8"}, body)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    server_version = "newscrawl-replay"

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def _answer(self, *, send_body: bool) -> None:
        parts = urlsplit(self.path)
        host, _, path = parts.path.lstrip("/").partition("/")
        reply = self.server.snapshots.reply(
            host.lower(), f"/{path}", parts.query, self.headers.get("If-Modified-Since")
        )
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        if send_body and reply.status != HTTPStatus.NOT_MODIFIED:
            self.wfile.write(reply.body)

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("replay: " + format, *args)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256

    def __init__(self, address: tuple[str, int], snapshots: Snapshots) -> None:
        super().__init__(address, _Handler)
        self.snapshots = snapshots


class ReplayServer:
    """The replay server on 127.0.0.1, in a background thread; a context manager."""

    def __init__(self, snapshots: Path | None = None, port: int = 0) -> None:
        self._server = _Server(("127.0.0.1", port), Snapshots(snapshots or bundled_snapshots()))
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="replay-server", daemon=True
        )

    @property
    def url(self) -> str:
        """Base URL: ``REPLAY_URL`` for a crawl."""
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def snapshots(self) -> Snapshots:
        """The snapshot tree being served."""
        return self._server.snapshots

    def start(self) -> ReplayServer:
        """Start serving in the background."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self._server.shutdown()
        self._server.server_close()

    def serve_forever(self) -> None:
        """Serve in the calling thread until interrupted."""
        try:
            self._server.serve_forever()
        finally:
            self._server.server_close()

    def __enter__(self) -> ReplayServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
