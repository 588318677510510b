"""Every crawl stats counter newscrawl keeps, and why an item is dropped, named in one place.

Counters live under ``newscrawl/`` in Scrapy's crawl stats. A name here is the part after the
prefix (``skipped/seen``); :func:`key` gives the full stats key and :func:`count` adds to it.
Counters with a variable part (an HTTP status, a reason) are built by the functions below.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

PREFIX = "newscrawl/"

ARTICLES_EXTRACTED = "articles_extracted"
UNDATED = "undated"
REVISIONS = "revisions"
NEAR_DUPLICATES = "near_duplicates"
ENCODING_CORRECTED = "encoding/corrected"
# Bytes that are not valid in a page kept as UTF-8, replaced when decoded.
ENCODING_INVALID_BYTES = "encoding/invalid_bytes"
IGNORED = "ignored"

SKIPPED_SEEN = "skipped/seen"
SKIPPED_TOO_LARGE = "skipped/too_large"
SKIPPED_NOT_HTML = "skipped/not_html"
SKIPPED_WORKER_CRASHED = "skipped/worker_crashed"
SKIPPED_EXTRACTION_ERROR = "skipped/extraction_error"
SKIPPED_EXTRACTION_TIMEOUT = "skipped/extraction_timeout"
# Article pages whose body was too short to count as one (health's short_body check).
SKIPPED_SHORT = ("skipped/too_short", "skipped/empty")

# Requests the crawl's own policy refused: not a fault of the site.
REFUSED = "refused/"
REFUSED_ROBOTS_TXT = REFUSED + "robots_txt"
REFUSED_OFFSITE = REFUSED + "offsite"
REFUSED_SCHEME = REFUSED + "scheme"
REFUSED_ADDRESS = REFUSED + "address"
REDIRECT_LOOP = "redirect/loop"
REDIRECT_OFFSITE = "redirect/offsite"
REDIRECT_TOO_MANY = "redirect/too_many"
DOWNLOAD_ERROR = "download_error/"

SITEMAP_INVALID = "sitemap/invalid"
SITEMAP_ENTITIES = "sitemap/entities"
SITEMAP_MALFORMED = "sitemap/malformed"
SITEMAP_SELF_REFERENCE = "sitemap/self_reference"
SITEMAP_TOO_DEEP = "sitemap/too_deep"
# What extraction could not read or had to repair on a page it still made an article of.
STRUCTURED_DATA_TOO_LARGE = "structured_data/too_large"
STRUCTURED_DATA_UNREADABLE = "structured_data/unreadable"
STRUCTURED_DATA_CUT = "structured_data/cut"
DATE_IMPLAUSIBLE = "date/implausible"
FEED_NOT_TEXT = "feed/not_text"
FEED_UNREADABLE_DATES = "feed/unreadable_dates"
FEED_LINKS = "feed/links"
LISTING_NOT_TEXT = "listing/not_text"
LISTING_PAGE_LIMIT = "listing/page_limit"

BACKFILL_SITEMAP_ENTRIES_SKIPPED = "backfill/sitemap_entries_skipped"
BACKFILL_FEED_ENTRIES_SKIPPED = "backfill/feed_entries_skipped"
BACKFILL_LISTING_STOPPED = "backfill/listing_stopped"
BACKFILL_LINKS_SKIPPED = "backfill/links_skipped"
BACKFILL_UNDATED_KEPT = "backfill/undated_kept"

EXTRACTION_RETRIED = "extraction/retried"
EXTRACTION_WORKER_CRASHED = "extraction/worker_crashed"
EXTRACTION_TIMED_OUT = "extraction/timed_out"

RECOVERED_WRITTEN = "recovered/written"
RECOVERED_FETCHED_AGAIN = "recovered/fetched_again"
RECOVERED_REQUESTS = "recovered/requests"

WARC_FILES = "warc/files"
WARC_RESPONSES = "warc/responses"

# Archive sources (-a source=commoncrawl|wayback): their indexes, captures and records.
ARCHIVE_COLLECTIONS = "archive/collections"
ARCHIVE_INDEX_PAGES = "archive/index_pages"
ARCHIVE_INDEX_EMPTY = "archive/index_empty"
ARCHIVE_INDEX_MISSING = "archive/index_missing"
ARCHIVE_INDEX_UNREADABLE = "archive/index_unreadable"
ARCHIVE_INDEX_FAILED = "archive/index_failed"
ARCHIVE_CAPTURES = "archive/captures"
# Captures of pages the profile does not take for articles, or outside the window.
ARCHIVE_CAPTURES_OTHER_PAGES = "archive/captures_other_pages"
ARCHIVE_CAPTURES_OUT_OF_WINDOW = "archive/captures_out_of_window"
# Captures of a page that has a newer one in the window (the newer one is fetched).
ARCHIVE_CAPTURES_OLDER = "archive/captures_older"
ARCHIVE_CAPTURES_REQUESTED = "archive/captures_requested"
ARCHIVE_REDIRECT = "archive/redirect"
ARCHIVE_REDIRECT_FOLLOWED = "archive/redirect_followed"
ARCHIVE_RECORD_UNREADABLE = "archive/record_unreadable"
ARCHIVE_FETCH_FAILED = "archive/fetch_failed"

CCNEWS_LISTING_MISSING = "ccnews/listing_missing"
CCNEWS_FILES = "ccnews/files"
CCNEWS_FILES_READ_BEFORE = "ccnews/files_read_before"
CCNEWS_FILES_FAILED = "ccnews/files_failed"
CCNEWS_RECORDS = "ccnews/records"
CCNEWS_RECORDS_KEPT = "ccnews/records_kept"

HEALTH_FAILED_CHECKS = "health/failed_checks"
HEALTH_WEBHOOK_POSTED = "health/webhook_posted"


class Stats(Protocol):
    """What newscrawl needs of a stats collector (Scrapy's has it)."""

    def inc_value(self, key: str, count: int = 1, start: int = 0) -> None: ...


def key(counter: str) -> str:
    """The crawl stats key of a counter: ``newscrawl/<counter>``."""
    return PREFIX + counter


def count(stats: Stats, counter: str, value: int = 1) -> None:
    """Add ``value`` to a counter."""
    stats.inc_value(key(counter), value)


def skipped(reason: str) -> str:
    """An article page given up before it became an item (``not_article_type``, …)."""
    return f"skipped/{reason}"


def http_error(status: int) -> str:
    """A request answered with an error status."""
    return f"http_error/{status}"


def download_error(kind: str) -> str:
    """A request that got no response (``timeout``, ``dns``, …)."""
    return DOWNLOAD_ERROR + kind


def field_trimmed(name: str) -> str:
    """An article field cut to the schema's length."""
    return f"field/trimmed/{name}"


def field_dropped(name: str) -> str:
    """An article field (or some of its items) left out: the schema refuses it."""
    return f"field/dropped/{name}"


# Pages a bot wall (DDoS-Guard, Qrator, Cloudflare, …) answered instead of the article.
BLOCKED = "blocked/"


def blocked(vendor: str) -> str:
    """A page a bot wall of ``vendor`` answered instead of the article."""
    return BLOCKED + vendor


# Where publication dates come from, strongest first (see ``newscrawl.extract.published``).
DATE_SOURCES = ("json_ld", "microdata", "meta", "time", "selector", "visible")
DATE_SOURCE = "date_source/"


def date_source(source: str) -> str:
    """Where an article's publication date came from (one of :data:`DATE_SOURCES`)."""
    return DATE_SOURCE + source


def backoff(status: int) -> str:
    """A retry that waited as a 429 or 503 answer asked."""
    return f"backoff/{status}"


def browser(kind: str, unit: str) -> str:
    """Responses (``unit`` ``responses``) or their download time (``ms``), ``rendered`` or
    ``plain``."""
    return f"browser/{kind}_{unit}"


@dataclass(frozen=True)
class DropReason:
    """Why an article was dropped, counted as ``dropped/<name>``.

    ``invalid`` marks a schema failure: its page is fetched again by the next run, and crawl
    health judges it apart from the other drops. ``log_level`` is the level of its one log
    line: a drop in normal operation is DEBUG (the crawl's summary counts them by reason), a
    schema failure WARNING.
    """

    name: str
    invalid: bool = False
    log_level: str = "DEBUG"

    @property
    def counter(self) -> str:
        """The counter of this reason."""
        return f"dropped/{self.name}"


DUPLICATE_URL = DropReason("duplicate/url")
DUPLICATE_CONTENT = DropReason("duplicate/content")
DUPLICATE_NEAR = DropReason("duplicate/near")
UNCHANGED = DropReason("unchanged")
DROPPED_UNDATED = DropReason("undated")
OUT_OF_WINDOW = DropReason("out_of_window")
LANGUAGE = DropReason("language")


def invalid(field: str) -> DropReason:
    """An article that breaks the schema at ``field``."""
    return DropReason(f"invalid/{field}", invalid=True, log_level="WARNING")
