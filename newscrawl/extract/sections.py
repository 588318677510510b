"""An article's section as its breadcrumb trail names it: JSON-LD, microdata or markup.

The section is the last step of the trail that is neither the home page nor the article
itself ("Главная › Общество › <the article>" → "Общество").
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from lxml.etree import XPath

from newscrawl.core.urls import resolve
from newscrawl.extract.structured import Crumb

if TYPE_CHECKING:
    from collections.abc import Iterable

    from lxml.html import HtmlElement

# The first trail in document order (a trail's container precedes its items).
_TRAIL = XPath(
    "descendant::*[contains(@class, 'readcrumb') or contains(@class, 'readCrumb')"
    " or contains(@class, 'ReadCrumb') or contains(@itemtype, 'BreadcrumbList')"
    " or (self::nav and contains(@aria-label, 'readcrumb'))][1]"
)
# The spellings every trail's markup has. Searching the page's text for one inside a class,
# aria-label or itemtype value is far faster than searching its tree, which is done only then.
_TRAIL_WORDS = ("readcrumb", "readCrumb", "ReadCrumb")
_ATTRIBUTE_VALUE = re.compile(r"""(?:class|aria-label|itemtype)\s*=\s*["']?[^"'<>=]*$""")
_ATTRIBUTE_REACH = 120
_ITEM_TAGS = frozenset({"li", "a", "span"})
_HOME_NAMES = frozenset(
    {"главная", "главная страница", "на главную", "басты бет", "басты", "home", "home page"}
)
# A site's home page in one of its languages (``/kz/``, ``/rus/``).
_LANGUAGE_ROOTS = frozenset({"ru", "rus", "kk", "kz", "kaz", "qaz", "qz", "en", "eng"})
_SEPARATORS = " \t\n/|»›>→·•"
MAX_SECTION_CHARS = 100


def markup_trail(tree: HtmlElement, html: str, base: str) -> list[Crumb]:
    """The first breadcrumb trail of the page's markup (``html`` is its text): microdata
    items, else its links."""
    if not _marks_trail(html):
        return []
    container = next(iter(_TRAIL(tree)), None)
    if container is None:
        return []
    if container.tag in _ITEM_TAGS and container.getparent() is not None:
        container = container.getparent()
    items = container.xpath(".//*[@itemprop='itemListElement']")
    if items:
        return [crumb for item in items if (crumb := _microdata_crumb(item, base))]
    return [
        Crumb(name, resolve(base, link.get("href")))
        for link in container.iter("a")
        if (name := _name(link.text_content()))
    ]


def section_of_trail(
    crumbs: Iterable[Crumb], article_urls: Iterable[str], title: str
) -> str | None:
    """The last crumb that is neither the home page nor the article (its URL or its title)."""
    own = {_comparable(url) for url in article_urls}
    folded_title = title.casefold()
    for crumb in reversed(list(crumbs)):
        if crumb.name.casefold() in _HOME_NAMES or crumb.name.casefold() == folded_title:
            continue
        if crumb.url and (_is_root(crumb.url) or _comparable(crumb.url) in own):
            continue
        if len(crumb.name) <= MAX_SECTION_CHARS:
            return crumb.name
    return None


def _marks_trail(html: str) -> bool:
    """Whether a breadcrumb word stands in a class, aria-label or itemtype value of ``html``."""
    for word in _TRAIL_WORDS:
        at = html.find(word)
        while at >= 0:
            if _ATTRIBUTE_VALUE.search(html[max(0, at - _ATTRIBUTE_REACH):at]):
                return True
            at = html.find(word, at + len(word))
    return False


def _microdata_crumb(item: HtmlElement, base: str) -> Crumb | None:
    named = item.xpath(".//*[@itemprop='name']")
    target = item.xpath(".//*[@itemprop='item']")
    raw = (named[0].get("content") or named[0].text_content()) if named else item.text_content()
    href = None
    if target:
        href = target[0].get("href") or target[0].get("itemid") or target[0].get("content")
    name = _name(raw)
    return Crumb(name, resolve(base, href)) if name else None


def _name(text: str) -> str:
    return " ".join(text.split()).strip(_SEPARATORS)


def _is_root(url: str) -> bool:
    path = urlsplit(url).path.strip("/").lower()
    return not path or path in _LANGUAGE_ROOTS


def _comparable(url: str) -> str:
    parts = urlsplit(url)
    return f"{(parts.hostname or '').removeprefix('www.')}{parts.path.rstrip('/')}"
