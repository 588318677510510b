"""Every setting of newscrawl's own: its name, its default and what it does, in one table.

The Scrapy settings module (:mod:`newscrawl.crawler.settings`) takes the defaults from here,
``docs/settings.md`` is this table, and the names a setting had before it took the
``NEWSCRAWL_`` prefix keep working for one release, with a deprecation warning.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

MIB = 1024 * 1024


@dataclass(frozen=True)
class Setting:
    """One project setting; ``renamed_from`` is its deprecated earlier name."""

    name: str
    default: Any
    doc: str
    renamed_from: str | None = None


SETTINGS = (
    Setting("NEWSCRAWL_REPLAY_URL", None,
            "a replay server's URL (`newscrawl replay`): every request goes there instead of the "
            "network, and items keep the live URLs (unset: the environment variable of that "
            "name, else none)", renamed_from="REPLAY_URL"),
    Setting("NEWSCRAWL_DEFAULT_FEED", "output/%(name)s/%(time)s.jsonl",
            "where a run writes when no feed is given (`-o`/`-O`, `FEEDS`): one file per run"),
    Setting("NEWSCRAWL_MIN_FREE_BYTES", 64 * MIB,
            "a crawl whose local output disk has less free space does not start"),
    Setting("NEWSCRAWL_STATE_DIR", None,
            "the crawl state directory shared by every run (unset: the environment variable of "
            "that name, else `~/.local/state/newscrawl`)"),
    Setting("NEWSCRAWL_STATE_COMMIT_WRITES", 100,
            "the crawl state is committed every this many writes (an article written, pages "
            "recorded), in one transaction; a killed crawl's uncommitted articles are adopted "
            "from its feed files by the next run"),
    Setting("NEWSCRAWL_STATE_COMMIT_MS", 1000,
            "a crawl also commits the crawl state this often, in milliseconds, while it runs "
            "(`0`: only every `NEWSCRAWL_STATE_COMMIT_WRITES` writes)"),
    Setting("NEWSCRAWL_PROFILES", (),
            "extra profile modules, each defining `PROFILE`, for outlets kept outside the package"),
    Setting("NEWSCRAWL_EXTRACTION_WORKERS", None,
            "processes that extract articles: unset is one per core; `0` or `1` extracts "
            "in-process", renamed_from="EXTRACTION_WORKERS"),
    Setting("NEWSCRAWL_MAX_PAGE_BYTES", 4 * MIB,
            "an HTML page over this size is not extracted (`skipped/too_large`); "
            "`newscrawl extract` refuses a larger file"),
    Setting("NEWSCRAWL_EXTRACTION_TIMEOUT", 60.0,
            "seconds of extraction a page may take in the worker pool: past it the page is "
            "skipped (`skipped/extraction_timeout`) and its worker replaced; `0` is no limit"),
    Setting("NEWSCRAWL_ALLOWED_ADDRESSES", (),
            "CIDR ranges a crawl may fetch from although they are private, loopback, link-local "
            "or reserved (`127.0.0.1/32` for a site on this machine); replay routing needs none"),
    Setting("NEWSCRAWL_SITEMAP_DEPTH", 4,
            "sitemap indexes nested deeper than this below the first sitemap are not read "
            "(`sitemap/too_deep`)"),
    Setting("NEWSCRAWL_DROP_UNDATED", False,
            "drop articles with no readable publication date instead of keeping them"),
    Setting("NEWSCRAWL_DROP_NEAR_DUPLICATES", False,
            "drop near-verbatim copies instead of marking them with `duplicate_of`",
            renamed_from="DROP_NEAR_DUPLICATES"),
    Setting("NEWSCRAWL_RETRY_AFTER_MAX", 60.0,
            "the longest wait, in seconds, a `Retry-After` answer is granted",
            renamed_from="RETRY_AFTER_MAX"),
    Setting("NEWSCRAWL_RETRY_BACKOFF_BASE", 1.0,
            "the first wait, in seconds, before retrying a 429 without `Retry-After` (doubled "
            "per retry)", renamed_from="RETRY_BACKOFF_BASE"),
    Setting("NEWSCRAWL_WARC_DIR", None,
            "also write every article response to WARC files in this directory",
            renamed_from="WARC_DIR"),
    Setting("NEWSCRAWL_WARC_MAX_SIZE", 1024 * MIB,
            "a new WARC file is started past this size, in bytes",
            renamed_from="WARC_MAX_SIZE"),
    Setting("NEWSCRAWL_CHROMIUM", None,
            "the Chromium executable (unset: the environment variable of that name, else the "
            "usual paths)"),
    Setting("NEWSCRAWL_BROWSER_ENABLED", True,
            "`False` fetches pages a profile renders in a browser plainly"),
    Setting("NEWSCRAWL_BROWSER_PAGES", 4, "pages rendered at once, in one browser context"),
    Setting("NEWSCRAWL_DISTRIBUTED", None,
            "a Redis URL: the request queue, the request filter and the crawl state live there, "
            "shared by every worker"),
    Setting("NEWSCRAWL_WORKER_TIMEOUT", 30.0,
            "seconds without a heartbeat after which a distributed worker counts as dead"),
    Setting("NEWSCRAWL_HEALTH_THRESHOLDS", {},
            "crawl health thresholds for this crawl, over the profile's"),
    Setting("NEWSCRAWL_FAIL_ON_UNHEALTHY", False,
            "`scrapy crawl` exits with status 1 when a health check failed"),
    Setting("NEWSCRAWL_HEALTH_WEBHOOK", None, "the health report is POSTed there after every run"),
    Setting("NEWSCRAWL_CC_INDEX", "https://index.commoncrawl.org",
            "Common Crawl's index server (`-a source=commoncrawl`): its `collinfo.json` is read, "
            "and each collection's `cdx-api` link taken as it comes"),
    Setting("NEWSCRAWL_CC_DATA", "https://data.commoncrawl.org",
            "where Common Crawl's WARC files are read, one record per `Range` request (and "
            "CC-NEWS's whole files)"),
    Setting("NEWSCRAWL_WAYBACK", "https://web.archive.org",
            "the Wayback Machine (`-a source=wayback`): its CDX server and raw captures"),
    Setting("NEWSCRAWL_ARCHIVE_SLOTS", {
        "commoncrawl-index": {"concurrency": 1, "delay": 1.0},
        "commoncrawl-data": {"concurrency": 2, "delay": 0.5},
        "wayback-cdx": {"concurrency": 1, "delay": 2.5},
        "wayback-web": {"concurrency": 2, "delay": 1.0},
    }, "concurrency and delay (seconds) per archive service, over Scrapy's own; a `DOWNLOAD_SLOTS` "
       "entry of the same name wins"),
    Setting("NEWSCRAWL_PROGRESS", False,
            "a progress line on stderr (articles written, pages/min, queue, errors), one for every "
            "crawl of the process; `newscrawl crawl` and `newscrawl demo` turn it on when stderr "
            "is a terminal"),
)

RENAMED = {setting.renamed_from: setting.name for setting in SETTINGS if setting.renamed_from}


def defaults() -> dict[str, Any]:
    """Every setting's default, by name."""
    return {setting.name: setting.default for setting in SETTINGS}


def settings_table() -> str:
    """The settings as a Markdown table (``docs/settings.md``)."""
    rows = ["| setting | default | meaning |", "|---|---|---|"]
    for setting in SETTINGS:
        default = "unset" if setting.default is None else f"`{setting.default!r}`"
        doc = setting.doc + (f" (was `{setting.renamed_from}`)" if setting.renamed_from else "")
        rows.append(f"| `{setting.name}` | {default} | {doc} |")
    return "\n".join(rows) + "\n"
