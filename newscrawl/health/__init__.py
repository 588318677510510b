"""Crawl health: Spidermon monitors on every crawl, a report per run, and run history."""
