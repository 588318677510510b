"""The standfirst: the summary a page shows between an article's headline and its body.

Publishing systems often put it outside the body's container, which is all body extraction
keeps, so it is looked for in the page itself, from the headline on, up to the first
paragraph of the body (the body's own paragraphs are body, however they are named). The page
marks it in one of three ways:

- a class or id that names a lead (``lead``, ``standfirst``, ``subtitle``, ``intro``,
  ``announce``, ``summary``, …), or ``itemprop="description"``;
- a paragraph all in bold (``<p><strong>…</strong></p>``) before the body;
- a heading or block before the body that shows the page's ``description`` (meta or JSON-LD).

A marked standfirst is the article's lead. A paragraph of prose right before the body that
nothing marks is the body's first paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from lxml.etree import XPath

if TYPE_CHECKING:
    from collections.abc import Iterable

    from lxml.html import HtmlElement

_VISIBLE_TEXT = XPath(".//text()[not(ancestor::script or ancestor::style or ancestor::noscript)]")
_LEAD_NAME = re.compile(
    r"(?:^|[\s_-])(?:lead|lede|standfirst|sub-?(?:title|head|header|headline|line)|dek|deck"
    r"|intro|announce|anons|excerpt|summary)(?:$|[\s_-])",
    re.IGNORECASE,
)
# Names of what is never the standfirst, nor holds it: a picture, its caption and credit, the
# byline, the date line, a share bar.
_NOT_LEAD_NAME = re.compile(
    r"caption|credit|photo|image|media|author|byline|date|time|meta|share", re.IGNORECASE
)
# Never the standfirst, nor anything inside them.
_SKIPPED = frozenset({
    "a", "address", "aside", "button", "figcaption", "figure", "footer", "form", "h1", "header",
    "iframe", "li", "nav", "noscript", "ol", "script", "style", "svg", "template", "time", "ul",
})
_BOLD = frozenset({"b", "strong"})
_TEXT_BLOCKS = frozenset({"p", "div", "span", "h2", "h3", "h4", "section"})
_SENTENCE_END = re.compile(r"[.!?…»\"”)]$")
MIN_CHARS = 40
MAX_CHARS = 1500
# A block that shows a description cut short is at most this many times as long.
_DESCRIPTION_SHARE = 2
# An unmarked paragraph is prose when it has at least this many words.
MIN_PROSE_WORDS = 12
# How far the search goes: ancestors of the headline, and elements looked at.
_LEVELS = 3
_MAX_ELEMENTS = 120
_MAX_PARTS = 3


@dataclass
class Standfirst:
    """What the page shows between headline and body: its marked lead, or unmarked prose."""

    lead: list[str] = field(default_factory=list)
    prose: str | None = None


@dataclass
class _Search:
    headline: str
    descriptions: list[str]
    found: Standfirst = field(default_factory=Standfirst)
    budget: int = _MAX_ELEMENTS
    prose: str | None = None
    """The last element with text seen, when it was an unmarked paragraph of prose."""


def find_standfirst(headline: HtmlElement, descriptions: Iterable[str | None]) -> Standfirst:
    """The standfirst after ``headline``; ``descriptions`` are what the page's meta and
    structured data give as its description."""
    search = _Search(
        _folded(_text(headline)),
        [_folded(d).rstrip(".…") for d in descriptions if d and d.strip()],
    )
    node = headline
    for _ in range(_LEVELS + 1):
        for sibling in node.itersiblings():
            if _scan(sibling, search):
                return search.found
        parent = node.getparent()
        if parent is None or parent.tag in ("body", "html", "article", "main"):
            break
        node = parent
    return search.found


def _scan(element: HtmlElement, search: _Search) -> bool:
    """Look at ``element`` and what it holds; True once the body is reached."""
    search.budget -= 1
    if search.budget < 0 or len(search.found.lead) >= _MAX_PARTS:
        return True
    if not isinstance(element.tag, str) or element.tag in _SKIPPED or _not_lead(element):
        return False
    if (element.tag == "p" and _is_body_paragraph(element)) or _holds_paragraphs(element):
        if not search.found.lead:
            search.found.prose = search.prose
        return True
    if element.tag in _TEXT_BLOCKS and (
        _named_lead(element) or _all_bold(element) or _is_description(element, search)
    ):
        _keep(element, search)
        search.prose = None
        return False
    if element.tag == "p":
        text = _text(element)
        prose = len(text.split()) >= MIN_PROSE_WORDS and bool(_SENTENCE_END.search(text))
        search.prose = text if prose else (None if text else search.prose)
        return False
    if (element.text or "").strip():
        search.prose = None
    return any(_scan(child, search) for child in element)


def _keep(element: HtmlElement, search: _Search) -> None:
    text = _text(element)
    if (
        MIN_CHARS <= len(text) <= MAX_CHARS
        and text not in search.found.lead
        and _folded(text) != search.headline
    ):
        search.found.lead.append(text)


def _not_lead(element: HtmlElement) -> bool:
    return bool(_NOT_LEAD_NAME.search(f"{element.get('class', '')} {element.get('id', '')}"))


def _holds_paragraphs(element: HtmlElement) -> bool:
    return len(element.findall("p")) >= 2


def _is_body_paragraph(paragraph: HtmlElement) -> bool:
    parent = paragraph.getparent()
    return parent is not None and _holds_paragraphs(parent)


def _named_lead(element: HtmlElement) -> bool:
    return "description" in (element.get("itemprop") or "").lower() or bool(
        _LEAD_NAME.search(f"{element.get('class', '')} {element.get('id', '')}")
    )


def _all_bold(element: HtmlElement) -> bool:
    """Whether all of the element's text is inside ``<b>``/``<strong>`` children."""
    if element.tag not in ("p", "div") or (element.text or "").strip():
        return False
    bold = [child for child in element if isinstance(child.tag, str)]
    return bool(bold) and all(
        child.tag in _BOLD and not (child.tail or "").strip() for child in bold
    )


def _is_description(element: HtmlElement, search: _Search) -> bool:
    """Whether a block shows the page's description, or begins with it when the description
    is cut short. A paragraph does not count (the body's first paragraph often serves as the
    description), nor a block of several lines or holding other blocks (a body's container)."""
    if (
        not search.descriptions
        or element.tag == "p"
        or element.find("br") is not None
        or any(child.tag in _TEXT_BLOCKS for child in element)
    ):
        return False
    text = _folded(element.text_content())
    return len(text) >= MIN_CHARS and any(
        len(description) >= MIN_CHARS
        and len(text) <= _DESCRIPTION_SHARE * len(description)
        and text.startswith(description)
        for description in search.descriptions
    )


def _text(element: HtmlElement) -> str:
    return " ".join("".join(_VISIBLE_TEXT(element)).split())


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()
