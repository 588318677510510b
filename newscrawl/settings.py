"""Scrapy settings: polite production defaults for news crawling.

Override any of them per run with ``-s NAME=VALUE``; ``REPLAY_URL`` sends every request
to a replay server (``newscrawl replay``) instead of the network.
"""

from newscrawl import __version__

BOT_NAME = "newscrawl"
SPIDER_LOADER_CLASS = "newscrawl.spiderloader.OutletSpiderLoader"
NEWSPIDER_MODULE = "newscrawl.spiders"

USER_AGENT = (
    f"newscrawl/{__version__} (+https://github.com/newscrawl/newscrawl; research news crawler)"
)
ROBOTSTXT_OBEY = True

CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.5
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 32 * 1024 * 1024
DOWNLOAD_WARNSIZE = 8 * 1024 * 1024
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
REDIRECT_MAX_TIMES = 10

DOWNLOAD_HANDLERS = {
    "http": "newscrawl.replay.routing.ReplayDownloadHandler",
    "https": "newscrawl.replay.routing.ReplayDownloadHandler",
}
REPLAY_URL = None

ITEM_PIPELINES = {
    "newscrawl.pipelines.ValidationPipeline": 100,
    "newscrawl.pipelines.DeduplicationPipeline": 200,
}

# Scrapy starts this many tasks for every response's output, and an article page yields
# one item: the default (100) costs more CPU than anything else in the crawl process.
CONCURRENT_ITEMS = 4

# Processes that extract articles: None is one per core; 0 or 1 extracts in-process.
EXTRACTION_WORKERS = None

FEEDS = {
    "output/%(name)s/%(time)s.jsonl": {"format": "jsonlines", "encoding": "utf-8"},
}
FEED_EXPORT_ENCODING = "utf-8"

# Neither console is needed by a crawler, and both listen on a local port.
REMOTE_CONTROL_ENABLED = False
TELNETCONSOLE_ENABLED = False

LOG_LEVEL = "INFO"
