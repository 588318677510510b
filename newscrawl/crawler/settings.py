"""Scrapy settings: polite production defaults for news crawling.

Override any of them per run with ``-s NAME=VALUE``. newscrawl's own settings (``NEWSCRAWL_…``)
and their defaults are listed in :mod:`newscrawl.core.settings` (``docs/settings.md``);
``NEWSCRAWL_REPLAY_URL`` sends every request to a replay server (``newscrawl replay``) instead
of the network.
"""

import os

from newscrawl.core.settings import defaults
from newscrawl.core.version import __version__

BOT_NAME = "newscrawl"
SPIDER_LOADER_CLASS = "newscrawl.crawler.spiderloader.OutletSpiderLoader"
NEWSPIDER_MODULE = "newscrawl.crawler.spiders"
COMMANDS_MODULE = "newscrawl.crawler.commands"

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
# The failure accounting middleware logs each final failure once, with its counter.
RETRY_GIVE_UP_LOG_LEVEL = "INFO"

_DOWNLOADER = "newscrawl.crawler.downloader"
DOWNLOADER_MIDDLEWARES = {
    f"{_DOWNLOADER}.failures.FailureAccountingMiddleware": 10,
    # Other schemes than http(s), user info, another port, an internal IP address: refused
    # before anything else handles the request.
    f"{_DOWNLOADER}.guard.RequestGuardMiddleware": 20,
    # Scrapy's own that the crawl has no use for are off, so that no request or response
    # passes them: no spider sets http_user.
    "scrapy.downloadermiddlewares.httpauth.HttpAuthMiddleware": None,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    f"{_DOWNLOADER}.retry.BackoffRetryMiddleware": 550,
    # A host the resolver refused fails as refused/address before the retry middleware sees it.
    f"{_DOWNLOADER}.resolved.ResolvedAddressMiddleware": 560,
    f"{_DOWNLOADER}.encoding.EncodingMiddleware": 570,
    f"{_DOWNLOADER}.pagesize.PageSizeMiddleware": 575,
    # Responses pass middlewares from the highest number down: a bot wall's page is seen once
    # decompressed (590) and refused before a meta refresh (580) or a retry of its 403/503
    # (550) could fetch it again.
    f"{_DOWNLOADER}.walls.BotWallMiddleware": 585,
    # Scrapy's, which decodes every page to look for a refresh its head rarely holds.
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    f"{_DOWNLOADER}.metarefresh.MetaRefreshMiddleware": 580,
    f"{_DOWNLOADER}.redirects.RedirectGuardMiddleware": 610,
    # Only outlets whose profile renders pages in a browser enable it.
    f"{_DOWNLOADER}.browser.BrowserMiddleware": 950,
}
_SPIDERMIDDLEWARES = "newscrawl.crawler.spidermiddlewares"
SPIDER_MIDDLEWARES = {
    # Scrapy's own that the crawl has no use for: no depth limit (sitemaps and listings have
    # limits of their own), no spider that copies response.meta. The Referer middleware
    # stays: the redirect middlewares rely on it.
    "scrapy.spidermiddlewares.depth.DepthMiddleware": None,
    "scrapy.spidermiddlewares.metacopy.MetaCopyDetectionMiddleware": None,
    # Article pages an earlier run fetched are left out before the scheduler (an incremental
    # crawl's own choice, not a failed request).
    f"{_SPIDERMIDDLEWARES}.skipseen.SkipSeenMiddleware": 100,
    f"{_SPIDERMIDDLEWARES}.recordpages.RecordPagesMiddleware": 950,
}
# Only http and https are ever fetched: a file://, ftp://, s3:// or data: URL in a sitemap or a
# link has no handler (and RequestGuardMiddleware refuses it first).
DOWNLOAD_HANDLERS = {
    "http": "newscrawl.crawler.handlers.replay.ReplayDownloadHandler",
    "https": "newscrawl.crawler.handlers.replay.ReplayDownloadHandler",
    "file": None,
    "s3": None,
    "ftp": None,
    "data": None,
}
# Every connection's address is checked when its host name is resolved
# (NEWSCRAWL_ALLOWED_ADDRESSES lets a crawl reach internal ones).
TWISTED_DNS_RESOLVER = "newscrawl.crawler.resolver.AddressCheckingResolver"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"

STATS_CLASS = "newscrawl.crawler.statscollector.StatsCollector"

_PIPELINES = "newscrawl.crawler.pipelines"
ITEM_PIPELINES = {
    f"{_PIPELINES}.validate.ValidationPipeline": 100,
    f"{_PIPELINES}.dedup.DeduplicationPipeline": 200,
    f"{_PIPELINES}.undated.UndatedPipeline": 250,
    f"{_PIPELINES}.history.HistoryPipeline": 300,
    f"{_PIPELINES}.neardup.NearDuplicatePipeline": 400,
}
# A request filter of this run only: the crawl state remembers what earlier runs fetched.
DUPEFILTER_CLASS = "newscrawl.crawler.dupefilter.RunDupeFilter"
# Past 2,000 queued requests the frontier waits on disk, JOBDIR or not.
SCHEDULER = "newscrawl.crawler.scheduler.SpillingScheduler"

# Scrapy starts this many tasks for every response's output, and an article page yields
# one item; the pipelines never wait, so no two items of a response gain from running side
# by side. Scrapy alone on the benchmark's pages: 8.6 ms CPU a page at the default (100),
# 6.1 at 4, 5.6 at 1.
CONCURRENT_ITEMS = 1

ADDONS = {
    # Settings under their names before the NEWSCRAWL_ prefix, with a warning.
    "newscrawl.crawler.addons.RenamedSettings": -100,
    # NEWSCRAWL_DISTRIBUTED puts the frontier and the crawl state in Redis.
    "newscrawl.distributed.addon.Distributed": 0,
}

FEED_EXPORT_ENCODING = "utf-8"
# JSON Lines written by orjson: the same lines as the standard library's, compact.
FEED_EXPORTERS = {
    "jsonlines": "newscrawl.crawler.exporters.JsonLinesExporter",
    "jl": "newscrawl.crawler.exporters.JsonLinesExporter",
}
_EXTENSIONS = "newscrawl.crawler.extensions"
EXTENSIONS = {
    # Local output: checked before the crawl starts.
    f"{_EXTENSIONS}.output.OutputCheck": 0,
    # `<feed file>.run.json`: what the run that wrote a local feed file did.
    f"{_EXTENSIONS}.output.RunRecord": 3,
    f"{_EXTENSIONS}.state.CrawlStateExtension": 1,
    f"{_EXTENSIONS}.sources.SourceTracker": 2,
    # Fewer garbage collection passes over the crawl's long-lived objects.
    f"{_EXTENSIONS}.gc.CollectorTuning": 10,
    # A progress line on stderr, with NEWSCRAWL_PROGRESS.
    f"{_EXTENSIONS}.progress.CrawlProgress": 20,
    # Raw archive: set NEWSCRAWL_WARC_DIR to also write every article response to WARC files.
    f"{_EXTENSIONS}.warc.WarcArchive": 500,
    # After the feed exporter (order 0): an article is confirmed once its line is written.
    f"{_EXTENSIONS}.recorder.StateRecorder": 1000,
    # Spidermon with newscrawl's health monitors (README "Crawl health").
    "newscrawl.health.extension.HealthExtension": 1100,
    # The crawl's mode as it starts; what it wrote, skipped and dropped as it ends.
    f"{_EXTENSIONS}.summary.CrawlSummary": 1200,
}
# Local output is written in whole lines.
FEED_STORAGES = {
    "": "newscrawl.crawler.feedstorage.WholeLineFileStorage",
    "file": "newscrawl.crawler.feedstorage.WholeLineFileStorage",
}

# Neither console is needed by a crawler, and both listen on a local port.
REMOTE_CONTROL_ENABLED = False
TELNETCONSOLE_ENABLED = False

LOG_LEVEL = "INFO"
# A dropped article is one line naming its reason and URL, never its body.
LOG_FORMATTER = "newscrawl.crawler.logformatter.ItemLogFormatter"

SPIDERMON_ENABLED = True
SPIDERMON_SPIDER_CLOSE_MONITORS = ["newscrawl.health.monitors.HealthSuite"]

globals().update(defaults())
# A shell whose every crawl should replay (a demo session, the README's commands under test).
NEWSCRAWL_REPLAY_URL = os.environ.get("NEWSCRAWL_REPLAY_URL") or None
