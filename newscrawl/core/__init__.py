"""What every layer shares and nothing depends on: profiles, the article, URLs, time windows,
counter names and settings. No Scrapy, no network, no disk."""
