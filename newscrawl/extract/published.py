"""When an article was published (and modified): every source a page may give, strongest first.

1. ``json_ld`` / ``microdata``: the page's Article markup (``datePublished``);
2. ``meta``: ``article:published_time`` and the other names publishers use;
3. ``time``: a ``<time datetime>`` inside the article (``<article>``, ``<main>``, or marked
   ``itemprop="datePublished"``);
4. ``selector``: the text of the profile's date selector;
5. ``visible``: a short text near the headline that reads as a date, in Russian, Kazakh or
   English ("17.05.2024 20:15", "12 қазан 2023, 09:45", "Вчера, 18:05"), in an element whose
   class or id says date or time, or among the first elements after the headline.

The first source whose date can be a publication time (:func:`~.dates.plausible`) wins; the
note ``date_source/<source>`` says which, so that a crawl can tell when an outlet's dates start
coming from a weaker one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from newscrawl.core import stats
from newscrawl.extract.dates import (
    MONTH_STEMS,
    parse_http_date,
    parse_iso,
    parse_visible,
    plausible,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from lxml.html import HtmlElement

    from newscrawl.extract.structured import StructuredData

PUBLISHED_META = (
    "article:published_time", "og:published_time", "og:article:published_time",
    "datepublished", "pubdate", "publishdate", "publish-date", "published_time",
    "article.published", "dc.date", "dc.date.issued", "dcterms.created", "dcterms.issued",
    "sailthru.date", "parsely-pub-date", "date",
)
MODIFIED_META = ("article:modified_time", "og:updated_time", "datemodified", "dcterms.modified")
_TIME_XPATH = (
    "//article//time[@datetime] | //main//time[@datetime]"
    " | //*[@itemprop='datePublished'][@datetime or @content]"
)
# A class or id that names the date line; ones that name a teaser list do not count.
_DATE_NAME = re.compile(r"date|time|publi|posted|дата", re.IGNORECASE)
_LIST_NAME = re.compile(
    r"related|card|teaser|list|item|feed|more|also|popular|sidebar|header__|nav|menu|footer",
    re.IGNORECASE,
)
_OUTSIDE = frozenset({"nav", "footer", "aside", "script", "style"})
# A date line is short and looks like a date: numbers with a month, or a relative day.
_MAX_CHARS = 80
_DATE_LIKE = re.compile(
    rf"\d{{1,2}}[./-]\d{{1,2}}[./-]\d{{2,4}}|\d{{4}}-\d{{2}}-\d{{2}}"
    rf"|\d\s*(?:{MONTH_STEMS})|(?:{MONTH_STEMS})[a-zа-яәғқңөұүһі]*\.?\s+\d"
    r"|(?:вчера|сегодня|кеше|бүгін|yesterday|today)\W+\d{1,2}:\d{2}"
    r"|\d+\s+\w+\s+(?:назад|бұрын|ago)",
    re.IGNORECASE,
)
_NEAR_ELEMENTS = 8
_MAX_CLUES = 12


@dataclass
class DateClues:
    """What the page's markup offers beyond structured data, read before the tree is pruned."""

    times: list[str] = field(default_factory=list)
    nearby: list[str] = field(default_factory=list)


def gather_clues(tree: HtmlElement, headline: HtmlElement | None) -> DateClues:
    """The ``<time datetime>`` values of the article and the short texts near ``headline``."""
    times = [
        value for element in tree.xpath(_TIME_XPATH)[:_MAX_CLUES]
        if (value := element.get("datetime") or element.get("content"))
    ]
    return DateClues(times, _nearby_texts(headline) if headline is not None else [])


def publication(
    data: StructuredData,
    clues: Callable[[], DateClues],
    *,
    selector_text: str | None,
    zone: ZoneInfo,
    languages: Iterable[str],
    fetched_at: datetime,
    notes: list[str],
) -> datetime | None:
    """The publication time, from the first source that gives a plausible one (noted).

    ``clues`` is called only when neither structured data nor meta give a date, and once.
    """
    structured = "microdata" if data.from_microdata else "json_ld"
    gathered = cache(clues)

    def visible(texts: Callable[[], Iterable[str]]) -> Callable[[], datetime | None]:
        return lambda: next(
            (moment for text in texts()
             if (moment := plausible(parse_visible(text, zone, languages, fetched_at),
                                     fetched_at))),
            None,
        )

    return _first(fetched_at, notes, [
        (structured, lambda: parse_iso(data.article.get("datePublished"), zone)),
        ("meta", lambda: _meta_date(data, PUBLISHED_META, zone)),
        ("time", lambda: next(
            (moment for value in gathered().times
             if (moment := plausible(parse_iso(value, zone), fetched_at))),
            None,
        )),
        ("selector", visible(lambda: [selector_text] if selector_text else [])),
        ("visible", visible(lambda: gathered().nearby)),
    ])


def modification(
    data: StructuredData, zone: ZoneInfo, fetched_at: datetime, notes: list[str]
) -> datetime | None:
    """The last modification time the page declares, if plausible."""
    return _first(fetched_at, notes, [
        ("", lambda: parse_iso(data.article.get("dateModified"), zone)),
        ("", lambda: _meta_date(data, MODIFIED_META, zone)),
    ])


def _first(
    fetched_at: datetime,
    notes: list[str],
    sources: list[tuple[str, Callable[[], datetime | None]]],
) -> datetime | None:
    for name, source in sources:
        moment = source()
        if moment is None:
            continue
        if plausible(moment, fetched_at):
            if name:
                notes.append(stats.date_source(name))
            return moment
        notes.append(stats.DATE_IMPLAUSIBLE)
    return None


def _meta_date(data: StructuredData, names: Iterable[str], zone: ZoneInfo) -> datetime | None:
    value = data.first_meta(*names)
    return parse_iso(value, zone) or parse_http_date(value, zone)


def _nearby_texts(headline: HtmlElement) -> list[str]:
    """Short texts with a digit near the headline: in date-named elements of the headline's
    container first, then in the elements that follow the headline."""
    container = headline.getparent()
    for _ in range(2):
        if container is None or container.getparent() is None:
            break
        container = container.getparent()
    named = [] if container is None else [
        element for element in container.iter()
        if isinstance(element.tag, str)
        and _DATE_NAME.search(f"{element.get('class', '')} {element.get('id', '')}")
        and not _LIST_NAME.search(element.get("class", ""))
        and not _in_a_list(element, container)
    ]
    following = [
        element for element in headline.itersiblings()
        if isinstance(element.tag, str)
    ][:_NEAR_ELEMENTS]
    texts = []
    for element in [*named, *following][: _MAX_CLUES * 2]:
        text = " ".join(element.text_content().split())
        if text and len(text) <= _MAX_CHARS and _DATE_LIKE.search(text) and text not in texts:
            texts.append(text)
    return texts[:_MAX_CLUES]


def _in_a_list(element: HtmlElement, container: HtmlElement) -> bool:
    """Whether ``element`` sits in a teaser list, a menu or a footer below ``container``."""
    for ancestor in element.iterancestors():
        if ancestor is container:
            return False
        if ancestor.tag in _OUTSIDE or _LIST_NAME.search(ancestor.get("class", "")):
            return True
    return False
