"""HTML + URL + profile → article fields. Pure: no Scrapy, no network, no disk."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape
from itertools import islice
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import trafilatura
from trafilatura.utils import load_html

from newscrawl.core import stats
from newscrawl.core.article import schema_errors, valid_field
from newscrawl.core.profile import SUPPORTED_LANGUAGES, Selectors, timezone_for_host
from newscrawl.core.urls import canonicalize, registered_domain, resolve
from newscrawl.extract.css import PageSelector
from newscrawl.extract.dates import to_iso
from newscrawl.extract.encoding import looks_garbled
from newscrawl.extract.errors import NotAnArticle
from newscrawl.extract.fingerprint import content_hash
from newscrawl.extract.hygiene import (
    is_boilerplate,
    is_cross_link,
    is_default_image,
    is_furniture,
    without_dateline,
)
from newscrawl.extract.language import detect_language
from newscrawl.extract.published import gather_clues, modification, publication
from newscrawl.extract.sections import markup_trail, section_of_trail
from newscrawl.extract.standfirst import Standfirst, find_standfirst
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
# The attribute that marks a block for trafilatura to prune, and the XPath that finds them.
DROP_MARK = "data-newscrawl-drop"
_MARKED = f"//*[@{DROP_MARK}]"
# The longest paragraph that is looked for among the page's links.
MAX_LINK_CHARS = 200
MAX_LABEL_WORDS = 6
# AMP elements that hold the page's content (the others are pictures, ads and widgets).
AMP_CONTAINERS = frozenset({
    "amp-accordion", "amp-carousel", "amp-fit-text", "amp-inline-gallery", "amp-layout",
    "amp-live-list", "amp-selector", "amp-truncate-text",
})
_CREDIT = re.compile(r"^(?:фото|фотография|видео|инфографика|сурет|photo|источник фото)\b", re.I)
_CREDIT_MAX_CHARS = 120
_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"[.!?…][\"'»”)]*$")
_FULL_STOP = re.compile(r"[.…][\"'»”)]*$")
_TITLE_SEPARATOR = re.compile(r"\s+[|–—-]\s+|\s+::\s+")
_AUTHOR_LABEL = re.compile(
    r"^(?:автор(?:ы)?(?: материала)?|текст|author(?:s)?|by|авторы?|мәтін авторы)\s*[:\-–—]?\s*",
    re.IGNORECASE,
)
_AUTHOR_SEPARATORS = re.compile(r"\s*(?:,|;|\s+и\s+|\s+және\s+|\s+and\s+)\s*")


@dataclass(frozen=True)
class _Rules:
    outlet: str
    zone: ZoneInfo
    languages: tuple[str, ...]
    selectors: Selectors
    domains: frozenset[str]
    """The registered domains of the outlet's hosts."""
    url_section: str | None = None


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
    page = PageSelector(tree, _selectors(rules.selectors))
    visible = _visible_fields(page, rules.selectors)
    headings = list(tree.iter("h1"))
    headline = _headline(headings)
    published = publication(
        data, lambda: gather_clues(tree, headline), selector_text=visible.get("date"),
        zone=rules.zone, languages=rules.languages, fetched_at=fetched_at, notes=notes,
    )
    modified = modification(data, rules.zone, fetched_at, notes)
    standfirst = (
        find_standfirst(headline, _descriptions(data))
        if headline is not None and not rules.selectors.lead else Standfirst()
    )
    if _without_amp_elements(tree):
        page = PageSelector(tree, _selectors(rules.selectors))
    pruned = _mark_for_pruning(page, rules.selectors)

    # Fast: without the comparison with readability and jusText trafilatura otherwise runs on
    # every page (a quarter of its time); its rescues of a short extraction still run. The
    # comparison changed 5 of the 181 aeb bodies, for the worse, and no KZ/RU page.
    document = trafilatura.bare_extraction(
        tree,
        url=url,
        fast=True,
        with_metadata=False,
        include_comments=False,
        include_tables=True,
        include_images=False,
        deduplicate=False,
        prune_xpath=_MARKED if pruned else None,
    )
    body = _paragraphs(document.text if document else "")
    # Counted only as far as any refusal looks: the body's final count comes below.
    word_count = sum(1 for _ in islice(_WORD.finditer(body), MIN_WEBSITE_WORDS))
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
        or (_clean(headings[0].text_content()) if len(headings) == 1 else None)
        or data.first_meta("og:title")
        or _page_title(tree)
    )
    if not title:
        raise NotAnArticle("no_title")
    lead = visible.get("lead") or "\n\n".join(standfirst.lead) or None
    authors = _authors(data, visible, document, rules)
    repeated = {
        title, _text_of(headline) if headline is not None else None, ", ".join(authors),
        url, data.canonical,
    }
    links = _Links(tree)
    body = _trimmed(
        _without_repeats(body, repeated | set((lead or "").split("\n\n")), links), links
    )
    if standfirst.prose and standfirst.prose.casefold() not in body.casefold():
        body = f"{standfirst.prose}\n\n{body}"
    body = without_dateline(body)
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
        "section": _section(data, visible, tree=tree, html=html, url=url, title=title,
                            rules=rules),
        "tags": _tags(data, visible),
        "image_url": _image(url, data, document),
        "fetched_at": to_iso(fetched_at),
        "content_hash": content_hash(body),
        "word_count": word_count,
    }, notes)


def _descriptions(data: StructuredData) -> list[str | None]:
    described = data.article.get("description")
    return [
        data.first_meta("description"), data.first_meta("og:description"),
        described if isinstance(described, str) else None,
    ]


def _without_amp_elements(tree: HtmlElement) -> bool:
    """An AMP page's custom elements replaced by what its plain HTML twin has: a container's
    content, nothing for pictures, ads and widgets.

    Trafilatura knows no ``amp-*`` element and drops each with the text that follows it, so
    a last paragraph after an ``<amp-img>`` or an ``<amp-ad>`` was lost.
    """
    root = tree.getroottree().getroot()
    if root.get("amp") is None and root.get("⚡") is None:
        return False
    for element in [e for e in root.iter() if isinstance(e.tag, str) and e.tag.startswith("amp-")]:
        if element.tag in AMP_CONTAINERS:
            element.drop_tag()
        else:
            element.drop_tree()
    return True


class _Links:
    """The texts of the page's links, read once, and only when a paragraph is looked up."""

    def __init__(self, tree: HtmlElement) -> None:
        self._tree = tree
        self._texts: set[str] | None = None

    def __contains__(self, paragraph: str) -> bool:
        if self._texts is None:
            self._texts = {" ".join(a.text_content().split()).casefold()
                           for a in self._tree.iter("a")}
        return paragraph.removeprefix("- ").casefold() in self._texts


def _trimmed(body: str, links: _Links) -> str:
    """``body`` without what a page puts around the article: furniture at either end
    (:func:`~.hygiene.is_furniture`), and the list of links to other pages it ends with
    (related stories, tags: paragraphs that are each the whole text of one of the page's
    links) with the short label above it."""
    paragraphs = body.split("\n\n")
    while paragraphs and is_furniture(paragraphs[0]):
        paragraphs.pop(0)
    listed = False
    while paragraphs and (
        is_furniture(paragraphs[-1]) or (_is_title(paragraphs[-1]) and paragraphs[-1] in links)
    ):
        listed = not is_furniture(paragraphs.pop()) or listed
    if listed and paragraphs and _is_label(paragraphs[-1]):
        paragraphs.pop()
    return "\n\n".join(paragraphs)


def _is_title(paragraph: str) -> bool:
    """Whether a paragraph can be a link's text: short, and (as a title) without a full
    stop; a body's own paragraphs mostly end with one."""
    return len(paragraph) <= MAX_LINK_CHARS and not _FULL_STOP.search(paragraph)


def _is_label(paragraph: str) -> bool:
    """Whether a paragraph reads as a heading ("Read more", "По теме"): a few words, no
    sentence."""
    return len(paragraph.split()) <= MAX_LABEL_WORDS and not _SENTENCE_END.search(paragraph)


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
            domains=frozenset(registered_domain(host) for host in profile.hosts),
            url_section=profile.section_of(url),
        )
    host = (urlsplit(url).hostname or "").lower()
    domain = registered_domain(host)
    return _Rules(
        outlet=domain,
        zone=ZoneInfo(timezone_for_host(host)),
        languages=tuple(sorted(SUPPORTED_LANGUAGES)),
        selectors=Selectors(),
        domains=frozenset({domain}),
    )


def _paywalled(data: StructuredData) -> bool:
    free = data.article.get("isAccessibleForFree")
    return free is False or str(free).strip().lower() == "false"


def _mark_for_pruning(page: PageSelector, selectors: Selectors) -> bool:
    """Marks the blocks trafilatura is to leave out (the profile's ``drop``, and its title and
    lead, which the article gives as fields of their own); whether there is any.

    Trafilatura prunes a copy of the tree, so the blocks are marked for one XPath
    (``_MARKED``) rather than removed: the page's own tree stays whole for what is read later.
    """
    marked = page.select_all(_dropped(selectors))
    for element in marked:
        element.set(DROP_MARK, "")
    return bool(marked)


def _dropped(selectors: Selectors) -> list[str]:
    return [*ALWAYS_DROP, *selectors.drop, *(s for s in (selectors.title, selectors.lead) if s)]


def _selectors(selectors: Selectors) -> list[str]:
    """Every selector of a profile, those of the fields and of the blocks dropped."""
    fields = (selectors.title, selectors.lead, selectors.date, selectors.authors,
              selectors.section, selectors.tags)
    return [*(css for css in fields if css), *_dropped(selectors)]


def _visible_fields(page: PageSelector, selectors: Selectors) -> dict[str, Any]:
    """Text of the profile's selectors, read before trafilatura prunes the tree."""

    def texts(css: str | None) -> list[str]:
        if not css:
            return []
        return [text for element in page.select(css) if (text := _text_of(element))]

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


def _without_repeats(body: str, repeated: set[str | None], links: _Links) -> str:
    """``body`` without paragraphs that repeat the title, lead or byline, nor photo credits,
    cross-links and what social embeds leave behind, nor links to other pages set off as
    paragraphs of their own: listed under a cross-link ("Читайте также:") or shouted in
    capitals."""
    folded = {" ".join(text.casefold().split()) for text in repeated if text}
    kept: list[str] = []
    under_cross_link = False
    for paragraph in body.split("\n\n"):
        if (under_cross_link or paragraph.isupper()) and _is_title(paragraph) and (
            paragraph in links
        ):
            continue
        under_cross_link = _is_label(paragraph) and is_cross_link(paragraph)
        if (
            paragraph.casefold() not in folded
            and not (len(paragraph) <= _CREDIT_MAX_CHARS and _CREDIT.match(paragraph))
            and not is_boilerplate(paragraph)
        ):
            kept.append(paragraph)
    return "\n\n".join(kept)


def _headline(headings: list[HtmlElement]) -> HtmlElement | None:
    """The article's ``<h1>``: the first inside ``<article>`` or ``<main>``, else the first."""
    return next(
        (h1 for h1 in headings if any(a.tag in ("article", "main") for a in h1.iterancestors())),
        headings[0] if headings else None,
    )


def _page_title(tree: HtmlElement) -> str | None:
    """The ``<title>`` without the site's name: its longest part between separators."""
    titles = tree.xpath("//title/text()")
    text = _clean(titles[0]) if titles else None
    if not text:
        return None
    return max(_TITLE_SEPARATOR.split(text), key=len).strip() or None


def _canonical_url(url: str, data: StructuredData, rules: _Rules) -> str:
    declared = resolve(url, data.canonical)
    if declared:
        host = urlsplit(declared).hostname or ""
        if registered_domain(host) in rules.domains:
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
    outlet_names = {_letters(domain) for domain in rules.domains}
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
    return any(_letters(domain) in letters for domain in rules.domains)


def _letters(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalnum())


def _section(
    data: StructuredData, visible: dict[str, Any], *, tree: HtmlElement, html: str, url: str,
    title: str, rules: _Rules,
) -> str | None:
    """The page's declared section, else its breadcrumb trail's, else the profile's for the
    URL."""
    section = data.article.get("articleSection")
    if isinstance(section, list):
        section = next((s for s in section if isinstance(s, str)), None)
    declared = _clean(section) or data.first_meta("article:section") or visible["section"]
    if declared:
        return declared
    own = [url, resolve(url, data.canonical) or url]
    return (
        section_of_trail(data.breadcrumbs, own, title)
        or section_of_trail(markup_trail(tree, html, url), own, title)
        or rules.url_section
    )


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
