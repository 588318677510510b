"""Scrapy commands newscrawl replaces (``COMMANDS_MODULE``)."""
