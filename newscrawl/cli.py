"""The ``newscrawl`` command: demo, extract, replay, schedule, health, outlets, export, …"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import textwrap
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn
from zoneinfo import ZoneInfo

from newscrawl.core.settings import defaults
from newscrawl.core.version import __version__
from newscrawl.core.window import parse_bound
from newscrawl.outlets import OUTLETS, get_outlet, outlet_for_url

if TYPE_CHECKING:
    from collections.abc import Sequence

# newscrawl.crawler.sources.SOURCES, spelled out: parsing a command line imports no Scrapy.
SOURCES = ("live", "commoncrawl", "wayback")


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``newscrawl`` console script: 0 on success, 1 on failure, 2 for a
    wrong command line."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        status = args.run(args)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader (`| head`) left: the rest goes to devnull, so Python's own flush at exit
        # raises nothing (https://docs.python.org/3/library/signal.html#note-on-sigpipe).
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    return int(status)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="newscrawl", description="Crawl Kazakh and Russian news into clean JSON Lines.",
        epilog="Run `newscrawl COMMAND --help` for a command's options and examples.",
    )
    parser.add_argument("--version", action="version", version=f"newscrawl {__version__}")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    demo = _command(commands, "demo", "crawl the bundled snapshots offline", """
        Crawl the snapshots bundled with newscrawl through a local replay server: no
        network, a crawl state of its own. Prints what was written, dropped and skipped.""", """
        newscrawl demo
        newscrawl demo --outlet aqnews --outlet tengrinews --out demo.jsonl
        newscrawl demo --source commoncrawl --out archived.jsonl""")
    demo.add_argument("--outlet", action="append", choices=sorted(OUTLETS), metavar="NAME",
                      help="crawl only this outlet (repeatable; default: all)")
    demo.add_argument("--out", type=Path, default=Path("articles.jsonl"),
                      help="JSON Lines output (default: %(default)s)")
    demo.add_argument("--snapshots", type=Path, help="snapshot directory (default: bundled)")
    demo.add_argument("--source", choices=SOURCES, default="live",
                      help="read the pages from the replayed sites (live, the default) or from "
                           "an archive the replay plays: commoncrawl, wayback")
    demo.add_argument("--quiet", action="store_true", help="no progress line")
    demo.set_defaults(run=_demo)

    _add_crawl(commands)

    extract = _command(commands, "extract", "extract the article of a saved page", """
        Extract one saved HTML page as a crawl would, and print the article as JSON. Exit
        status 1 when the page is no article (the reason is printed).""", """
        newscrawl extract page.html --url https://aqnews.kz/ru/news/123
        newscrawl extract page.html --url https://www.rbc.ru/x --encoding windows-1251
        newscrawl extract page.html --url https://example.kz/a --fetched-at 2024-03-28T10:00Z""")
    extract.add_argument("page", type=Path, help="saved HTML file")
    extract.add_argument("--url", required=True, help="the URL the page was saved from")
    extract.add_argument("--outlet", choices=sorted(OUTLETS), metavar="NAME",
                         help="outlet profile (default: by the URL's host, else generic)")
    extract.add_argument("--fetched-at", type=datetime.fromisoformat,
                         help="fetch time, ISO 8601 (default: now); relative dates count from it")
    extract.add_argument("--encoding", metavar="CHARSET",
                         help="the charset the server sent (e.g. windows-1251); default: the "
                              "page's own declaration, else UTF-8")
    extract.add_argument("--max-bytes", type=int, metavar="N",
                         default=defaults()["NEWSCRAWL_MAX_PAGE_BYTES"],
                         help="refuse a larger file, as a crawl does (default: %(default)s)")
    extract.set_defaults(run=_extract)

    replay = _command(commands, "replay", "serve snapshots on 127.0.0.1", """
        Serve saved snapshots of the outlets' sites on 127.0.0.1 until interrupted; a crawl
        with NEWSCRAWL_REPLAY_URL set reads them instead of the network.""", """
        newscrawl replay --port 8800
        scrapy crawl aqnews -s NEWSCRAWL_REPLAY_URL=http://127.0.0.1:8800""")
    replay.add_argument("--snapshots", type=Path, help="snapshot directory (default: bundled)")
    replay.add_argument("--port", type=int, default=0, help="port (default: a free one)")
    replay.set_defaults(run=_replay)

    _add_schedule(commands)
    _add_health(commands)

    outlets = _command(commands, "outlets", "list the outlets", """
        The outlets newscrawl has a profile for: name, title, country, languages, time zone
        and how their articles are found. Their names are the spider names.""", """
        newscrawl outlets
        newscrawl outlets --json""")
    outlets.add_argument("--json", action="store_true", help="as JSON")
    outlets.set_defaults(run=_outlets)

    export = _command(commands, "export", "merge crawl runs into one documented dataset", """
        Merge crawl run files into one dataset directory: data files with one row per
        canonical URL (the latest revision), a dataset card (README.md) describing the runs
        from their run records, a chart, and runs.json. A bare --since/--until date is that
        whole day in each outlet's own time zone, as a crawl's -a since/-a until; a time with
        an offset is exact; both bounds are inclusive. Exit status 1 when no article is left
        to export.""", """
        newscrawl export output/ --out corpus/
        newscrawl export output/ --out corpus/ --overwrite --format jsonl
        newscrawl export output/ --out kk-2024/ --language kk \\
            --since 2024-01-01 --until 2024-12-31 --author "Aigerim Sadykova\"""")
    export.add_argument("runs", nargs="+", type=Path, metavar="RUN",
                        help="run JSON Lines files, or directories searched for *.jsonl / *.jl")
    export.add_argument("--out", type=Path, required=True,
                        help="dataset directory (new, empty, or an earlier export with "
                             "--overwrite)")
    export.add_argument("--overwrite", action="store_true",
                        help="replace the dataset already in --out, once the new one is complete")
    export.add_argument("--format", choices=("parquet", "jsonl", "csv"), default="parquet",
                        help="data file format (default: %(default)s)")
    export.add_argument("--partition-by", action="append", choices=("outlet", "month"),
                        default=[], help="one file per outlet and/or publication month")
    export.add_argument("--since", type=_bound, metavar="TIME",
                        help="published at or after (ISO date: from that day's start in each "
                             "outlet's time zone; a time without offset: in each outlet's zone)")
    export.add_argument("--until", type=_bound, metavar="TIME",
                        help="published at or before (ISO date: to that day's end in each "
                             "outlet's time zone)")
    export.add_argument("--outlet", action="append", default=[], metavar="NAME",
                        help="only this outlet (repeatable)")
    export.add_argument("--language", action="append", default=[], metavar="CODE",
                        help="only this language (repeatable)")
    export.add_argument("--min-words", type=int, default=0, metavar="N",
                        help="only articles of at least N words")
    export.add_argument("--drop-near-duplicates", action="store_true",
                        help="leave out articles marked as near-duplicates of another")
    export.add_argument("--name", default="newscrawl news corpus", help="the dataset's title")
    export.add_argument("--author", action="append", default=[], metavar="NAME",
                        help="a compiler of the dataset, for its citation (repeatable)")
    export.add_argument("--quiet", action="store_true", help="no progress bar")
    export.set_defaults(run=_export)

    reextract = _command(commands, "reextract", "re-run extraction on archived WARC files", """
        Extract the article responses of WARC files (a crawl's NEWSCRAWL_WARC_DIR) again with
        this version's extraction, into a JSON Lines file.""", """
        newscrawl reextract warc/ --out reextracted.jsonl""")
    reextract.add_argument("warcs", nargs="+", type=Path, metavar="WARC",
                           help="WARC files, or directories searched for *.warc.gz / *.warc")
    reextract.add_argument("--out", type=Path, required=True, help="JSON Lines output")
    reextract.add_argument("--quiet", action="store_true", help="no progress bar")
    reextract.set_defaults(run=_reextract)

    _add_ccnews(commands)
    return parser


def _add_crawl(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    crawl = _command(commands, "crawl", "crawl outlets into JSON Lines", """
        Crawl outlets at once, from any directory, and print what was written, dropped and
        skipped. Article pages earlier runs fetched are skipped (the crawl state). A progress
        line shows on a terminal. Exit status 1 when nothing was written because of an
        error.""", """
        newscrawl crawl aqnews tengrinews
        newscrawl crawl aqnews --since 2024-03-01 --until 2024-03-31 -o march.jsonl
        newscrawl crawl aqnews --replay --max-articles 5 -o - | jq .title""")
    crawl.add_argument("outlets", nargs="+", metavar="OUTLET", help="outlets, crawled at once")
    crawl.add_argument("-o", "--output", metavar="FILE",
                       help="append the articles to this JSON Lines file (%%(name)s in it: one "
                            "per outlet; '-': standard output); default: each outlet's per-run "
                            "file, NEWSCRAWL_DEFAULT_FEED")
    crawl.add_argument("--since", type=_bound, metavar="TIME",
                       help="published at or after (ISO date or time; the outlet's time zone "
                            "unless an offset)")
    crawl.add_argument("--until", type=_bound, metavar="TIME",
                       help="published at or before (a date: to the end of that day)")
    crawl.add_argument("--source", default="live",
                       help="where pages are read: live (default), or an archive: commoncrawl, "
                            "wayback (captured between --since and --until)")
    crawl.add_argument("--max-articles", type=_positive, metavar="N",
                       help="stop once N articles are written, over every outlet (pages being "
                            "fetched still finish)")
    crawl.add_argument("--replay", action="store_true",
                       help="crawl the bundled snapshots through the replay server, with a "
                            "crawl state of its own")
    crawl.add_argument("-s", "--set", action="append", default=[], metavar="NAME=VALUE",
                       help="a Scrapy setting (repeatable)")
    crawl.add_argument("--quiet", action="store_true", help="no progress line")
    crawl.set_defaults(run=_crawl)


def _crawl(args: argparse.Namespace) -> int:
    from newscrawl.api import CrawlError, CrawlPlan, run_crawl

    settings = dict(setting.split("=", 1) for setting in args.set if "=" in setting)
    if len(settings) < len(args.set):
        return _fail("-s takes NAME=VALUE", 2)
    plan = CrawlPlan(
        args.outlets, args.since, args.until, args.source, args.max_articles, args.replay,
        args.output, progress=not args.quiet and sys.stderr.isatty(), settings=settings,
    )
    try:
        outcome = run_crawl(plan)
    except CrawlError as error:
        return _fail(str(error), 2)
    print(outcome.render(), file=sys.stderr if args.output == "-" else sys.stdout)
    return 1 if outcome.failed else 0


def _bound(value: str) -> str:
    """A ``--since``/``--until`` value, checked as the spider will read it."""
    try:
        parse_bound(value, ZoneInfo("UTC"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 date or time: {value!r}") from None
    return value


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {value}")
    return number


def _demo(args: argparse.Namespace) -> int:
    from newscrawl.demo import run_demo

    summary = run_demo(args.outlet or sorted(OUTLETS), args.out, args.snapshots,
                       progress=not args.quiet and sys.stderr.isatty(), source=args.source)
    print(summary.render(args.out))
    return 0 if summary.articles else 1


def _extract(args: argparse.Namespace) -> int:
    from newscrawl.extract.article import NotAnArticle, extract_article
    from newscrawl.extract.encoding import decode_html

    profile = get_outlet(args.outlet) if args.outlet else outlet_for_url(args.url)
    size = args.page.stat().st_size
    if size > args.max_bytes:
        print(f"newscrawl: {args.page} is {size} bytes, over --max-bytes {args.max_bytes}",
              file=sys.stderr)
        return 1
    _, html = decode_html(args.page.read_bytes(), args.encoding)
    fetched_at = args.fetched_at or datetime.now(timezone.utc).replace(microsecond=0)
    if fetched_at.tzinfo is None:
        fetched_at = fetched_at.replace(tzinfo=timezone.utc)
    try:
        article = extract_article(html, args.url, fetched_at, profile)
    except NotAnArticle as reason:
        print(f"newscrawl: {args.page} is not an article ({reason})", file=sys.stderr)
        return 1
    print(json.dumps(article, ensure_ascii=False, indent=2))
    return 0


def _replay(args: argparse.Namespace) -> int:
    from newscrawl.replay.server import ReplayServer

    server = ReplayServer(args.snapshots, args.port)
    print(f"Replaying {', '.join(server.snapshots.hosts())} at {server.url}")
    print(f"Crawl it with: scrapy crawl <outlet> -s NEWSCRAWL_REPLAY_URL={server.url}",
          flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    return 0


def _add_schedule(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    schedule = _command(commands, "schedule", "schedule outlet crawls on a Scrapyd server", """
        Schedule a crawl job per outlet on a Scrapyd server (after `scrapyd-deploy`), once or
        every INTERVAL until interrupted. An outlet whose previous job is still pending or
        running is not scheduled twice. Without --outlet: every deployed outlet spider but
        `site`, which needs `-a url=…`.""", """
        newscrawl schedule --scrapyd http://127.0.0.1:6800
        newscrawl schedule --scrapyd http://127.0.0.1:6800 --outlet aqnews --every 30m
        newscrawl schedule --scrapyd http://127.0.0.1:6800 --outlet aqnews \\
            --source commoncrawl -a since=2019-01-01 -a until=2019-12-31
        newscrawl schedule --scrapyd http://127.0.0.1:6800 --outlet site \\
            -a url=https://example.kz/""")
    schedule.add_argument("--scrapyd", required=True, metavar="URL",
                          help="the Scrapyd server, e.g. http://127.0.0.1:6800")
    schedule.add_argument("--project", default="newscrawl", help="project (default: %(default)s)")
    schedule.add_argument("--outlet", action="append", default=[], metavar="NAME",
                          help="schedule this outlet (repeatable; default: every deployed "
                               "outlet spider but site)")
    schedule.add_argument("--outlets", action=_DeprecatedOutlets, metavar="A,B",
                          help=argparse.SUPPRESS)
    schedule.add_argument("--every", type=_interval, metavar="INTERVAL",
                          help="schedule again every INTERVAL (30m, 2h, 1d) until interrupted")
    schedule.add_argument("-s", "--set", action="append", default=[], type=_name_value,
                          metavar="NAME=VALUE", help="a Scrapy setting for the jobs (repeatable)")
    schedule.add_argument("-a", "--arg", action="append", default=[], type=_name_value,
                          metavar="NAME=VALUE",
                          help="a spider argument for the jobs, e.g. refetch=1 (repeatable)")
    schedule.add_argument("--source", choices=SOURCES,
                          help="where the jobs read pages: live (the spiders' default) or an "
                               "archive, commoncrawl or wayback (-a source=…)")
    schedule.set_defaults(run=_schedule)


def _schedule(args: argparse.Namespace) -> int:
    from newscrawl.schedule import Scheduler, Scrapyd, ScrapydError

    spider_args = [*args.arg, *([f"source={args.source}"] if args.source else [])]
    scheduler = Scheduler(Scrapyd(args.scrapyd, args.project), args.outlet, args.set, spider_args)
    try:
        if args.every is None:
            scheduler.once()
            return 0
        with contextlib.suppress(KeyboardInterrupt):
            scheduler.every(args.every)
    except (OSError, ScrapydError) as error:
        return _fail(str(error))
    return 0


def _add_health(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    health = _command(commands, "health", "the last crawl runs per outlet, checked", """
        The last runs of each outlet recorded in the crawl state, newest first, each checked
        against the runs before it (articles, invalid and undated items, short bodies,
        errors, bot walls, date sources, discovery sources). Runs that read an archive have
        a table of their own per archive: they are never compared with live runs.""", """
        newscrawl health
        newscrawl health --outlet aqnews --runs 50 --state DIR
        newscrawl health --outlet aqnews --source commoncrawl
        newscrawl health --json""")
    health.add_argument("--outlet", action="append", metavar="NAME",
                        help="only this outlet (repeatable; default: every outlet with runs)")
    health.add_argument("--source", action="append", choices=SOURCES,
                        help="only the runs that read this source (repeatable; default: all)")
    health.add_argument("--runs", type=int, default=20, help="runs per outlet (default: 20)")
    health.add_argument("--state", type=Path, metavar="DIR",
                        help="crawl state directory (default: NEWSCRAWL_STATE_DIR, else the "
                             "per-user one)")
    health.add_argument("--json", action="store_true",
                        help="as JSON: every run's summary, checks and verdict")
    health.set_defaults(run=_health)


def _health(args: argparse.Namespace) -> int:
    from scrapy.settings import Settings

    from newscrawl.health.history import health_json, health_tables
    from newscrawl.state.sqlite import STATE_FILE, SqliteCrawlState, StateUnreadable, state_dir

    directory = args.state or state_dir(Settings())
    if not (directory / STATE_FILE).exists():
        return _fail(f"no crawl state in {directory}")
    try:
        state = SqliteCrawlState(directory)
    except StateUnreadable as error:
        return _fail(f"cannot read the crawl state {error}")
    try:
        limits = {name: profile.health for name, profile in OUTLETS.items()}
        if args.json:
            report = health_json(state, args.outlet, args.runs, limits, args.source)
            print(json.dumps(report, ensure_ascii=False, indent=2))
        else:
            print(health_tables(state, args.outlet, args.runs, limits, args.source))
    finally:
        state.close()
    return 0


def _outlets(args: argparse.Namespace) -> int:
    rows = [
        {
            "name": p.name,
            "title": p.title,
            "country": p.country,
            "languages": list(p.languages),
            "timezone": p.timezone,
            "discovery": p.discovery(),
            "needs_js": p.uses_browser,
            "hosts": list(p.hosts),
        }
        for p in OUTLETS.values()
    ]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    from newscrawl.health.report import table

    cells = [["name", "title", "country", "languages", "time zone", "discovery"]]
    cells += [
        [row["name"], row["title"], row["country"], ",".join(row["languages"]), row["timezone"],
         ", ".join(row["discovery"])
         + (" (some pages rendered in Chromium)" if row["needs_js"] else "")]
        for row in rows
    ]
    print(table(cells))
    return 0


def _export(args: argparse.Namespace) -> int:
    from newscrawl.core.window import Window
    from newscrawl.export import Filters, export_dataset

    try:
        Window.from_arguments(args.since, args.until, ZoneInfo("UTC"))
    except ValueError as error:
        return _fail(str(error), 2)
    filters = Filters(
        since=args.since,
        until=args.until,
        outlets=frozenset(args.outlet),
        languages=frozenset(args.language),
        min_words=args.min_words,
        drop_near_duplicates=args.drop_near_duplicates,
    )
    try:
        result = export_dataset(args.runs, args.out, filters, data_format=args.format,
                                partition_by=args.partition_by, name=args.name,
                                authors=args.author, overwrite=args.overwrite, quiet=args.quiet)
    except (OSError, ValueError) as error:
        return _fail(str(error))
    print(result.render(args.out))
    return 0


def _reextract(args: argparse.Namespace) -> int:
    from newscrawl.archive.reextract import reextract

    summary = reextract(args.warcs, args.out, progress=False if args.quiet else None)
    print(summary.render(args.out))
    return 0


def _add_ccnews(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    ccnews = _command(commands, "ccnews", "read CC-NEWS months in bulk into JSON Lines", """
        Read Common Crawl's CC-NEWS WARC files of the months --since to --until, keep the
        outlets' article pages, extract them in worker processes and write each outlet's
        articles to DIR/<outlet>/ccnews-<time>.jsonl as a crawl writes them, with a run
        record. A WARC file read to its end is not read again, nor a page fetched before
        (the crawl state). Exit status 1 when CC-NEWS cannot be reached or a file breaks
        off (it is read again by the next run).""", """
        newscrawl ccnews --since 2024-01 --until 2024-03
        newscrawl ccnews --since 2024-03-15 --until 2024-03-31 --outlet aqnews -o cc/
        newscrawl ccnews --since 2024-03 --until 2024-03 --replay --quiet""")
    ccnews.add_argument("--since", required=True, metavar="MONTH",
                        help="first month (YYYY-MM), or first day (YYYY-MM-DD: the files "
                             "written from that day)")
    ccnews.add_argument("--until", required=True, metavar="MONTH",
                        help="last month (YYYY-MM), or last day (YYYY-MM-DD)")
    ccnews.add_argument("--outlet", action="append", default=[], choices=sorted(OUTLETS),
                        metavar="NAME", help="only this outlet (repeatable; default: all)")
    ccnews.add_argument("--all-hosts", action="store_true",
                        help="also every site without a profile, on the generic path")
    ccnews.add_argument("-o", "--out", type=Path, default=Path("output"), metavar="DIR",
                        help="output directory (default: %(default)s)")
    ccnews.add_argument("--replay", action="store_true",
                        help="read the replay server's CC-NEWS (bundled snapshots, March 2024) "
                             "with a crawl state of its own")
    ccnews.add_argument("-s", "--set", action="append", default=[], type=_name_value,
                        metavar="NAME=VALUE", help="a Scrapy setting (repeatable)")
    ccnews.add_argument("--quiet", action="store_true", help="no progress bar")
    ccnews.set_defaults(run=_ccnews)


def _ccnews(args: argparse.Namespace) -> int:
    import tempfile

    from newscrawl.archive.ccnews import months, project_settings, read_ccnews
    from newscrawl.core import stats

    try:
        months(args.since, args.until)
    except ValueError as error:
        return _fail(str(error), 2)
    overrides = dict(setting.split("=", 1) for setting in args.set)
    settings = project_settings()
    with contextlib.ExitStack() as stack:
        if args.replay:
            from newscrawl.replay.server import ReplayServer

            settings.set("NEWSCRAWL_REPLAY_URL", stack.enter_context(ReplayServer()).url,
                         priority="cmdline")
            # Replayed pages carry live URLs: they must not count as fetched for a live read.
            if "NEWSCRAWL_STATE_DIR" not in overrides:
                workdir = stack.enter_context(tempfile.TemporaryDirectory(prefix="newscrawl-"))
                settings.set("NEWSCRAWL_STATE_DIR", str(Path(workdir) / "state"),
                             priority="cmdline")
        settings.setdict(overrides, priority="cmdline")
        try:
            summary = read_ccnews(args.since, args.until, outlets=args.outlet,
                                  all_hosts=args.all_hosts, out=args.out, settings=settings,
                                  progress=not args.quiet and sys.stderr.isatty())
        except OSError as error:
            return _fail(f"reading CC-NEWS failed: {error}")
    print(summary.render())
    return 1 if summary.counts[stats.CCNEWS_FILES_FAILED] else 0


class _Parser(argparse.ArgumentParser):
    """The command line parser (its subcommands' too): a usage error is one line, status 2."""

    def error(self, message: str) -> NoReturn:
        """Exit with ``newscrawl: message`` and where to read more."""
        self.exit(2, f"newscrawl: {message} (see `{self.prog} --help`)\n")


def _command(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    summary: str,
    description: str,
    examples: str,
) -> argparse.ArgumentParser:
    """A subcommand whose ``--help`` shows its description and examples as written."""
    return commands.add_parser(
        name, help=summary, description=textwrap.dedent(description).strip(),
        epilog="examples:\n" + textwrap.indent(textwrap.dedent(examples).strip(), "  "),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def _fail(message: str, status: int = 1) -> int:
    """Print ``newscrawl: message`` on stderr; the exit status (1: failure, 2: usage)."""
    print(f"newscrawl: {message}", file=sys.stderr)
    return status


class _DeprecatedOutlets(argparse.Action):
    """``schedule --outlets A,B``, the earlier spelling of ``--outlet A --outlet B``."""

    def __call__(
        self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
        values: str | Sequence[object] | None, option_string: str | None = None,
    ) -> None:
        if not getattr(namespace, "warned_outlets", False):
            print("newscrawl: --outlets A,B is deprecated: use --outlet A --outlet B",
                  file=sys.stderr)
            namespace.warned_outlets = True
        names = [name for name in str(values).split(",") if name.strip()]
        namespace.outlet = [*namespace.outlet, *(name.strip() for name in names)]


def _interval(value: str) -> int:
    from newscrawl.schedule import parse_every

    try:
        return parse_every(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _name_value(value: str) -> str:
    name, sep, _ = value.partition("=")
    if not (sep and name):
        raise argparse.ArgumentTypeError(f"not NAME=VALUE: {value!r}")
    return value


if __name__ == "__main__":
    sys.exit(main())
