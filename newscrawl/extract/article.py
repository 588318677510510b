"""HTML + URL + profile → article fields. Pure: no Scrapy, no network, no disk."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import trafilatura
from cssselect import GenericTranslator
from trafilatura.utils import load_html

from newscrawl.core import stats
from newscrawl.core.article import schema_errors, valid_field
from newscrawl.core.profile import SUPPORTED_LANGUAGES, Selectors, timezone_for_host
from newscrawl.core.urls import canonicalize, registered_domain, resolve
from newscrawl.extract.dates import to_iso
from newscrawl.extract.encoding import looks_garbled
from newscrawl.extract.errors import NotAnArticle
from newscrawl.extract.fingerprint import content_hash
from newscrawl.extract.hygiene import is_boilerplate, is_default_image, without_dateline
from newscrawl.extract.language import detect_language
from newscrawl.extract.published import gather_clues, modification, publication
from newscrawl.extract.structured import (
    MAX_NAMES,
    StructuredData,
    first_url,
    keywords,
    names,
    read_structured_data,
)

if TYPE_CHECKING:
    from datetime import datetime

    from lxml.html import HtmlElement

    from newscrawl.core.profile import OutletProfile

MIN_BODY_WORDS = 40
# A page that calls itself a website is an article when its body is at least this long.
MIN_WEBSITE_WORDS = 150
# The schema's longest title; a longer one is cut at a word.
MAX_TITLE_CHARS = 1000
# Blocks that are never body text, on any site.
ALWAYS_DROP = ("figcaption",)
_CREDIT = re.compile(r"^(?:фото|фотография|видео|инфографика|сурет|photo|источник фото)\b", re.I)
_CREDIT_MAX_CHARS = 120
_WORD = re.compile(r"\w+")
_TITLE_SEPARATOR = re.compile(r"\s+[|–—-]\s+|\s+::\s+")
_AUTHOR_LABEL = re.compile(
    r"^(?:автор(?:ы)?(?: материала)?|текст|author(?:s)?|by|авторы?|мәтін авторы)\s*[:\-–—]?\s*",
    re.IGNORECASE,
)
_AUTHOR_SEPARATORS = re.compile(r"\s*(?:,|;|\s+и\s+|\s+және\s+|\s+and\s+)\s*")
_css = GenericTranslator()


@dataclass(frozen=True)
class _Rules:
    outlet: str
    zone: ZoneInfo
    languages: tuple[str, ...]
    selectors: Selectors
    hosts: tuple[str, ...]


def extract_article(
    html: str,
    url: str,
    fetched_at: datetime,
    profile: OutletProfile | None = None,
    notes: list[str] | None = None,
) -> dict[str, Any]:
    """Article fields of one page, as the schema names them.

    ``html`` is decoded text, ``url`` the live URL it was fetched from, ``profile`` the
    outlet's (None: the generic path, with a time zone guessed from the host's country).
    Raises :class:`NotAnArticle` for pages that are not articles. A field the page gives in a
    form the schema refuses (an author of 300 characters, say) is trimmed or left out, never
    the article: ``notes``, if given, receives a counter name for each such repair and for
    each part of the page that could not be read.
    """
    notes = [] if notes is None else notes
    rules = _rules_for(url, profile)
    if not html.strip():
        raise NotAnArticle("empty")
    tree = load_html(html)
    if tree is None:
        raise NotAnArticle("unparsable_html")
    data = read_structured_data(tree)
    notes += data.problems
    visible = _visible_fields(tree, rules.selectors)
    # Dates first: the clues they may need are gone once trafilatura has pruned the tree.
    published = publication(
        data, lambda: gather_clues(tree, _headline(tree)), selector_text=visible.get("date"),
        zone=rules.zone, languages=rules.languages, fetched_at=fetched_at, notes=notes,
    )
    modified = modification(data, rules.zone, fetched_at, notes)

    document = trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=False,
        include_comments=False,
        include_tables=True,
        include_images=False,
        deduplicate=False,
        prune_xpath=_prune_xpaths(rules.selectors) or None,
    )
    body = _paragraphs(document.text if document else "")
    word_count = len(_WORD.findall(body))
    if refusal := _not_an_article_type(data, word_count):
        raise NotAnArticle("not_article_type", refusal)
    if word_count < MIN_BODY_WORDS and _paywalled(data):
        raise NotAnArticle("paywall", f"{word_count} words")
    if word_count < MIN_BODY_WORDS:
        raise NotAnArticle("too_short", f"{word_count} words")
    if looks_garbled(body):
        raise NotAnArticle("garbled_text", "Cyrillic decoded with the wrong charset")

    title = (
        visible.get("title")
        or _clean(data.article.get("headline"))
        or _single_h1(tree)
        or data.first_meta("og:title")
        or _page_title(tree)
    )
    if not title:
        raise NotAnArticle("no_title")
    lead = visible.get("lead")
    authors = _authors(data, visible, document, rules)
    body = without_dateline(_without_repeats(body, {title, lead, ", ".join(authors)}))
    word_count = len(_WORD.findall(body))
    if word_count < MIN_BODY_WORDS:
        raise NotAnArticle("too_short", f"{word_count} words besides the title and byline")
    return _repaired({
        "url": url,
        "canonical_url": _canonical_url(url, data, rules),
        "outlet": rules.outlet,
        "language": detect_language(f"{title}\n{lead or ''}\n{body}", data.html_lang),
        "title": title,
        "lead": lead,
        "body": body,
        "authors": authors,
        "published_at": to_iso(published),
        "modified_at": to_iso(modified),
        "section": _section(data, visible),
        "tags": _tags(data, visible),
        "image_url": _image(url, data, document),
        "fetched_at": to_iso(fetched_at),
        "content_hash": content_hash(body),
        "word_count": word_count,
    }, notes)


def _not_an_article_type(data: StructuredData, word_count: int) -> str | None:
    """The ``og:type`` that says the page is no article, unless something else says it is.

    Article markup (JSON-LD, microdata) wins over ``og:type``. ``website``, which many sites
    give every page, refuses a page only when its body is short, as on galleries and videos;
    any other type (``video.other``) refuses it.
    """
    declared = (data.first_meta("og:type") or "").lower()
    if not declared or data.declares_article:
        return None
    if declared == "website" and word_count >= MIN_WEBSITE_WORDS:
        return None
    return declared


def _repaired(fields: dict[str, Any], notes: list[str]) -> dict[str, Any]:
    """``fields`` with each optional field the schema refuses trimmed or left out (noted as
    ``field/trimmed/<name>`` or ``field/dropped/<name>``); the rest is the validation's."""
    if not schema_errors(fields):
        return fields
    title = fields["title"]
    if isinstance(title, str) and len(title) > MAX_TITLE_CHARS:
        cut = title[: MAX_TITLE_CHARS - 1]
        fields["title"] = (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip() + "…"
        notes.append(stats.field_trimmed("title"))
    for name in ("authors", "tags"):
        kept = [value for value in fields[name] if valid_field(name, [value])]
        if len(kept) < len(fields[name]):
            fields[name] = kept
            notes.append(stats.field_dropped(name))
    for name in ("lead", "section", "image_url", "published_at", "modified_at"):
        if fields[name] is not None and not valid_field(name, fields[name]):
            fields[name] = None
            notes.append(stats.field_dropped(name))
    return fields


def _rules_for(url: str, profile: OutletProfile | None) -> _Rules:
    if profile is not None:
        return _Rules(
            outlet=profile.name,
            zone=profile.zone,
            languages=profile.languages,
            selectors=profile.selectors,
            hosts=profile.hosts,
        )
    host = (urlsplit(url).hostname or "").lower()
    return _Rules(
        outlet=registered_domain(host),
        zone=ZoneInfo(timezone_for_host(host)),
        languages=tuple(sorted(SUPPORTED_LANGUAGES)),
        selectors=Selectors(),
        hosts=(host,),
    )


def _paywalled(data: StructuredData) -> bool:
    free = data.article.get("isAccessibleForFree")
    return free is False or str(free).strip().lower() == "false"


def _prune_xpaths(selectors: Selectors) -> list[str]:
    css = [*ALWAYS_DROP, *selectors.drop, *(s for s in (selectors.title, selectors.lead) if s)]
    return [_css.css_to_xpath(rule) for rule in css]


def _visible_fields(tree: HtmlElement, selectors: Selectors) -> dict[str, Any]:
    """Text of the profile's selectors, read before trafilatura prunes the tree."""

    def texts(css: str | None) -> list[str]:
        if not css:
            return []
        return [text for element in tree.cssselect(css) if (text := _text_of(element))]

    return {
        "title": next(iter(texts(selectors.title)), None),
        "lead": "\n\n".join(texts(selectors.lead)) or None,
        "date": next(iter(texts(selectors.date)), None),
        "authors": texts(selectors.authors),
        "section": next(iter(texts(selectors.section)), None),
        "tags": texts(selectors.tags),
    }


def _text_of(element: HtmlElement) -> str:
    blocks = element.xpath(".//p")
    if blocks:
        return "\n\n".join(t for p in blocks if (t := _clean(p.text_content())))
    return _clean(element.text_content()) or ""


def _clean(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    return " ".join(unescape(value).split()) or None


def _paragraphs(text: str) -> str:
    return "\n\n".join(line for raw in text.splitlines() if (line := " ".join(raw.split())))


def _without_repeats(body: str, repeated: set[str | None]) -> str:
    """``body`` without paragraphs that repeat the title, lead or byline, nor photo credits,
    cross-links and what social embeds leave behind."""
    folded = {" ".join(text.casefold().split()) for text in repeated if text}
    return "\n\n".join(
        paragraph
        for paragraph in body.split("\n\n")
        if paragraph.casefold() not in folded
        and not (len(paragraph) <= _CREDIT_MAX_CHARS and _CREDIT.match(paragraph))
        and not is_boilerplate(paragraph)
    )


def _headline(tree: HtmlElement) -> HtmlElement | None:
    """The article's ``<h1>``: the first inside ``<article>`` or ``<main>``, else the first."""
    found = tree.xpath("(//article//h1 | //main//h1)[1]") or tree.xpath("(//h1)[1]")
    return found[0] if found else None


def _page_title(tree: HtmlElement) -> str | None:
    """The ``<title>`` without the site's name: its longest part between separators."""
    titles = tree.xpath("//title/text()")
    text = _clean(titles[0]) if titles else None
    if not text:
        return None
    return max(_TITLE_SEPARATOR.split(text), key=len).strip() or None


def _single_h1(tree: HtmlElement) -> str | None:
    headings = tree.xpath("//h1")
    return _clean(headings[0].text_content()) if len(headings) == 1 else None


def _canonical_url(url: str, data: StructuredData, rules: _Rules) -> str:
    declared = resolve(url, data.canonical)
    if declared:
        host = urlsplit(declared).hostname or ""
        if registered_domain(host) in {registered_domain(h) for h in rules.hosts}:
            return canonicalize(declared)
    return canonicalize(url)


def _authors(
    data: StructuredData, visible: dict[str, Any], document: Any, rules: _Rules
) -> list[str]:
    candidates = (
        names(data.article.get("author"), people_only=True)
        or visible["authors"]
        or [a for a in data.meta.get("author", []) if not _names_outlet(a, rules)]
        or ([document.author] if document and document.author else [])
    )
    outlet_names = {_letters(registered_domain(host)) for host in rules.hosts}
    authors: dict[str, None] = {}
    for candidate in candidates[:MAX_NAMES]:
        for name in _AUTHOR_SEPARATORS.split(_AUTHOR_LABEL.sub("", candidate.strip())):
            if (
                name
                and name not in authors
                and not _CREDIT.match(name)
                and not any(outlet in _letters(name) for outlet in outlet_names)
            ):
                authors[name] = None
                if len(authors) >= MAX_NAMES:
                    return list(authors)
    return list(authors)


def _names_outlet(name: str, rules: _Rules) -> bool:
    letters = _letters(name)
    return any(_letters(registered_domain(host)) in letters for host in rules.hosts)


def _letters(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalnum())


def _section(data: StructuredData, visible: dict[str, Any]) -> str | None:
    section = data.article.get("articleSection")
    if isinstance(section, list):
        section = next((s for s in section if isinstance(s, str)), None)
    return _clean(section) or data.first_meta("article:section") or visible["section"]


def _tags(data: StructuredData, visible: dict[str, Any]) -> list[str]:
    candidates = (
        [t.strip() for t in data.meta.get("article:tag", []) if t.strip()]
        or visible["tags"]
        or keywords(data.article.get("keywords"))
    )
    # Tag links often show a hashtag ("#Экономика"); the tag is the word.
    return list(dict.fromkeys(tag for t in candidates if (tag := t.lstrip("#").strip())))


def _image(url: str, data: StructuredData, document: Any) -> str | None:
    """The article's picture: never the site's logo or default share image."""
    candidates = (
        data.first_meta("og:image", "og:image:url", "twitter:image"),
        first_url(data.article.get("image")),
        document.image if document else None,
    )
    resolved = (resolve(url, candidate) for candidate in candidates)
    return next((image for image in resolved if image and not is_default_image(image)), None)
