"""newscrawl: clean, deduplicated corpora of Kazakh and Russian news."""

__version__ = "0.1.0"
