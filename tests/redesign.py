"""A "redesigned" copy of the aqnews snapshot: the same URLs, new markup."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tests.incremental import SNAPSHOTS

if TYPE_CHECKING:
    from pathlib import Path

# Old class name → new one: the body container, the date line and every block the
# profile's selectors and drop list name.
RENAMED = {
    "article__body": "story-text",
    "article__meta": "story-info",
    "article__date": "story-when",
    "article__author": "story-by",
    "article__title": "story-head",
    "article__lead": "story-intro",
    "article__tags": "story-topics",
    "article__subscribe": "story-promo",
    "read-also": "see-also",
    "subscribe-banner": "tg-promo",
    "share": "social",
    "related": "more-news",
    "comments": "talk",
    "breadcrumbs": "crumbs",
}
_CLASS = re.compile(r'class="([^"]*)"')
# The new templates no longer put the dates in structured data.
_DATES = re.compile(
    r'\s*"date(?:Published|Modified)":\s*"[^"]*",?'
    r'|<meta property="article:(?:published|modified)_time"[^>]*>'
)


def _rename(match: re.Match[str]) -> str:
    classes = []
    for name in match.group(1).split():
        block, _, element = name.partition("__")
        if name in RENAMED:
            classes.append(RENAMED[name])
        elif element and block in RENAMED:
            classes.append(f"{RENAMED[block]}__{element}")
        else:
            classes.append(name)
    return f'class="{" ".join(classes)}"'


def redesigned_aqnews(target: Path) -> Path:
    """A snapshot tree with only aqnews.kz, its article pages in the new markup.

    Listings, feeds and sitemaps are unchanged; every article page keeps its URL and text,
    but its body container, date element and boilerplate blocks carry new class names,
    and its JSON-LD and meta tags no longer give dates.
    """
    source = SNAPSHOTS / "aqnews.kz"
    for path in source.rglob("*"):
        if path.is_dir():
            continue
        copy = target / "aqnews.kz" / path.relative_to(source)
        copy.parent.mkdir(parents=True, exist_ok=True)
        data = path.read_bytes()
        if path.name == "index.html" and b'property="og:type" content="article"' in data:
            text = _DATES.sub("", _CLASS.sub(_rename, data.decode("utf-8")))
            data = text.replace(",\n }", "\n }").encode("utf-8")
        copy.write_bytes(data)
    return target
