"""Sitemap checks before Scrapy reads one: hostile XML is refused, broken XML is named.

Scrapy's sitemap parser already resolves no entities; a sitemap that declares a DTD or
entities (an expansion bomb, an external entity) is refused whole all the same, since nothing
in it can be trusted. Malformed XML is still read as far as it can be, but counted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from newscrawl.core import stats

# What Scrapy reads in place of a refused sitemap: a valid, empty one.
EMPTY_SITEMAP = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>'
)
_DTD = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_DTD_WINDOW = 64 * 1024


@dataclass
class SitemapCheck:
    """The body Scrapy should parse and the problems found: ``(counter, detail)`` pairs."""

    body: bytes
    problems: list[tuple[str, str]] = field(default_factory=list)


def check_sitemap(url: str, body: bytes | None) -> SitemapCheck:
    """Check the sitemap at ``url``; ``body`` is None when the response is not a sitemap."""
    if not body:
        detail = "not a sitemap (or over DOWNLOAD_MAXSIZE once unpacked)"
        return SitemapCheck(EMPTY_SITEMAP, [(stats.SITEMAP_INVALID, detail)])
    if _DTD.search(body[:_DTD_WINDOW]):
        detail = "declares a DTD or entities; refused, nothing in it is resolved"
        return SitemapCheck(EMPTY_SITEMAP, [(stats.SITEMAP_ENTITIES, detail)])
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True)
    try:
        root = etree.fromstring(body, parser=parser)
    except etree.XMLSyntaxError as error:
        detail = f"malformed XML ({error}); reading what can be read"
        return SitemapCheck(body, [(stats.SITEMAP_MALFORMED, detail)])
    check = SitemapCheck(body)
    if etree.QName(root).localname == "sitemapindex":
        locs = {(loc.text or "").strip() for loc in root.iter("{*}loc")}
        if url in locs:
            check.problems.append((stats.SITEMAP_SELF_REFERENCE, "the index lists itself"))
    return check
