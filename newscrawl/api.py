"""The Python API: extract the article of a page, crawl outlets, list the outlet profiles.

Extraction runs in the calling process; a crawl runs in a child process of its own (Twisted's
reactor cannot start twice in one process), which streams back each article as it is written,
so :func:`crawl` can be called any number of times, from a notebook too::

    import newscrawl

    for article in newscrawl.crawl(["aqnews"], replay=True, max_articles=5):
        print(article.published_at, article.title)

``newscrawl crawl`` runs :func:`run_crawl` in its own process.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newscrawl.outlets import OUTLETS, get_outlet, outlet_for_url

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Mapping

    from scrapy import Spider
    from scrapy.crawler import Crawler

    from newscrawl.core.article import Article
    from newscrawl.core.profile import OutletProfile
    from newscrawl.crawler.extensions.summary import Summary

SETTINGS_MODULE = "newscrawl.crawler.settings"
# Finish reasons of a crawl that went as asked.
_FINISHED = ("finished", "closespider_itemcount")
_PR_SET_PDEATHSIG = 1


class CrawlError(RuntimeError):
    """A crawl could not run, or its process ended before the crawl did."""


def extract_article(
    html: str | bytes,
    url: str,
    outlet: str | None = None,
    fetched_at: datetime | None = None,
) -> Article:
    """The article of one saved page, as a crawl would write it.

    ``html`` is the page's text, or its bytes (decoded by the page's own declaration, else as
    UTF-8); ``url`` the live URL it came from; ``outlet`` a profile name (default: the outlet
    whose host ``url`` is on, else the generic path); ``fetched_at`` the fetch time relative
    dates count from (default: now; naive means UTC). Raises
    :class:`newscrawl.extract.errors.NotAnArticle` for a page that is not an article.

    >>> from newscrawl.replay.server import bundled_snapshots
    >>> path = "aqnews.kz/ru/politika/123401-v-mazhilise-obsudili-polnomochiya-selskih-akimov/"
    >>> page = (bundled_snapshots() / path / "index.html").read_bytes()
    >>> article = extract_article(page, f"https://{path}")
    >>> article.outlet, article.language, article.published_at
    ('aqnews', 'ru', '2024-03-25T14:30:00+05:00')
    """
    from newscrawl.core.article import Article
    from newscrawl.extract.article import extract_article as extract_fields
    from newscrawl.extract.encoding import decode_html

    profile = get_outlet(outlet) if outlet else outlet_for_url(url)
    if isinstance(html, bytes):
        _, html = decode_html(html, None)
    moment = fetched_at or datetime.now(timezone.utc).replace(microsecond=0)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return Article.from_dict(extract_fields(html, url, moment, profile))


def profiles() -> dict[str, OutletProfile]:
    """The profiles of the shipped outlets, by name."""
    return dict(OUTLETS)


@dataclass
class CrawlPlan:
    """What a crawl is asked to do; JSON-serialisable, so that a child process can run it.

    ``output`` is a JSON Lines file the articles are appended to (``%(name)s`` in it: one
    file per outlet), ``-`` standard output, None the default per-run file of each outlet
    (``NEWSCRAWL_DEFAULT_FEED``). ``settings`` are Scrapy settings, over everything else.
    """

    outlets: list[str]
    since: str | None = None
    until: str | None = None
    source: str = "live"
    max_articles: int | None = None
    replay: bool = False
    output: str | None = None
    progress: bool = False
    settings: dict[str, Any] = field(default_factory=dict)

    def spider_arguments(self) -> dict[str, str]:
        """The spider arguments (``-a``) of each outlet's crawl."""
        arguments = {"since": self.since, "until": self.until, "source": self.source}
        return {name: value for name, value in arguments.items() if value is not None}


@dataclass
class CrawlOutcome:
    """What a crawl wrote, and why it wrote nothing when it failed."""

    summary: Summary
    outputs: list[str]
    errors: list[str]

    @property
    def articles(self) -> int:
        """Articles written."""
        return sum(self.summary.articles.values())

    @property
    def failed(self) -> bool:
        """Whether nothing was written because of an error."""
        return not self.articles and bool(self.errors)

    def render(self) -> str:
        """The summary, and the errors of a crawl that failed."""
        lines = [self.summary.render(", ".join(self.outputs) or "no output")]
        if self.failed:
            lines += [f"error: {error}" for error in self.errors]
        return "\n".join(lines)


class _Run:
    """The crawlers of one :func:`run_crawl`: their written articles counted, the crawl
    stopped at the article limit."""

    def __init__(self, plan: CrawlPlan, on_item: Callable[[dict[str, Any]], None] | None) -> None:
        from newscrawl.crawler.extensions.summary import Summary

        self.plan = plan
        self.on_item = on_item
        self.summary = Summary()
        self.written = 0
        self.running: list[Crawler] = []
        self.outputs: list[str] = []
        self.errors: list[str] = []

    @property
    def done(self) -> bool:
        """Whether the article limit is reached."""
        return self.plan.max_articles is not None and self.written >= self.plan.max_articles

    def watch(self, crawler: Crawler) -> None:
        """Count what ``crawler`` writes and stop it at the article limit."""
        from scrapy import signals

        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    def item_scraped(self, item: Any) -> None:
        """One article written (the feed exporter's handler ran first)."""
        from itemadapter import ItemAdapter

        article = ItemAdapter(item).asdict()
        self.summary.add_item(article)
        self.written += 1
        if self.on_item is not None:
            self.on_item(article)
        if self.written == self.plan.max_articles:
            for crawler in self.running:
                _close(crawler)

    def spider_opened(self, spider: Spider) -> None:
        """A crawl started; one that starts after the limit was reached stops at once."""
        from scrapy import signals

        crawler = spider.crawler
        # Connected now, after the feed exporter: an article counts once its line is written.
        crawler.signals.connect(self.item_scraped, signal=signals.item_scraped)
        self.running.append(crawler)
        if self.done:
            _close(crawler)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        """A crawl ended: its figures, where it wrote, why it may have written nothing."""
        from newscrawl.crawler.extensions.summary import outputs_of

        crawler = spider.crawler
        with contextlib.suppress(ValueError):
            self.running.remove(crawler)
        assert crawler.stats is not None
        figures = {**crawler.stats.get_stats(), "finish_reason": reason}
        self.summary.add_stats(spider.name, figures)
        self.outputs += [out for out in outputs_of(crawler) if out not in self.outputs]
        self.errors += _errors(spider.name, figures)

    def failed(self, failure: Any, outlet: str) -> None:
        """A crawl that could not start (its output or its state unavailable, …)."""
        self.errors.append(f"{outlet}: {failure.getErrorMessage().removeprefix('newscrawl: ')}")

    def outcome(self) -> CrawlOutcome:
        """What every crawl did, once they ended."""
        return CrawlOutcome(self.summary, self.outputs, self.errors)


def _close(crawler: Crawler) -> None:
    from scrapy.utils.defer import deferred_from_coro

    deferred_from_coro(crawler.engine.close_spider_async(reason="closespider_itemcount"))


def _errors(outlet: str, figures: Mapping[str, Any]) -> list[str]:
    """Why a crawl that ended may have written nothing."""
    from newscrawl.core import stats

    errors = []
    if (reason := figures.get("finish_reason", "finished")) not in _FINISHED:
        errors.append(f"{outlet}: stopped ({reason})")
    if logged := figures.get("log_count/ERROR", 0):
        errors.append(f"{outlet}: {logged} errors logged")
    failed = stats.key(stats.DOWNLOAD_ERROR)
    if not figures.get("response_received_count") and (
        requests := sum(value for key, value in figures.items() if key.startswith(failed))
    ):
        errors.append(f"{outlet}: no response, {requests} requests failed")
    return errors


def run_crawl(
    plan: CrawlPlan, on_item: Callable[[dict[str, Any]], None] | None = None
) -> CrawlOutcome:
    """Crawl ``plan``'s outlets at once in this process; ``on_item`` gets each article as it
    is written. Runs once per process (Twisted's reactor does not restart); raises
    :class:`CrawlError` for an unknown outlet or source."""
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    from newscrawl.crawler.sources import check_source
    from newscrawl.demo import replay_settings

    try:
        check_source(plan.source)
    except ValueError as error:
        raise CrawlError(str(error)) from None

    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", SETTINGS_MODULE)
    settings = get_project_settings()
    with contextlib.ExitStack() as stack:
        overrides: dict[str, Any] = {"LOG_LEVEL": "WARNING",
                                     "NEWSCRAWL_PROGRESS": plan.progress}
        if plan.replay:
            from newscrawl.replay.server import ReplayServer

            server = stack.enter_context(ReplayServer())
            overrides |= {**replay_settings(plan.source), "NEWSCRAWL_REPLAY_URL": server.url}
            # Replayed articles carry live URLs: they must not count as fetched for a live
            # crawl's state.
            if "NEWSCRAWL_STATE_DIR" not in plan.settings:
                workdir = stack.enter_context(tempfile.TemporaryDirectory(prefix="newscrawl-"))
                overrides["NEWSCRAWL_STATE_DIR"] = str(Path(workdir) / "state")
        if feeds := _feeds(plan.output):
            overrides["FEEDS"] = feeds
        if plan.max_articles is not None:
            # A crawl that stopped at the limit it was given ended well.
            overrides["NEWSCRAWL_HEALTH_THRESHOLDS"] = {"finish_reasons": list(_FINISHED)}
        settings.setdict({**overrides, **plan.settings}, priority="cmdline")
        process = CrawlerProcess(settings)
        run = _Run(plan, on_item)
        for name in plan.outlets:
            try:
                crawler = process.create_crawler(name)
            except KeyError:
                known = ", ".join(process.spider_loader.list())
                raise CrawlError(f"unknown outlet {name!r}; known: {known}") from None
            run.watch(crawler)
            process.crawl(crawler, **plan.spider_arguments()).addErrback(run.failed, name)
        process.start()
        return run.outcome()


def _feeds(output: str | None) -> dict[str, dict[str, Any]]:
    if output is None:
        return {}
    options = {"format": "jsonlines", "encoding": "utf-8"}
    if output == "-":
        return {"stdout:": options}
    # Appended to, as `scrapy crawl -o` does: the crawls of several outlets share the file.
    return {str(Path(output).absolute()): {**options, "overwrite": False}}


def crawl(
    outlets: str | Iterable[str],
    since: str | date | None = None,
    until: str | date | None = None,
    *,
    source: str = "live",
    max_articles: int | None = None,
    replay: bool = False,
    settings: Mapping[str, Any] | None = None,
) -> Iterator[Article]:
    """Crawl ``outlets`` (profile names) at once and yield each article as it is written.

    ``since`` and ``until`` bound the publication dates (ISO dates or times, or
    ``date``/``datetime``; in each outlet's time zone unless they carry an offset);
    ``source`` is where the pages are read: ``live`` (the outlets' sites), or an archive,
    ``commoncrawl`` or ``wayback`` (pages captured between ``since`` and ``until``);
    ``max_articles`` stops the crawl once that many articles are written, over every outlet,
    and yields no more than that (the pages being fetched then still finish: a live crawl's
    file may hold a few more); ``replay`` crawls the bundled snapshots through a local replay
    server, with a crawl state of its own, and keeps no file; ``settings`` are Scrapy
    settings (JSON values), e.g. ``{"NEWSCRAWL_STATE_DIR": "state"}``.

    A live crawl is one run of ``newscrawl crawl``: it writes each outlet's default per-run
    file and skips the article pages earlier runs fetched (crawl state). The crawl runs in a
    child process, which ends when the generator is exhausted, closed or garbage-collected,
    or when this process dies. Raises :class:`CrawlError` when the crawl could not run.

    >>> articles = list(crawl("aqnews", replay=True, max_articles=3))
    >>> len(articles), articles[0].outlet
    (3, 'aqnews')
    """
    names = [outlets] if isinstance(outlets, str) else list(outlets)
    extra = dict(settings or {})
    unknown = [name for name in names if name not in OUTLETS]
    # Outlets of NEWSCRAWL_PROFILES modules are known once the crawl loads them.
    if unknown and "NEWSCRAWL_PROFILES" not in extra:
        raise KeyError(f"unknown outlets {unknown}; known: {', '.join(OUTLETS)}")
    if max_articles is not None and max_articles < 1:
        raise ValueError(f"max_articles must be at least 1, not {max_articles}")
    plan = CrawlPlan(
        names, _bound(since), _bound(until), source, max_articles=max_articles, replay=replay,
        settings=extra,
    )
    return _stream(plan)


def _bound(value: str | date | None) -> str | None:
    return value.isoformat() if isinstance(value, date) else value


def _stream(plan: CrawlPlan) -> Iterator[Article]:
    from newscrawl.core.article import Article

    with tempfile.TemporaryDirectory(prefix="newscrawl-crawl-") as workdir:
        if plan.replay:
            plan.settings.setdefault("NEWSCRAWL_STATE_DIR", str(Path(workdir) / "state"))
            if "FEEDS" not in plan.settings:
                plan.output = str(Path(workdir) / "%(name)s.jsonl")
        reading, writing = os.pipe()
        channel = os.fdopen(reading, encoding="utf-8")
        try:
            child = subprocess.Popen(
                [sys.executable, "-m", __name__, str(writing), str(os.getpid())],
                stdin=subprocess.PIPE, pass_fds=(writing,), text=True,
            )
        except BaseException:
            channel.close()
            raise
        finally:
            os.close(writing)
        try:
            assert child.stdin is not None
            child.stdin.write(json.dumps(asdict(plan), default=str) + "\n")
            child.stdin.flush()
            yielded = 0
            with channel:
                for line in channel:
                    message = json.loads(line)
                    if "article" in message:
                        # Not past the limit, which the stopping crawl may still write beyond.
                        if yielded != plan.max_articles:
                            yielded += 1
                            yield Article.from_dict(message["article"])
                    elif message["failed"]:
                        raise CrawlError("; ".join(message["errors"]))
                    else:
                        # The crawl is over: the process only has to exit.
                        with contextlib.suppress(subprocess.TimeoutExpired):
                            child.wait(timeout=5)
                        return
            raise CrawlError(f"the crawl process ended with status {child.wait()}")
        finally:
            child.kill()
            child.wait()
            if child.stdin is not None:
                child.stdin.close()


def _serve() -> None:
    """The child process of :func:`crawl`: reads the plan from standard input, writes one JSON
    object per line to the channel given as its first argument."""
    _exit_with_parent(int(sys.argv[2]))
    plan = CrawlPlan(**json.loads(sys.stdin.readline()))
    threading.Thread(target=_exit_at_end_of_input, daemon=True).start()
    with open(int(sys.argv[1]), "w", encoding="utf-8", buffering=1) as channel:

        def send(article: dict[str, Any]) -> None:
            channel.write(json.dumps({"article": article}, ensure_ascii=False) + "\n")

        try:
            outcome = run_crawl(plan, send)
        except CrawlError as error:
            channel.write(json.dumps({"failed": True, "errors": [str(error)]}) + "\n")
            sys.exit(1)
        except Exception as error:
            channel.write(json.dumps({"failed": True, "errors": [repr(error)]}) + "\n")
            raise
        channel.write(json.dumps({"failed": outcome.failed, "errors": outcome.errors}) + "\n")


def _exit_with_parent(parent: int) -> None:
    """End this process when ``parent`` dies, even by SIGKILL (the kernel's parent-death
    signal; :func:`_exit_at_end_of_input` where there is none)."""
    if sys.platform == "linux":
        ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)


def _exit_at_end_of_input() -> None:
    """Exit once standard input ends: the parent holds its other end until it closes the
    crawl or dies."""
    sys.stdin.read()
    os._exit(1)


if __name__ == "__main__":
    _serve()
