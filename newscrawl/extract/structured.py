"""The page's own structured data: JSON-LD, OpenGraph / ``article:*`` meta, link relations."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from html import unescape
from typing import TYPE_CHECKING, Any

from lxml.etree import XPath

from newscrawl.core import stats

if TYPE_CHECKING:
    from lxml.html import HtmlElement

logger = logging.getLogger(__name__)

# Bounds on what a page may declare: a JSON-LD script larger than this is not read, nesting
# deeper than this is not followed, and no value yields more names than this.
MAX_JSON_LD_BYTES = 1024 * 1024
MAX_DEPTH = 32
MAX_NAMES = 100
MAX_LIST_ITEMS = 1000
_MICRODATA_DEPTH = 3
# Microdata items and properties, in one pass over the tree.
_MICRODATA = XPath("//*[@itemprop or @itemscope]")

ARTICLE_TYPES = frozenset(
    {
        "Article", "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle",
        "OpinionNewsArticle", "BackgroundNewsArticle", "ReviewNewsArticle", "BlogPosting",
        "Report", "LiveBlogPosting",
    }
)


@dataclass(frozen=True)
class Crumb:
    """One step of a breadcrumb trail: its name and, if it links anywhere, its URL."""

    name: str
    url: str | None = None


@dataclass
class StructuredData:
    """What a page declares about itself, before any guessing."""

    article: dict[str, Any] = field(default_factory=dict)
    meta: dict[str, list[str]] = field(default_factory=dict)
    canonical: str | None = None
    html_lang: str | None = None
    problems: list[str] = field(default_factory=list)
    """What could not be read (``structured_data/too_large``, ``…/unreadable``)."""
    from_microdata: bool = False
    """Whether ``article`` was read from microdata rather than JSON-LD."""
    breadcrumbs: list[Crumb] = field(default_factory=list)
    """The JSON-LD ``BreadcrumbList``'s steps, in order."""

    def first_meta(self, *names: str) -> str | None:
        """The first non-empty value among the meta tags ``names``, in that order."""
        for name in names:
            for value in self.meta.get(name, ()):
                if value.strip():
                    return unescape(value).strip()
        return None

    @property
    def declares_article(self) -> bool:
        """Whether the page says it is an article (JSON-LD or microdata type, ``og:type``)."""
        return bool(self.article) or (self.first_meta("og:type") or "").lower() == "article"


def read_structured_data(tree: HtmlElement) -> StructuredData:
    """Collect JSON-LD, meta tags, the canonical link and the declared language.

    A JSON-LD script that cannot be read is removed from ``tree``, and one with lists longer
    than :data:`MAX_LIST_ITEMS` or nesting deeper than :data:`MAX_DEPTH` is cut down in it, so
    that later passes over the tree (trafilatura's metadata) are bounded too.
    """
    found: dict[str, list[HtmlElement]] = {"meta": [], "link": [], "script": []}
    for element in tree.iter("meta", "link", "script"):
        found[element.tag].append(element)
    meta: dict[str, list[str]] = {}
    for element in found["meta"]:
        key = element.get("property") or element.get("name") or element.get("itemprop")
        content = element.get("content")
        if key and content is not None:
            meta.setdefault(key.strip().lower(), []).append(content)
    scopes = []
    for element in _MICRODATA(tree):
        if element.get("itemscope") is not None and element.get("itemtype"):
            scopes.append(element)
        value = element.get("datetime") or element.get("content")
        if element.tag != "meta" and (name := element.get("itemprop")) and value is not None:
            meta.setdefault(name.strip().lower(), []).append(value)
    canonical = next(
        (
            link.get("href")
            for link in found["link"]
            if "canonical" in (link.get("rel") or "").lower().split() and link.get("href")
        ),
        None,
    )
    html_lang = tree.getroottree().getroot().get("lang")
    problems: list[str] = []
    article, breadcrumbs = _json_ld(found["script"], problems)
    microdata = {} if article else _microdata_article(scopes)
    return StructuredData(
        article=article or microdata, meta=meta, canonical=canonical,
        from_microdata=bool(microdata),
        html_lang=html_lang if isinstance(html_lang, str) else None, problems=problems,
        breadcrumbs=breadcrumbs,
    )


def _json_ld(
    scripts: list[HtmlElement], problems: list[str]
) -> tuple[dict[str, Any], list[Crumb]]:
    """The first JSON-LD article and the first ``BreadcrumbList``'s steps."""
    article: dict[str, Any] = {}
    crumbs: list[Crumb] | None = None
    for script in scripts:
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        text = script.text or ""
        if len(text) > MAX_JSON_LD_BYTES:
            problems.append(stats.STRUCTURED_DATA_TOO_LARGE)
            script.drop_tree()
            continue
        try:
            data = json.loads(text, strict=False)
        except (ValueError, RecursionError):
            problems.append(stats.STRUCTURED_DATA_UNREADABLE)
            script.drop_tree()
            continue
        data, cut = _bounded(data)
        if cut:
            problems.append(stats.STRUCTURED_DATA_CUT)
            script.text = json.dumps(data, ensure_ascii=False)
        for node in _nodes(data):
            types = node.get("@type")
            types = {t for t in (types if isinstance(types, list) else [types])
                     if isinstance(t, str)}
            if not article and ARTICLE_TYPES.intersection(types):
                article = node
            elif crumbs is None and "BreadcrumbList" in types:
                crumbs = _json_ld_crumbs(node.get("itemListElement"))
        if article and crumbs is not None:
            break
    return article, crumbs or []


def _json_ld_crumbs(items: Any) -> list[Crumb]:
    """The steps of a ``BreadcrumbList``'s ``itemListElement``, by ``position`` when given."""
    steps = []
    for index, item in enumerate(items[:MAX_LIST_ITEMS] if isinstance(items, list) else []):
        if not isinstance(item, dict):
            continue
        target = item.get("item")
        name = item.get("name") or (target.get("name") if isinstance(target, dict) else None)
        url = target.get("@id") or target.get("url") if isinstance(target, dict) else target
        position = str(item.get("position", "")).strip()
        if isinstance(name, str) and name.strip():
            order = int(position) if position.isdigit() else index
            steps.append((order, Crumb(" ".join(unescape(name).split()),
                                       url.strip() if isinstance(url, str) else None)))
    return [crumb for _, crumb in sorted(steps, key=lambda step: step[0])]


def _microdata_article(scopes: list[HtmlElement]) -> dict[str, Any]:
    """The first schema.org article among the microdata items ``scopes``, as the JSON-LD
    object it stands for."""
    scope = next(
        (element for element in scopes
         if _schema_type(element.get("itemtype", "")) in ARTICLE_TYPES),
        None,
    )
    if scope is None:
        return {}
    article: dict[str, Any] = {"@type": _schema_type(scope.get("itemtype", ""))}
    for element in _own_properties(scope):
        for name in (element.get("itemprop") or "").split():
            if name not in article:
                article[name] = _microdata_value(element)
    return article


def _own_properties(scope: HtmlElement) -> list[HtmlElement]:
    """The ``itemprop`` elements of ``scope`` itself, not of the items nested in it (at most
    :data:`MAX_LIST_ITEMS` looked at)."""
    found = []
    for element in scope.xpath(".//*[@itemprop]")[:MAX_LIST_ITEMS]:
        owner = next((a for a in element.iterancestors() if a.get("itemscope") is not None), None)
        if owner is scope:
            found.append(element)
    return found


def _microdata_value(element: HtmlElement, depth: int = 0) -> Any:
    if element.get("itemscope") is not None:
        nested = {"@type": _schema_type(element.get("itemtype", ""))}
        if depth < _MICRODATA_DEPTH:
            for prop in _own_properties(element):
                name = (prop.get("itemprop") or "").split() or [""]
                nested.setdefault(name[0], _microdata_value(prop, depth + 1))
        return nested
    for attribute in ("content", "datetime", "href", "src"):
        if (value := element.get(attribute)) is not None:
            return value.strip()
    return " ".join(element.text_content().split())


def _schema_type(itemtype: str) -> str:
    """``NewsArticle`` of ``https://schema.org/NewsArticle`` (the first of several types)."""
    first = itemtype.split(maxsplit=1)[0] if itemtype.split() else ""
    return first.rstrip("/").rsplit("/", 1)[-1]


def _bounded(value: Any, depth: int = 0) -> tuple[Any, bool]:
    """``value`` with lists cut to :data:`MAX_LIST_ITEMS` and nothing deeper than
    :data:`MAX_DEPTH`; whether anything was cut."""
    if isinstance(value, list):
        if depth >= MAX_DEPTH:
            return [], bool(value)
        items = [_bounded(item, depth + 1) for item in value[:MAX_LIST_ITEMS]]
        cut = len(value) > MAX_LIST_ITEMS or any(item_cut for _, item_cut in items)
        return [item for item, _ in items], cut
    if isinstance(value, dict):
        if depth >= MAX_DEPTH:
            return {}, bool(value)
        pairs = {key: _bounded(item, depth + 1) for key, item in value.items()}
        return ({key: item for key, (item, _) in pairs.items()},
                any(item_cut for _, item_cut in pairs.values()))
    return value, False


def _nodes(data: Any) -> list[dict[str, Any]]:
    """The objects of a JSON-LD document and of its ``@graph``s, in order, to a bounded depth."""
    nodes: list[dict[str, Any]] = []
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            continue
        if isinstance(value, list):
            stack.extend((item, depth + 1) for item in reversed(value))
        elif isinstance(value, dict):
            nodes.append(value)
            stack.append((value.get("@graph", []), depth + 1))
    return nodes


def names(value: Any, *, people_only: bool = False, depth: int = 0) -> list[str]:
    """Names from a JSON-LD value: a string, a Person/Organization object, or a list (at most
    :data:`MAX_NAMES`)."""
    if isinstance(value, str):
        name = " ".join(unescape(value).split())
        return [name] if name else []
    if depth > MAX_DEPTH:
        return []
    if isinstance(value, list):
        found: list[str] = []
        for item in value:
            found += names(item, people_only=people_only, depth=depth + 1)
            if len(found) >= MAX_NAMES:
                return found[:MAX_NAMES]
        return found
    if isinstance(value, dict):
        if people_only and value.get("@type") not in (None, "Person"):
            return []
        return names(value.get("name"), people_only=people_only, depth=depth + 1)
    return []


def first_url(value: Any, depth: int = 0) -> str | None:
    """A URL from a JSON-LD ``image``-like value: a string, an ImageObject, or a list."""
    if isinstance(value, str):
        return value.strip() or None
    if depth > MAX_DEPTH:
        return None
    if isinstance(value, list):
        return next((url for item in value if (url := first_url(item, depth + 1))), None)
    if isinstance(value, dict):
        return first_url(value.get("url") or value.get("contentUrl"), depth + 1)
    return None


def keywords(value: Any, depth: int = 0) -> list[str]:
    """JSON-LD ``keywords``: a comma-separated string or a list of strings."""
    if isinstance(value, str):
        return [word.strip() for word in unescape(value).split(",") if word.strip()]
    if isinstance(value, list) and depth <= MAX_DEPTH:
        return [word for item in value[:MAX_NAMES] for word in keywords(item, depth + 1)]
    return []
