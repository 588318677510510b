"""Spiders: one class serves every outlet profile (see ``newscrawl.crawler.spiderloader``)."""
