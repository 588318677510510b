"""The replay server: a real HTTP server on loopback that serves outlet snapshots.

A request for ``http://127.0.0.1:PORT/<host>/<path>?<query>`` is answered from
``<snapshots>/<host>/``:

- a path ending in ``/`` is ``<path>/index.html``, any other path the file at ``<path>``;
- ``<snapshots>/<host>/_replay.json`` may map a path (with or without its query) to a file
  and set its status, headers, content type, or a redirect: ``{"routes": {"/ru/news/?page=2":
  {"file": "ru/news/page-2.html"}, "/old/": {"status": 301, "redirect": "/new/"}}}``;
- a query string with no route of its own is ignored, as live sites ignore ``utm_*``;
- ``"scheme": "http"`` limits a route to requests the crawler made over that scheme (the
  routing handler sends it as ``X-Forwarded-Proto``), for http → https redirects;
- ``"fault"``, ``"statuses"`` and ``"encoding"`` make a path misbehave: see
  :mod:`newscrawl.replay.faults`.

The archive hosts (``index.commoncrawl.org``, ``data.commoncrawl.org``, ``web.archive.org``)
are played from the same pages, as archived captures: see :mod:`newscrawl.replay.archives`.

Responses carry the content type (with charset for text), Content-Length and
Last-Modified, and honour If-Modified-Since.

Only files inside the snapshot root are served, each from its own host folder. A request path
with a ``..`` segment (percent-encoded too), a host folder whose symlinks lead out of the root,
a file whose symlinks lead out of its host folder, or a symlink loop answers 404; a request
target that is not a path, or holds a control character, answers 400. Symlinks that stay
inside are followed, so a host folder may be a link to another host's folder. A manifest
``file`` must be a relative path with no ``..`` segment: any other fails loudly on loading.
"""

from __future__ import annotations

import html
import json
import logging
import mimetypes
import re
import socket
import struct
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from email.utils import formatdate, parsedate_to_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from newscrawl.replay import faults
from newscrawl.replay.archives import HOSTS as ARCHIVE_HOSTS
from newscrawl.replay.archives import ArchiveFaults, Archives, Page

if TYPE_CHECKING:
    from collections.abc import Iterator

logger = logging.getLogger(__name__)

MANIFEST = "_replay.json"
TEXT_TYPES = ("text/", "application/xml", "application/rss+xml", "application/json")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


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
    scheme: str | None = None
    fault: str | None = None
    seconds: float = 0.0
    size: int = 0
    depth: int = 0
    statuses: tuple[int, ...] = ()
    encoding: str | None = None

    def __post_init__(self) -> None:
        if self.fault is not None and self.fault not in faults.FAULTS:
            raise ValueError(f"unknown fault {self.fault!r}; known: {sorted(faults.FAULTS)}")
        if self.file is not None and not _below(self.file):
            raise ValueError(f"route file {self.file!r} is not a relative path without '..'")
        object.__setattr__(self, "statuses", tuple(self.statuses))


@dataclass(frozen=True)
class Reply:
    """A response ready to send; ``chunks`` (with ``length``) streams a generated body."""

    status: int
    headers: dict[str, str]
    body: bytes
    fault: str | None = None
    seconds: float = 0.0
    chunks: Iterator[bytes] | None = None
    length: int | None = None


class Snapshots:
    """Resolves ``(host, path, query)`` to a reply from a snapshot directory."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.routes: dict[str, dict[str, Route]] = {}
        self._hits: Counter[tuple[str, str]] = Counter()
        self._lock = threading.Lock()
        for host in self.hosts():
            manifest = _inside(self.root / host / MANIFEST, self.root / host)
            if manifest is None or not manifest.is_file():
                continue
            raw = json.loads(manifest.read_text("utf-8"))
            self.routes[host] = {
                key: Route(**value) for key, value in raw.get("routes", {}).items()
            }

    def hosts(self) -> list[str]:
        """The hosts that have a snapshot: folders of the root that stay inside it."""
        return sorted(p.name for p in self.root.iterdir() if self._folder(p.name))

    def captures(self) -> Iterator[Page]:
        """Every HTML page as an archive would have captured it: what a plain GET of its live
        URL answers, when that is a 200 of the page's file (a path that plays a fault or a
        status sequence is left out)."""
        for host in self.hosts():
            if host in ARCHIVE_HOSTS:
                continue
            for url, _ in self.pages(host):
                parts = urlsplit(url)
                route = self._route(host, parts.path, parts.query)[1]
                if route.statuses or route.fault:
                    continue
                reply = self.reply(host, parts.path, parts.query, None)
                if reply.status == HTTPStatus.OK:
                    yield Page(url, reply.headers["Content-Type"], reply.body)

    def pages(self, host: str) -> Iterator[tuple[str, Path]]:
        """``(live URL, file)`` of every HTML page in ``host``'s snapshot."""
        folder = self._folder(host)
        if folder is None:
            return
        base = self.root / host
        routed = {
            _inside(base / route.file, folder): key
            for key, route in self.routes.get(host, {}).items()
            if route.file and route.status == HTTPStatus.OK
        }
        for file in sorted(base.rglob("*.html")):
            resolved = _inside(file, folder)
            if resolved is None:
                continue
            path = routed.get(resolved)
            if path is None:
                relative = file.relative_to(base).as_posix()
                if file.name == "index.html":
                    relative = relative.removesuffix(file.name)
                path = f"/{relative}"
            yield f"https://{host}{path}", file

    def reply(
        self,
        host: str,
        path: str,
        query: str,
        if_modified_since: str | None,
        scheme: str = "https",
    ) -> Reply:
        """The response a live server would give for ``<scheme>://<host><path>?<query>``."""
        refused = _refused(host, path)
        if refused is not None:
            return refused
        key, route = self._route(host, path, query)
        if route.scheme not in (None, scheme):
            route = Route()
        if route.statuses:
            with self._lock:
                self._hits[host, key] += 1
                hit = self._hits[host, key]
            if hit <= len(route.statuses):
                headers = {"Content-Type": "text/html", **route.headers}
                return Reply(route.statuses[hit - 1], headers, b"")
        if route.fault == "reset":
            return Reply(0, {}, b"", fault="reset")
        if route.fault:
            generated = self._generated(host, path, query, route)
            if generated:
                return generated
        if route.redirect:
            status = route.status if 300 <= route.status < 400 else HTTPStatus.FOUND
            return Reply(status, {"Location": route.redirect, **route.headers}, b"")
        file = self._file(host, path, route)
        if file is None:
            return _not_found(path)
        try:
            return _file_reply(file, route, if_modified_since)
        except OSError:
            return _not_found(path)

    def _route(self, host: str, path: str, query: str) -> tuple[str, Route]:
        """The manifest key and route of a request (a plain route when none is given)."""
        routes = self.routes.get(host, {})
        key = f"{path}?{query}" if query and f"{path}?{query}" in routes else path
        return key, routes.get(key) or Route()

    def _folder(self, host: str) -> Path | None:
        """``host``'s folder, resolved, when it is a folder inside the root."""
        if host in ("", ".", "..") or "/" in host or _CONTROL.search(host):
            return None
        folder = _inside(self.root / host, self.root)
        return folder if folder is not None and folder.is_dir() else None

    def _generated(self, host: str, path: str, query: str, route: Route) -> Reply | None:
        headers = dict(route.headers)
        if route.fault == "gzip_bomb":
            headers.update({"Content-Type": "text/html; charset=utf-8",
                            "Content-Encoding": "gzip"})
            return Reply(route.status, headers, faults.gzip_bomb(route.size))
        if route.fault == "huge_sitemap":
            length, chunks = faults.huge_sitemap(host, route.size)
            headers["Content-Type"] = "application/xml; charset=utf-8"
            return Reply(route.status, headers, b"", chunks=chunks, length=length)
        if route.fault in ("endless", "calendar"):
            page = faults.endless if route.fault == "endless" else faults.calendar
            headers["Content-Type"] = "text/html; charset=utf-8"
            return Reply(route.status, headers, page(path, query))
        return None

    def _file(self, host: str, path: str, route: Route) -> Path | None:
        folder = self._folder(host)
        if folder is None:
            return None
        relative = route.file or unquote(path).lstrip("/")
        if not route.file and (not relative or relative.endswith("/")):
            relative += "index.html"
        candidate = _inside(folder / relative, folder)
        return candidate if candidate is not None and candidate.is_file() else None


def _file_reply(file: Path, route: Route, if_modified_since: str | None) -> Reply:
    modified = route.last_modified or formatdate(file.stat().st_mtime, usegmt=True)
    headers = {"Content-Type": _content_type(file, route), "Last-Modified": modified}
    headers.update(route.headers)
    if route.status == 200 and not route.fault and _not_modified(modified, if_modified_since):
        return Reply(HTTPStatus.NOT_MODIFIED, headers, b"")
    body = file.read_bytes()
    if route.encoding:
        body = body.decode("utf-8").encode(route.encoding, errors="xmlcharrefreplace")
    if route.fault == "pad":
        body = faults.pad(body, route.size)
    elif route.fault == "nest":
        body = faults.nest(body, route.depth)
    return Reply(route.status, headers, body, route.fault, route.seconds)


def _below(relative: str) -> bool:
    """Whether ``relative`` is a path below a folder: not absolute, no ``..``, no control."""
    return (
        not relative.startswith("/")
        and ".." not in relative.split("/")
        and not _CONTROL.search(relative)
    )


def _inside(path: Path, folder: Path) -> Path | None:
    """``path`` resolved, when it resolves at all and stays inside ``folder``."""
    try:
        resolved = path.resolve()
        return resolved if resolved.is_relative_to(folder.resolve()) else None
    except (OSError, RuntimeError, ValueError):
        return None


def _refused(host: str, path: str) -> Reply | None:
    """400 for a control character in the host or path, 404 for a ``..`` segment."""
    decoded = unquote(path)
    if _CONTROL.search(host) or _CONTROL.search(decoded):
        return _bad_request()
    if ".." in decoded.split("/"):
        return _not_found(path)
    return None


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
    page = f"<!DOCTYPE html><title>404</title><h1>Not found</h1><p>{html.escape(path)}</p>"
    return Reply(HTTPStatus.NOT_FOUND, {"Content-Type": "text/html; charset=utf-8"}, page.encode())


def _bad_request() -> Reply:
    body = b"<!DOCTYPE html><title>400</title><h1>Bad request</h1>"
    return Reply(HTTPStatus.BAD_REQUEST, {"Content-Type": "text/html; charset=utf-8"}, body)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    server_version = "newscrawl-replay"

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def _answer(self, *, send_body: bool) -> None:
        reply = self._reply()
        if reply.fault == "slow":
            time.sleep(reply.seconds)
        if reply.fault == "reset":
            self._reset()
            return
        try:
            self._send(reply, send_body=send_body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def _reply(self) -> Reply:
        try:
            parts = urlsplit(self.path)
        except ValueError:
            return _bad_request()
        if not parts.path.startswith("/"):
            return _bad_request()
        host, _, path = parts.path.lstrip("/").partition("/")
        if host.lower() in ARCHIVE_HOSTS:
            status, headers, body = self.server.archives.reply(
                host.lower(), f"/{path}", parts.query, self.headers
            )
            return Reply(status, headers, body)
        return self.server.snapshots.reply(
            host.lower(),
            f"/{path}",
            parts.query,
            self.headers.get("If-Modified-Since"),
            self.headers.get("X-Forwarded-Proto", "https"),
        )

    def _send(self, reply: Reply, *, send_body: bool) -> None:
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        length = reply.length if reply.length is not None else len(reply.body)
        self.send_header("Content-Length", str(length))
        self.end_headers()
        if not send_body or reply.status == HTTPStatus.NOT_MODIFIED:
            return
        if reply.fault == "truncate":
            self.wfile.write(reply.body[: len(reply.body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        self.wfile.write(reply.body)
        for chunk in reply.chunks or ():
            self.wfile.write(chunk)

    def _reset(self) -> None:
        """Close the connection with RST: SO_LINGER on, timeout zero."""
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("replay: " + format, *args)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256

    def __init__(
        self, address: tuple[str, int], snapshots: Snapshots, archives: ArchiveFaults
    ) -> None:
        super().__init__(address, _Handler)
        self.snapshots = snapshots
        self.archives = Archives(snapshots.captures, archives)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that gives up (timeout, size limit) is normal here, not an error.
        logger.debug("replay: connection from %s ended early", client_address, exc_info=True)


class ReplayServer:
    """The replay server on 127.0.0.1, in a background thread; a context manager.
    ``archives`` makes the archive services misbehave."""

    def __init__(
        self,
        snapshots: Path | None = None,
        port: int = 0,
        archives: ArchiveFaults | None = None,
    ) -> None:
        self._server = _Server(
            ("127.0.0.1", port),
            Snapshots(snapshots or bundled_snapshots()),
            archives or ArchiveFaults(),
        )
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="replay-server", daemon=True
        )

    @property
    def url(self) -> str:
        """Base URL: ``NEWSCRAWL_REPLAY_URL`` for a crawl."""
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
