"""Offline replay: a loopback HTTP server for snapshots (the crawl reaches it through
:mod:`newscrawl.crawler.handlers.replay`)."""
