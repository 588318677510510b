"""The health report of a run: a JSON document, a one-screen table, a webhook post."""

from __future__ import annotations

import json
import logging
import urllib.request
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable
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
    head = f"Health of {report['outlet']} (run started {report['started_at']}): {verdict}"
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
    """POST the report as JSON to ``url``; False (logged) when it cannot be delivered."""
    data = json.dumps(report, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(
        url, data=data, method="POST", headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
    except OSError as error:
        logger.error("Health report not posted to %s: %s", url, error)
        return False
    return True
