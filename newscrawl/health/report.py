"""The health report of a run: a JSON document, a one-screen table, a webhook post."""

from __future__ import annotations

import json
import logging
import threading
import time
import urllib.error
import urllib.request
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from newscrawl.health.checks import LIVE

if TYPE_CHECKING:
    from collections.abc import Iterable
    from http.client import HTTPResponse
    from pathlib import Path

    from newscrawl.health.checks import Check, RunSummary, Thresholds

logger = logging.getLogger(__name__)


def build_report(
    run: RunSummary, checks: list[Check], limits: Thresholds, outputs: Iterable[Path] = ()
) -> dict[str, Any]:
    """The report of one run, as a JSON object."""
    failed = [check.check for check in checks if check.failed]
    return {
        "outlet": run.outlet,
        "source": run.source,
        "started_at": run.started_at,
        "finished_at": run.finished_at,
        "healthy": not failed,
        "failed": failed,
        "checks": [
            {
                "check": check.check,
                "status": check.status,
                "figure": check.figure,
                "threshold": check.threshold,
                "detail": check.detail,
                "message": check.message(run.outlet),
            }
            for check in checks
        ],
        "summary": run.to_json(),
        "thresholds": {**vars(limits), "finish_reasons": list(limits.finish_reasons)},
        "output": [str(path) for path in outputs],
    }


def describe(outlet: str, source: str) -> str:
    """The outlet, and the archive its runs read if they read one: ``aqnews from wayback``."""
    return outlet if source == LIVE else f"{outlet} from {source}"


def table(rows: list[list[str]]) -> str:
    """Rows of cells as aligned text columns (the first row is the header)."""
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    )


def summary_text(report: dict[str, Any]) -> str:
    """The report on one screen: a verdict line, then one line per check."""
    checks = report["checks"]
    verdict = (
        "healthy" if report["healthy"]
        else f"UNHEALTHY: {len(report['failed'])} of {len(checks)} checks failed "
        f"({', '.join(report['failed'])})"
    )
    rows = [["check", "status", "figure", "threshold"]] + [
        [check["check"], check["status"], check["figure"], check["threshold"]] for check in checks
    ]
    head = (
        f"Health of {describe(report['outlet'], report['source'])} "
        f"(run started {report['started_at']}): {verdict}"
    )
    details = [
        f"  {check['check']}: {check['detail']}"
        for check in checks
        if check["status"] == "FAIL" and check["detail"]
    ]
    return "\n".join([head, table(rows), *details])


def write_report(report: dict[str, Any], output: Path) -> Path:
    """Write the report next to a run's output file: ``<name>.health.json``."""
    path = output.with_name(f"{output.stem}.health.json")
    path.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", "utf-8")
    return path


def post_report(report: dict[str, Any], url: str, timeout: float = 10.0) -> bool:
    """POST the report as JSON to ``url``, giving up after ``timeout`` seconds in all.

    False, with one logged error, when it is not delivered: a URL that is not http(s), no
    connection, a status other than 2xx (a redirect included), a malformed answer, or no
    complete answer within ``timeout`` (connect, send and read together).
    """
    data = json.dumps(report, ensure_ascii=False).encode("utf-8")
    failure = _deliver(url, data, timeout)
    if failure is not None:
        logger.error("Health report not posted to %s: %s", url, failure)
        return False
    return True


def _deliver(url: str, data: bytes, timeout: float) -> str | None:
    """Why ``data`` was not posted to ``url`` within ``timeout`` seconds; None once it was."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return "not an http or https URL with a host"
    deadline = time.monotonic() + timeout
    outcome: list[BaseException | None] = []
    # A daemon thread: one the deadline abandons cannot keep the process alive.
    worker = threading.Thread(
        target=_exchange, args=(url, data, deadline, outcome), name="health-webhook", daemon=True
    )
    worker.start()
    worker.join(max(0.0, deadline - time.monotonic()))
    if not outcome:
        return f"no complete answer within {timeout:g} s"
    return None if outcome[0] is None else _reason(outcome[0])


def _exchange(url: str, data: bytes, deadline: float, outcome: list[BaseException | None]) -> None:
    request = urllib.request.Request(
        url, data=data, method="POST", headers={"Content-Type": "application/json"}
    )
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=max(0.001, deadline - time.monotonic())) as response:
            _drain(response, deadline)
    except Exception as error:  # whatever the endpoint does, the crawl only logs it
        if isinstance(error, urllib.error.HTTPError):
            error.close()
        outcome.append(error)
        return
    outcome.append(None)


def _drain(response: HTTPResponse, deadline: float) -> None:
    """Read the answer to its end, stopping at the deadline even if it trickles."""
    while response.read1(65536):
        if time.monotonic() > deadline:
            raise TimeoutError("the answer was still arriving at the deadline")


def _reason(error: BaseException) -> str:
    if isinstance(error, urllib.error.HTTPError):
        return f"status {error.code}"
    if isinstance(error, urllib.error.URLError) and isinstance(error.reason, BaseException):
        error = error.reason
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is not a delivery: urllib would repeat the POST as a GET, without the report."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None
