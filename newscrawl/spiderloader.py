"""Spider loader that lists one spider per outlet profile, for `scrapy crawl` and Scrapyd."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newscrawl.outlets import OUTLETS
from newscrawl.spiders.outlet import spider_class_for
from newscrawl.spiders.site import SiteSpider

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.settings import BaseSettings
    from typing_extensions import Self


class OutletSpiderLoader:
    """Implements Scrapy's SpiderLoader protocol over the outlet registry."""

    def __init__(self) -> None:
        self._spiders: dict[str, type[Spider]] = {
            name: spider_class_for(profile) for name, profile in OUTLETS.items()
        }
        self._spiders[SiteSpider.name] = SiteSpider

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> Self:
        """The loader; the registry needs no settings."""
        return cls()

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
        return [name for name, profile in sorted(OUTLETS.items()) if profile.owns(request.url)]
