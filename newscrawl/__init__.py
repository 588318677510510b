"""newscrawl: clean, deduplicated corpora of Kazakh and Russian news.

The Python API (:mod:`newscrawl.api`), loaded on first use so that ``import newscrawl`` stays
cheap::

    import newscrawl

    article = newscrawl.extract_article(html, url)  # an Article, or NotAnArticle raised
    for article in newscrawl.crawl(["aqnews"], replay=True, max_articles=5):
        print(article.title, article.to_dict()["published_at"])
    newscrawl.profiles()  # the outlet profiles, by name
"""

from __future__ import annotations

from importlib import import_module

from newscrawl.core.version import __version__

# Not imported from typing, which takes longer to import than the rest of this module.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from newscrawl.api import CrawlError, crawl, extract_article, profiles
    from newscrawl.core.article import Article
    from newscrawl.extract.errors import NotAnArticle

# Each public name and the module that defines it.
_API = {
    "extract_article": "newscrawl.api",
    "crawl": "newscrawl.api",
    "profiles": "newscrawl.api",
    "CrawlError": "newscrawl.api",
    "Article": "newscrawl.core.article",
    "NotAnArticle": "newscrawl.extract.errors",
}

__all__ = ["Article", "CrawlError", "NotAnArticle", "__version__", "crawl", "extract_article",
           "profiles"]


def __getattr__(name: str) -> Any:
    if name not in _API:
        raise AttributeError(f"module 'newscrawl' has no attribute {name!r}")
    value = getattr(import_module(_API[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_API})
