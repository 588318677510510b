"""The crawl runs behind a dataset, as their run records (``<file>.run.json``) describe them."""

from __future__ import annotations

import json
import logging
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newscrawl.crawler.extensions.output import RUN_SETTINGS, file_identity, record_path

logger = logging.getLogger(__name__)

UNKNOWN = "unknown"


@dataclass(frozen=True)
class RunFile:
    """One run file and the runs its record lists (None: it has no readable record)."""

    path: Path
    name: str
    runs: list[dict[str, Any]] | None

    def to_json(self) -> dict[str, Any]:
        """The file's entry in ``runs.json``."""
        return {"file": self.name, "record": self.runs is not None, "runs": self.runs or []}


def read_run_files(paths: list[Path]) -> list[RunFile]:
    """The run files with their records; each named relative to the files' common folder
    (no local path leaks into a published card)."""
    if not paths:
        return []
    parents = [str(path.resolve().parent) for path in paths]
    common = Path(os.path.commonpath(parents))
    return [
        RunFile(path, path.resolve().relative_to(common).as_posix(), _record(path))
        for path in paths
    ]


def _record(path: Path) -> list[dict[str, Any]] | None:
    record = record_path(path)
    if not record.exists():
        return None
    try:
        runs = json.loads(record.read_text("utf-8"))["runs"]
        if not (runs and isinstance(runs, list) and all(isinstance(run, dict) for run in runs)):
            raise TypeError("runs is not a list of objects")
        written, now = runs[-1].get("file") or {}, file_identity(path)
    except (OSError, ValueError, TypeError, KeyError, AttributeError) as error:
        logger.warning("Ignoring the unreadable run record %s: %s", record, error)
        return None
    if (written.get("size"), written.get("first_line")) != (now["size"], now["first_line"]):
        # Lines a killed run appended, or a file changed since: the record does not cover it.
        logger.warning("Ignoring the run record %s: its run file changed after the last "
                       "recorded run", record)
        return None
    return runs


def recorded(files: list[RunFile]) -> list[dict[str, Any]]:
    """Every run the records describe."""
    return [run for file in files for run in file.runs or []]


def unrecorded(files: list[RunFile]) -> int:
    """How many run files have no record."""
    return sum(file.runs is None for file in files)


def source(run: dict[str, Any]) -> str:
    """Where the run read pages: ``live``, an archive (``commoncrawl``, …), either through a
    replay server (``replay (URL)``, ``commoncrawl via replay (URL)``), or unknown."""
    found = _object(run, "source")
    kind, replay = str(found.get("kind", UNKNOWN)), found.get("replay")
    if not replay:
        return kind
    return f"replay ({replay})" if kind == "live" else f"{kind} via replay ({replay})"


def replayed(run: dict[str, Any]) -> bool:
    """Whether the run read saved snapshots from a replay server."""
    return bool(_object(run, "source").get("replay"))


def window(run: dict[str, Any]) -> str:
    """The run's publication window: ``since – until``, ``all`` when unbounded."""
    bounds = _object(run, "window")
    since, until = bounds.get("since"), bounds.get("until")
    if not (since or until):
        return "all"
    return f"{since or '…'} – {until or '…'}"


def _object(run: dict[str, Any], key: str) -> dict[str, Any]:
    value = run.get(key)
    return value if isinstance(value, dict) else {}


def setting_values(files: list[RunFile]) -> dict[str, Counter[str]]:
    """Per setting of :data:`RUN_SETTINGS`: its values (as JSON) and how many recorded runs
    had each (``unknown`` where a record leaves it out)."""
    runs = recorded(files)
    return {
        name: Counter(
            json.dumps(_object(run, "settings")[name], ensure_ascii=False)
            if name in _object(run, "settings") else UNKNOWN
            for run in runs
        )
        for name in RUN_SETTINGS
    }
