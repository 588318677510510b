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
# newscrawl.failures logs each final failure once, with its counter.
RETRY_GIVE_UP_LOG_LEVEL = "INFO"
# Hostile sites: see the README's "What happens when…".
RETRY_AFTER_MAX = 60.0
RETRY_BACKOFF_BASE = 1.0
NEWSCRAWL_MAX_PAGE_BYTES = 4 * 1024 * 1024
NEWSCRAWL_DROP_UNDATED = False
DOWNLOADER_MIDDLEWARES = {
    "newscrawl.failures.FailureAccountingMiddleware": 10,
    # Article pages an earlier run fetched are skipped (newscrawl.state).
    "newscrawl.middlewares.SkipSeenMiddleware": 50,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "newscrawl.guards.BackoffRetryMiddleware": 550,
    "newscrawl.guards.EncodingMiddleware": 570,
    "newscrawl.guards.PageSizeMiddleware": 575,
    "newscrawl.guards.RedirectGuardMiddleware": 610,
    # Only outlets whose profile renders pages in a browser enable it (see newscrawl.browser).
    "newscrawl.browser.BrowserMiddleware": 950,
    # Counts seen article pages for their sitemap, feed or listing (newscrawl.health).
    "newscrawl.health.sources.SeenSourceMiddleware": 40,
}
# Extra profile modules (each with a PROFILE), for outlets kept outside the package.
NEWSCRAWL_PROFILES: list[str] = []

DOWNLOAD_HANDLERS = {
    "http": "newscrawl.replay.routing.ReplayDownloadHandler",
    "https": "newscrawl.replay.routing.ReplayDownloadHandler",
}
REPLAY_URL = None

TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
NEWSCRAWL_CHROMIUM = None
NEWSCRAWL_BROWSER_ENABLED = True
NEWSCRAWL_BROWSER_PAGES = 4

ITEM_PIPELINES = {
    "newscrawl.pipelines.ValidationPipeline": 100,
    "newscrawl.pipelines.DeduplicationPipeline": 200,
    "newscrawl.undated.UndatedPipeline": 250,
    "newscrawl.history.HistoryPipeline": 300,
    "newscrawl.history.NearDuplicatePipeline": 400,
    "newscrawl.history.StatePipeline": 900,
}

# Incremental crawling: state shared by all runs (default: ~/.local/state/newscrawl; the
# environment variable NEWSCRAWL_STATE_DIR also sets it), article pages seen by an earlier
# run skipped, near-verbatim copies marked with duplicate_of (or dropped).
NEWSCRAWL_STATE_DIR = None
DROP_NEAR_DUPLICATES = False
SPIDER_MIDDLEWARES = {"newscrawl.middlewares.RecordPagesMiddleware": 950}
DUPEFILTER_CLASS = "newscrawl.dupefilter.RunDupeFilter"

# Where a run writes when no feed is given (-o/-O, FEEDS): one file per run, never overwritten.
NEWSCRAWL_DEFAULT_FEED = "output/%(name)s/%(time)s.jsonl"

# Scrapy starts this many tasks for every response's output, and an article page yields
# one item: the default (100) costs more CPU than anything else in the crawl process.
CONCURRENT_ITEMS = 4

# Processes that extract articles: None is one per core; 0 or 1 extracts in-process.
EXTRACTION_WORKERS = None

# Distributed crawling: a Redis URL puts the request queue, request filter and crawl state
# in Redis, shared by workers on any number of machines (newscrawl.distributed).
NEWSCRAWL_DISTRIBUTED = None
NEWSCRAWL_WORKER_TIMEOUT = 30.0
ADDONS = {"newscrawl.distributed.Distributed": 0}

FEED_EXPORT_ENCODING = "utf-8"
# Local output: checked before the crawl starts, written in whole lines (newscrawl.output).
EXTENSIONS = {
    "newscrawl.output.OutputCheck": 0,
    # Fewer garbage collection passes over the crawl's long-lived objects (newscrawl.collector).
    "newscrawl.collector.CollectorTuning": 10,
    # Raw archive: set WARC_DIR to also write every article response to WARC files there.
    "newscrawl.archive.WarcArchive": 500,
    # After the feed exporter (order 0): an article is confirmed once its line is written.
    "newscrawl.history.StateRecorder": 1000,
    # Spidermon with newscrawl's health monitors (README "Crawl health").
    "newscrawl.health.extension.HealthExtension": 1100,
}
FEED_STORAGES = {
    "": "newscrawl.output.WholeLineFileStorage",
    "file": "newscrawl.output.WholeLineFileStorage",
}
NEWSCRAWL_MIN_FREE_BYTES = 64 * 1024 * 1024

WARC_DIR = None
WARC_MAX_SIZE = 1024**3

# Neither console is needed by a crawler, and both listen on a local port.
REMOTE_CONTROL_ENABLED = False
TELNETCONSOLE_ENABLED = False

LOG_LEVEL = "INFO"

# Crawl health: Spidermon monitors when a spider closes, a report per run (README "Crawl health").
COMMANDS_MODULE = "newscrawl.commands"
SPIDERMON_ENABLED = True
SPIDERMON_SPIDER_CLOSE_MONITORS = ["newscrawl.health.monitors.HealthSuite"]
NEWSCRAWL_HEALTH_THRESHOLDS: dict[str, object] = {}
NEWSCRAWL_FAIL_ON_UNHEALTHY = False
NEWSCRAWL_HEALTH_WEBHOOK = None
