"""The outlet profile: everything newscrawl knows about one outlet, as data."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from newscrawl.core.thresholds import Thresholds
from newscrawl.core.urls import host_and_port, strip_tracking

if TYPE_CHECKING:
    from collections.abc import Mapping

SUPPORTED_LANGUAGES = frozenset({"ru", "kk", "en"})
_ZONE_BY_SUFFIX = {"kz": "Asia/Almaty", "ru": "Europe/Moscow"}
_PATH_SEGMENT = re.compile(r"[a-z0-9][a-z0-9_.-]*")


def timezone_for_host(host: str) -> str:
    """The time zone a site without a profile is read in: its country's, else UTC."""
    return _ZONE_BY_SUFFIX.get(host.lower().rstrip(".").rsplit(".", 1)[-1], "UTC")


@dataclass(frozen=True)
class Selectors:
    """CSS selectors for the few places where the generic extraction path is wrong.

    Every field is optional; ``drop`` lists blocks removed from the page before the body
    is extracted (share bars, "read also" blocks, captions, subscription prompts).
    """

    title: str | None = None
    lead: str | None = None
    date: str | None = None
    authors: str | None = None
    section: str | None = None
    tags: str | None = None
    drop: tuple[str, ...] = ()


@dataclass(frozen=True)
class OutletProfile:
    """One outlet, described declaratively; the spider and the extractor read it.

    ``needs_js`` renders every page of the outlet in a browser, ``js_urls`` only the pages
    it matches; ``js_wait`` is the CSS selector a rendered page is waited for.
    """

    name: str
    title: str
    country: str
    hosts: tuple[str, ...]
    languages: tuple[str, ...]
    timezone: str
    article_url: str
    sitemaps: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    listings: tuple[str, ...] = ()
    next_page: str = 'a[rel="next"]::attr(href)'
    max_listing_pages: int = 10
    # Query parameters that only say where a link was clicked (``?from=newsfeed``).
    tracking_parameters: tuple[str, ...] = ()
    selectors: Selectors = field(default_factory=Selectors)
    needs_js: bool = False
    js_urls: str | None = None
    js_wait: str | None = None
    terms: str | None = None
    """What the outlet's terms say about reuse of its texts, for dataset cards."""
    health: Thresholds = field(default_factory=Thresholds)
    """What a healthy crawl of the outlet looks like (see :mod:`newscrawl.core.thresholds`)."""
    sections: Mapping[str, str] = field(default_factory=dict, hash=False)
    """The section an article URL's first path segment names (``"obschestvo": "Общество"``),
    for pages that name their section nowhere else; read-only once the profile is made."""

    def __post_init__(self) -> None:
        if not re.fullmatch(r"[a-z][a-z0-9_]*", self.name):
            raise ValueError(f"{self.name!r}: a profile name is lower-case letters and digits")
        if not self.hosts:
            raise ValueError(f"{self.name}: no hosts")
        unknown = set(self.languages) - SUPPORTED_LANGUAGES
        if not self.languages or unknown:
            known = ", ".join(sorted(SUPPORTED_LANGUAGES))
            raise ValueError(f"{self.name}: languages must be some of {known}")
        ZoneInfo(self.timezone)
        re.compile(self.article_url)
        for url in (*self.sitemaps, *self.feeds, *self.listings):
            if not self.owns(url):
                raise ValueError(f"{self.name}: discovery URL {url} is not on {self.hosts}")
        if not (self.sitemaps or self.feeds or self.listings):
            raise ValueError(f"{self.name}: no discovery URL")
        if self.max_listing_pages < 1:
            raise ValueError(f"{self.name}: max_listing_pages must be at least 1")
        if self.js_urls:
            re.compile(self.js_urls)
        if self.js_wait and not self.uses_browser:
            raise ValueError(f"{self.name}: js_wait without needs_js or js_urls")
        for segment, section in self.sections.items():
            if not _PATH_SEGMENT.fullmatch(segment):
                raise ValueError(f"{self.name}: section path segment {segment!r} is not a-z0-9_.-")
            if not isinstance(section, str) or not section.strip() or section != section.strip():
                raise ValueError(f"{self.name}: section name {section!r} for {segment!r}")
        object.__setattr__(self, "sections", MappingProxyType(dict(self.sections)))

    def __getstate__(self) -> dict[str, Any]:
        # A mapping proxy does not pickle; extraction workers receive profiles pickled.
        return {**self.__dict__, "sections": dict(self.sections)}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state, sections=MappingProxyType(state["sections"]))

    @cached_property
    def article_pattern(self) -> re.Pattern[str]:
        """The compiled article URL pattern."""
        return re.compile(self.article_url)

    @property
    def zone(self) -> ZoneInfo:
        """The outlet's time zone, for dates the page gives without an offset."""
        return ZoneInfo(self.timezone)

    def owns(self, url: str) -> bool:
        """Whether ``url`` is an http(s) URL on one of the outlet's hosts, on its scheme's
        default port and without user info."""
        site = host_and_port(url)
        return site is not None and site[1] is None and site[0] in self.hosts

    def clean_url(self, url: str) -> str:
        """``url`` without tracking parameters (global and this outlet's) and fragment."""
        return strip_tracking(url, self.tracking_parameters)

    def is_article_url(self, url: str) -> bool:
        """Whether ``url`` (tracking parameters already removed) is an article page."""
        return bool(self.article_pattern.match(url))

    def section_of(self, url: str) -> str | None:
        """The section :attr:`sections` maps ``url``'s first path segment to, if any."""
        segment = urlsplit(url).path.lstrip("/").split("/", 1)[0]
        return self.sections.get(segment.lower()) if segment else None

    @property
    def uses_browser(self) -> bool:
        """Whether some of the outlet's pages are rendered in a browser."""
        return self.needs_js or bool(self.js_urls)

    def renders_in_browser(self, url: str) -> bool:
        """Whether ``url`` needs a browser: the whole outlet, or a page ``js_urls`` matches."""
        return self.needs_js or bool(self.js_urls and re.match(self.js_urls, url))

    def discovery(self) -> list[str]:
        """The discovery methods this outlet has, for listings and summaries."""
        kinds = {"sitemaps": self.sitemaps, "feeds": self.feeds, "listings": self.listings}
        return [kind for kind, urls in kinds.items() if urls]
