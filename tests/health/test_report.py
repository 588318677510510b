"""The health webhook: delivered within its deadline or given up with one logged error."""

from __future__ import annotations

import contextlib
import json
import logging
import socket
import subprocess
import sys
import threading
import time
from typing import TYPE_CHECKING

import pytest

from newscrawl.health.report import post_report

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    Answer = Callable[[socket.socket, threading.Event], None]

pytestmark = pytest.mark.filterwarnings("error::pytest.PytestUnhandledThreadExceptionWarning")

REPORT = {"outlet": "tass", "healthy": True, "failed": []}
DEADLINE = 1.0


class Endpoint:
    """An endpoint on 127.0.0.1 handing each connection, in turn, to ``answer``."""

    def __init__(self, answer: Answer) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.05)
        self.stop = threading.Event()
        self.requests: list[bytes] = []
        self.connections = 0
        self._thread = threading.Thread(target=self._serve, args=(answer,), daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        host, port = self.listener.getsockname()[:2]
        return f"http://{host}:{port}/hook"

    def _serve(self, answer: Answer) -> None:
        while not self.stop.is_set():
            try:
                connection, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            with connection:
                connection.settimeout(5)
                with contextlib.suppress(OSError):
                    answer(connection, self.stop)

    def close(self) -> None:
        self.stop.set()
        self._thread.join(5)
        self.listener.close()


@pytest.fixture
def serve() -> Iterator[Callable[[Answer], Endpoint]]:
    endpoints: list[Endpoint] = []

    def start(answer: Answer) -> Endpoint:
        endpoints.append(Endpoint(answer))
        return endpoints[-1]

    yield start
    for endpoint in endpoints:
        endpoint.close()


def read_request(connection: socket.socket) -> bytes:
    """The whole request (head and body), so closing the socket sends no reset."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = connection.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = next(
        (int(line.split(b":")[1]) for line in head.split(b"\r\n")
         if line.lower().startswith(b"content-length:")),
        0,
    )
    while len(body) < length and (chunk := connection.recv(65536)):
        body += chunk
    return head + b"\r\n\r\n" + body


def replying(head: bytes, trickle: bytes = b"", pause: float = 0.1) -> Answer:
    """An answer sending ``head`` at once, then ``trickle`` a byte every ``pause`` seconds."""

    def answer(connection: socket.socket, stop: threading.Event) -> None:
        read_request(connection)
        connection.sendall(head)
        for byte in trickle:
            if stop.wait(pause):
                return
            connection.sendall(bytes([byte]))

    return answer


def posted(url: str, timeout: float = DEADLINE) -> tuple[bool, float]:
    start = time.monotonic()
    delivered = post_report(REPORT, url, timeout=timeout)
    return delivered, time.monotonic() - start


def assert_one_error(caplog: pytest.LogCaptureFixture, url: str) -> None:
    records = [record for record in caplog.records if record.levelno >= logging.WARNING]
    assert len(records) == 1, [record.getMessage() for record in records]
    assert records[0].levelno == logging.ERROR
    assert records[0].getMessage().startswith(f"Health report not posted to {url}: ")
    assert records[0].exc_info is None


def test_a_2xx_answer_is_delivered(
    serve: Callable[[Answer], Endpoint], caplog: pytest.LogCaptureFixture
) -> None:
    received: list[bytes] = []

    def answer(connection: socket.socket, stop: threading.Event) -> None:
        received.append(read_request(connection))
        connection.sendall(b"HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n")

    endpoint = serve(answer)
    assert posted(endpoint.url)[0] is True
    head, _, body = received[0].partition(b"\r\n\r\n")
    assert head.startswith(b"POST /hook HTTP/1.1")
    assert json.loads(body) == REPORT
    assert not caplog.records


@pytest.mark.parametrize(
    ("head", "trickle"),
    [
        (b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n", b"x" * 40),
        (b"HTTP/1.1 200 OK\r\n", b"X-Slow: " + b"y" * 32),
    ],
    ids=["body", "headers"],
)
def test_a_trickling_answer_is_given_up_at_the_deadline(
    serve: Callable[[Answer], Endpoint],
    caplog: pytest.LogCaptureFixture,
    head: bytes,
    trickle: bytes,
) -> None:
    endpoint = serve(replying(head, trickle))
    delivered, elapsed = posted(endpoint.url)
    assert delivered is False
    assert elapsed < DEADLINE + 1
    assert_one_error(caplog, endpoint.url)


def test_a_garbage_status_line_is_a_logged_failure(
    serve: Callable[[Answer], Endpoint], caplog: pytest.LogCaptureFixture
) -> None:
    endpoint = serve(replying(b"garbage\r\n\r\n"))
    assert posted(endpoint.url)[0] is False
    assert_one_error(caplog, endpoint.url)


@pytest.mark.parametrize("status", [302, 404, 500])
def test_a_status_other_than_2xx_is_a_failure_and_no_redirect_is_followed(
    serve: Callable[[Answer], Endpoint], caplog: pytest.LogCaptureFixture, status: int
) -> None:
    def answer(connection: socket.socket, stop: threading.Event) -> None:
        if read_request(connection).startswith(b"POST"):
            head = f"HTTP/1.1 {status} Nope\r\nLocation: /elsewhere\r\nContent-Length: 0\r\n\r\n"
            connection.sendall(head.encode())
        else:
            connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")

    endpoint = serve(answer)
    assert posted(endpoint.url)[0] is False
    assert endpoint.connections == 1
    assert_one_error(caplog, endpoint.url)


def test_a_refused_connection_is_a_logged_failure(caplog: pytest.LogCaptureFixture) -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{closed.getsockname()[1]}/hook"
        assert posted(url)[0] is False
    assert_one_error(caplog, url)


@pytest.mark.parametrize("url", ["http//x", "", "http://127.0.0.1:notaport/hook"])
def test_a_malformed_url_is_a_logged_failure(
    caplog: pytest.LogCaptureFixture, url: str
) -> None:
    assert posted(url)[0] is False
    assert_one_error(caplog, url)


def test_a_url_that_is_not_http_is_not_tried(
    serve: Callable[[Answer], Endpoint], caplog: pytest.LogCaptureFixture
) -> None:
    endpoint = serve(lambda connection, stop: None)
    url = endpoint.url.replace("http://", "ftp://")
    assert posted(url)[0] is False
    assert endpoint.connections == 0
    assert_one_error(caplog, url)


def test_a_trickling_endpoint_cannot_hold_the_process(
    serve: Callable[[Answer], Endpoint],
) -> None:
    head = b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n"
    endpoint = serve(replying(head, b"x" * 1000))
    script = (
        "import sys; from newscrawl.health.report import post_report; "
        "print(post_report({}, sys.argv[1], timeout=float(sys.argv[2])))"
    )
    start = time.monotonic()
    finished = subprocess.run(
        [sys.executable, "-c", script, endpoint.url, str(DEADLINE)],
        capture_output=True, text=True, timeout=15, check=False,
    )
    elapsed = time.monotonic() - start
    assert (finished.returncode, finished.stdout) == (0, "False\n")
    assert "Traceback" not in finished.stderr
    assert elapsed < DEADLINE + 3
