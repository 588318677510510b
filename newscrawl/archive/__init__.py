"""Archived pages read again: today's extraction over WARC files a crawl wrote."""
