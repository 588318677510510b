"""The version of newscrawl."""

__version__ = "0.1.0"
