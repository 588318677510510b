"""Settling a killed writer: which of its pending articles reached its feed files."""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path


def alive(pid: int) -> bool:
    """Whether a process of this host is running."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def written_urls(path: Path) -> set[str]:
    """Canonical URLs of the whole lines of a JSON Lines feed; an unfinished last line is cut."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return set()
    whole = data[: data.rfind(b"\n") + 1]
    if len(whole) < len(data):
        with path.open("r+b") as file:
            file.truncate(len(whole))
    urls = set()
    for line in whole.splitlines():
        try:
            urls.add(json.loads(line)["canonical_url"])
        except (ValueError, KeyError, TypeError):
            continue
    return urls
