"""The page's own structured data: JSON-LD, OpenGraph / ``article:*`` meta, link relations."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lxml.html import HtmlElement

logger = logging.getLogger(__name__)

ARTICLE_TYPES = frozenset(
    {
        "Article", "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle",
        "OpinionNewsArticle", "BackgroundNewsArticle", "ReviewNewsArticle", "BlogPosting",
        "Report", "LiveBlogPosting",
    }
)


@dataclass
class StructuredData:
    """What a page declares about itself, before any guessing."""

    article: dict[str, Any] = field(default_factory=dict)
    meta: dict[str, list[str]] = field(default_factory=dict)
    canonical: str | None = None
    html_lang: str | None = None

    def first_meta(self, *names: str) -> str | None:
        """The first non-empty value among the meta tags ``names``, in that order."""
        for name in names:
            for value in self.meta.get(name, ()):
                if value.strip():
                    return value.strip()
        return None

    @property
    def declares_article(self) -> bool:
        """Whether the page says it is an article (JSON-LD type or ``og:type``)."""
        return bool(self.article) or self.first_meta("og:type") == "article"


def read_structured_data(tree: HtmlElement) -> StructuredData:
    """Collect JSON-LD, meta tags, the canonical link and the declared language."""
    meta: dict[str, list[str]] = {}
    for element in tree.iter("meta"):
        key = element.get("property") or element.get("name") or element.get("itemprop")
        content = element.get("content")
        if key and content is not None:
            meta.setdefault(key.strip().lower(), []).append(content)
    for element in tree.xpath("//body//*[@itemprop][@content or @datetime]"):
        content = element.get("datetime") or element.get("content")
        meta.setdefault(element.get("itemprop").strip().lower(), []).append(content)
    canonical = next(
        (
            link.get("href")
            for link in tree.iter("link")
            if "canonical" in (link.get("rel") or "").lower().split() and link.get("href")
        ),
        None,
    )
    html_lang = tree.getroottree().getroot().get("lang")
    return StructuredData(
        article=_first_article(tree), meta=meta, canonical=canonical, html_lang=html_lang
    )


def _first_article(tree: HtmlElement) -> dict[str, Any]:
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "", strict=False)
        except ValueError:
            logger.debug("Ignoring JSON-LD that does not parse")
            continue
        for node in _nodes(data):
            types = node.get("@type")
            types = types if isinstance(types, list) else [types]
            if ARTICLE_TYPES.intersection(t for t in types if isinstance(t, str)):
                return node
    return {}


def _nodes(data: Any) -> list[dict[str, Any]]:
    if isinstance(data, list):
        return [node for item in data for node in _nodes(item)]
    if isinstance(data, dict):
        return [data, *_nodes(data.get("@graph", []))]
    return []


def names(value: Any, *, people_only: bool = False) -> list[str]:
    """Names from a JSON-LD value: a string, a Person/Organization object, or a list."""
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, list):
        return [name for item in value for name in names(item, people_only=people_only)]
    if isinstance(value, dict):
        if people_only and value.get("@type") not in (None, "Person"):
            return []
        return names(value.get("name"), people_only=people_only)
    return []


def first_url(value: Any) -> str | None:
    """A URL from a JSON-LD ``image``-like value: a string, an ImageObject, or a list."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, list):
        return next((url for url in map(first_url, value) if url), None)
    if isinstance(value, dict):
        return first_url(value.get("url") or value.get("contentUrl"))
    return None


def keywords(value: Any) -> list[str]:
    """JSON-LD ``keywords``: a comma-separated string or a list of strings."""
    if isinstance(value, str):
        return [word.strip() for word in value.split(",") if word.strip()]
    if isinstance(value, list):
        return [word for item in value for word in keywords(item)]
    return []
