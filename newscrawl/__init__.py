"""newscrawl: clean, deduplicated corpora of Kazakh and Russian news."""

from newscrawl.core.version import __version__

__all__ = ["__version__"]
