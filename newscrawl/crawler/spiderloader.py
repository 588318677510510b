"""Spider loader that lists one spider per outlet profile, for `scrapy crawl` and Scrapyd.

Besides the shipped outlets it loads the profile modules the ``NEWSCRAWL_PROFILES`` setting
names (each defines ``PROFILE``), so an outlet can live outside the package.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from newscrawl.crawler.spiders.outlet import spider_class_for
from newscrawl.crawler.spiders.site import SiteSpider
from newscrawl.outlets import OUTLETS

if TYPE_CHECKING:
    from collections.abc import Iterable

    from scrapy import Request, Spider
    from scrapy.settings import BaseSettings
    from typing_extensions import Self

    from newscrawl.core.profile import OutletProfile


class OutletSpiderLoader:
    """Implements Scrapy's SpiderLoader protocol over the outlet registry and extra profiles."""

    def __init__(self, extra: Iterable[OutletProfile] = ()) -> None:
        self._profiles: dict[str, OutletProfile] = dict(OUTLETS)
        for profile in extra:
            if profile.name in self._profiles:
                raise ValueError(f"profile {profile.name!r} is already registered")
            self._profiles[profile.name] = profile
        self._spiders: dict[str, type[Spider]] = {
            name: spider_class_for(profile) for name, profile in self._profiles.items()
        }
        self._spiders[SiteSpider.name] = SiteSpider

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> Self:
        """The loader of the shipped outlets and of the ``NEWSCRAWL_PROFILES`` modules."""
        modules = settings.getlist("NEWSCRAWL_PROFILES")
        return cls(import_module(module).PROFILE for module in modules)

    def load(self, spider_name: str) -> type[Spider]:
        """The spider class called ``spider_name``."""
        try:
            return self._spiders[spider_name]
        except KeyError:
            raise KeyError(f"Spider not found: {spider_name}") from None

    def list(self) -> list[str]:
        """Every spider name, sorted."""
        return sorted(self._spiders)

    def find_by_request(self, request: Request) -> list[str]:
        """The spiders whose outlet owns the request's host."""
        return [
            name for name, profile in sorted(self._profiles.items()) if profile.owns(request.url)
        ]
