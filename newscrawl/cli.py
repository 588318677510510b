"""The ``newscrawl`` command: demo, extract, replay, schedule, health, outlets, export, …"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from newscrawl.core.settings import defaults
from newscrawl.outlets import OUTLETS, get_outlet, outlet_for_url


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``newscrawl`` console script."""
    parser = _parser()
    args = parser.parse_args(argv)
    return args.run(args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newscrawl", description="Crawl Kazakh and Russian news into clean JSON Lines."
    )
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    demo = commands.add_parser("demo", help="crawl the bundled snapshots offline")
    demo.add_argument("--outlet", action="append", choices=sorted(OUTLETS), metavar="NAME",
                      help="crawl only this outlet (repeatable; default: all)")
    demo.add_argument("--out", type=Path, default=Path("articles.jsonl"),
                      help="JSON Lines output (default: %(default)s)")
    demo.add_argument("--snapshots", type=Path, help="snapshot directory (default: bundled)")
    demo.set_defaults(run=_demo)

    extract = commands.add_parser("extract", help="extract the article of a saved page")
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

    replay = commands.add_parser("replay", help="serve snapshots on 127.0.0.1")
    replay.add_argument("--snapshots", type=Path, help="snapshot directory (default: bundled)")
    replay.add_argument("--port", type=int, default=0, help="port (default: a free one)")
    replay.set_defaults(run=_replay)

    schedule = commands.add_parser("schedule", help="schedule outlet crawls on a Scrapyd server")
    schedule.add_argument("--scrapyd", required=True, metavar="URL",
                          help="the Scrapyd server, e.g. http://127.0.0.1:6800")
    schedule.add_argument("--project", default="newscrawl", help="project (default: %(default)s)")
    schedule.add_argument("--outlets", type=lambda text: [n for n in text.split(",") if n],
                          default=[], metavar="A,B", help="outlets (default: every deployed one)")
    schedule.add_argument("--every", metavar="INTERVAL",
                          help="schedule again every INTERVAL (30m, 2h, 1d) until interrupted")
    schedule.add_argument("-s", "--set", action="append", default=[], metavar="NAME=VALUE",
                          help="a Scrapy setting for the jobs (repeatable)")
    schedule.add_argument("-a", "--arg", action="append", default=[], metavar="NAME=VALUE",
                          help="a spider argument for the jobs, e.g. refetch=1 (repeatable)")
    schedule.set_defaults(run=_schedule)

    _add_health(commands)

    outlets = commands.add_parser("outlets", help="list the outlets")
    outlets.add_argument("--json", action="store_true", help="as JSON")
    outlets.set_defaults(run=_outlets)

    export = commands.add_parser("export", help="merge crawl runs into one documented dataset")
    export.add_argument("runs", nargs="+", type=Path, metavar="RUN",
                        help="run JSON Lines files, or directories searched for *.jsonl / *.jl")
    export.add_argument("--out", type=Path, required=True, help="dataset directory (new or empty)")
    export.add_argument("--format", choices=("parquet", "jsonl", "csv"), default="parquet",
                        help="data file format (default: %(default)s)")
    export.add_argument("--partition-by", action="append", choices=("outlet", "month"),
                        default=[], help="one file per outlet and/or publication month")
    export.add_argument("--since", type=_since, metavar="TIME",
                        help="published at or after (ISO date or time; UTC unless an offset)")
    export.add_argument("--until", type=_until, metavar="TIME",
                        help="published before this time, or on or before this date")
    export.add_argument("--outlet", action="append", default=[], metavar="NAME",
                        help="only this outlet (repeatable)")
    export.add_argument("--language", action="append", default=[], metavar="CODE",
                        help="only this language (repeatable)")
    export.add_argument("--min-words", type=int, default=0, metavar="N",
                        help="only articles of at least N words")
    export.add_argument("--drop-near-duplicates", action="store_true",
                        help="leave out articles marked as near-duplicates of another")
    export.add_argument("--name", default="newscrawl news corpus", help="the dataset's title")
    export.add_argument("--quiet", action="store_true", help="no progress bar")
    export.set_defaults(run=_export)

    reextract = commands.add_parser("reextract", help="re-run extraction on archived WARC files")
    reextract.add_argument("warcs", nargs="+", type=Path, metavar="WARC",
                           help="WARC files, or directories searched for *.warc.gz / *.warc")
    reextract.add_argument("--out", type=Path, required=True, help="JSON Lines output")
    reextract.set_defaults(run=_reextract)
    return parser


def _demo(args: argparse.Namespace) -> int:
    from newscrawl.demo import run_demo

    summary = run_demo(args.outlet or sorted(OUTLETS), args.out, args.snapshots)
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


def _schedule(args: argparse.Namespace) -> int:
    from newscrawl.schedule import Scheduler, Scrapyd, ScrapydError, parse_every

    scheduler = Scheduler(Scrapyd(args.scrapyd, args.project), args.outlets, args.set, args.arg)
    try:
        if args.every is None:
            scheduler.once()
            return 0
        with contextlib.suppress(KeyboardInterrupt):
            scheduler.every(parse_every(args.every))
    except (OSError, ValueError, ScrapydError) as error:
        print(f"newscrawl: {error}", file=sys.stderr)
        return 1
    return 0


def _add_health(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    health = commands.add_parser("health", help="the last crawl runs per outlet, checked")
    health.add_argument("--outlet", action="append", metavar="NAME",
                        help="only this outlet (repeatable; default: every outlet with runs)")
    health.add_argument("--runs", type=int, default=20, help="runs per outlet (default: 20)")
    health.add_argument("--state", type=Path, metavar="DIR",
                        help="crawl state directory (default: NEWSCRAWL_STATE_DIR, else the "
                             "per-user one)")
    health.set_defaults(run=_health)


def _health(args: argparse.Namespace) -> int:
    from scrapy.settings import Settings

    from newscrawl.health.history import health_tables
    from newscrawl.state.sqlite import STATE_FILE, SqliteCrawlState, StateUnreadable, state_dir

    directory = args.state or state_dir(Settings())
    if not (directory / STATE_FILE).exists():
        print(f"newscrawl: no crawl state in {directory}", file=sys.stderr)
        return 1
    try:
        state = SqliteCrawlState(directory)
    except StateUnreadable as error:
        print(f"newscrawl: cannot read the crawl state {error}", file=sys.stderr)
        return 1
    try:
        limits = {name: profile.health for name, profile in OUTLETS.items()}
        print(health_tables(state, args.outlet, args.runs, limits))
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
    for row in rows:
        print(
            f"{row['name']:<14} {row['country']}  {','.join(row['languages']):<8} "
            f"{row['timezone']:<16} {', '.join(row['discovery'])}"
            f"{' (some pages rendered in Chromium)' if row['needs_js'] else ''}"
        )
    return 0


def _export(args: argparse.Namespace) -> int:
    from newscrawl.export import Filters, export_dataset

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
                                partition_by=args.partition_by, name=args.name, quiet=args.quiet)
    except OSError as error:
        print(f"newscrawl: {error}", file=sys.stderr)
        return 2
    print(result.render(args.out))
    return 0


def _reextract(args: argparse.Namespace) -> int:
    from newscrawl.archive.reextract import reextract

    summary = reextract(args.warcs, args.out)
    print(summary.render(args.out))
    return 0


def _since(value: str) -> datetime:
    return _instant(value, end_of_day=False)


def _until(value: str) -> datetime:
    return _instant(value, end_of_day=True)


def _instant(value: str, *, end_of_day: bool) -> datetime:
    """A time bound, naive meaning UTC; a bare date starts (since) or ends (until) that day."""
    try:
        if len(value) == 10:
            day = date.fromisoformat(value) + timedelta(days=int(end_of_day))
            return datetime(day.year, day.month, day.day, tzinfo=timezone.utc)
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 date or time: {value!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


if __name__ == "__main__":
    sys.exit(main())
