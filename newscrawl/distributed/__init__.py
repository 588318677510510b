"""Distributed crawling: ``-s NEWSCRAWL_DISTRIBUTED=redis://host:port/db`` puts a crawl's
frontier and state in Redis, shared by workers on any number of machines. Without it, nothing
here imports Redis or scrapy-redis."""
