"""Settling a killed writer: which of its articles reached its feed files.

A writer records an article once its line is written, and commits its records in batches: a
writer killed before a commit leaves lines the state does not know. They were written, so
they are adopted (:func:`adopt`); an article in no feed file was not, and is fetched again.
"""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING, Any

from newscrawl.extract.fingerprint import fingerprint
from newscrawl.state.store import StoredArticle

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

    from newscrawl.state.store import CrawlState

# What a line needs to be recorded as an article.
_RECORDED = ("canonical_url", "url", "outlet", "content_hash", "fetched_at", "body")


def alive(pid: int) -> bool:
    """Whether a process of this host is running."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def written_articles(path: Path) -> dict[str, dict[str, Any]]:
    """The articles of the whole lines of a JSON Lines feed, by canonical URL (the last line
    of each); an unfinished last line is cut."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return {}
    whole = data[: data.rfind(b"\n") + 1]
    if len(whole) < len(data):
        with path.open("r+b") as file:
            file.truncate(len(whole))
    articles = {}
    for line in whole.splitlines():
        try:
            item = json.loads(line)
        except ValueError:
            continue
        if isinstance(item, dict) and isinstance(item.get("canonical_url"), str):
            articles[item["canonical_url"]] = item
    return articles


def adopt(state: CrawlState, items: Iterable[dict[str, Any]]) -> int:
    """Record the written articles ``state`` does not know (or knows at an earlier revision),
    with the page they came from: how many."""
    adopted = 0
    for item in items:
        if not all(isinstance(item.get(key), str) for key in _RECORDED):
            continue
        revision = item.get("revision") or 1
        stored = state.article(item["canonical_url"])
        if stored is not None and stored.revision >= revision:
            continue
        marks = fingerprint(item["body"])
        article = StoredArticle.of(item, marks.signature)
        state.add_article(article, [article.url], marks.band_keys)
        adopted += 1
    return adopted
