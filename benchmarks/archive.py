"""CC-NEWS reading throughput: the reader against bare single-core extraction of the same
records, in one run.

    python benchmarks/archive.py [--records 3000] [--workers N]

Writes a CC-NEWS-style WARC file (warcinfo, then a request and a response record per capture,
gzip members, as :func:`newscrawl.replay.archives.write_ccnews` writes the replay's) of
``--records`` captures of the snapshot pages of every outlet, mixed: each article page again
and again under URLs of its own (its last number changed, so that the crawl state does not
take a copy for a page it read), and the outlets' other pages (listings, home pages) once.

- bare: the records the reader keeps (the outlets' article pages), read from the file and
  decoded beforehand, then extracted one after the other in this process
  (:func:`extract_article`): extraction alone, on one core;
- reader: :class:`newscrawl.archive.ccnews.CcnewsReader` over the file, everything included:
  reading and inflating the WARC file, choosing and decoding records, extraction in the worker
  pool (``--workers``, default one per core), validation, deduplication, the crawl state and
  the JSON Lines written. Its workers are started (and their models loaded) before the clock
  starts, as the bare run's first page is extracted before its clock starts.

Articles per second is extracted articles (pages refused as no article left out) over wall
time. The two runs alternate ``--repeat`` times, and the figures are the medians over rounds
(the speedup the median of each round's ratio): on a shared machine, other load comes and goes,
and a round's two runs are the closest in time. CPU per article (milliseconds) tells the
reader's own overhead apart from that load: the bare run's, the reading process's (its pool
threads included) and its workers' (warm-up excluded). From them, the speedup the reader's CPU
allows on idle cores (``cpu_bound_speedup``: the cores it uses times the bare CPU per article,
over the reader's and the workers'), which no other load on the machine changes (Linux shares
the CPU between sessions first: while other sessions keep it busy, the reader's processes
share the one bare extraction had). The last line is one JSON object:
``{"records", "kept", "articles", "written", "workers", "warc_mb", "bare_articles_per_s",
"reader_articles_per_s", "speedup", "rounds", "cpu_ms_per_article": {"bare", "reader",
"workers"}, "cpu_bound_speedup"}``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import sys
import tempfile
import time
from datetime import datetime
from io import BytesIO
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from w3lib.encoding import http_content_type_encoding  # noqa: E402
from warcio.archiveiterator import ArchiveIterator  # noqa: E402

from newscrawl.archive.ccnews import CcnewsReader, RecordChoice, project_settings  # noqa: E402
from newscrawl.core import stats  # noqa: E402
from newscrawl.crawler.pool import default_workers  # noqa: E402
from newscrawl.extract.article import NotAnArticle, extract_article  # noqa: E402
from newscrawl.extract.encoding import decode_html  # noqa: E402
from newscrawl.outlets import outlet_for_url  # noqa: E402
from newscrawl.replay.archives import Page, write_ccnews  # noqa: E402
from newscrawl.replay.server import Snapshots, bundled_snapshots  # noqa: E402

_NUMBER = re.compile(r"\d{3,}")


def copy_url(url: str, copy: int) -> str | None:
    """``url`` with its last number moved on by ``copy`` (same width), when its outlet still
    takes it for an article page; the original for copy 0."""
    if copy == 0:
        return url
    parts = urlsplit(url)
    numbers = list(_NUMBER.finditer(parts.path))
    if not numbers:
        return None
    last = numbers[-1]
    width = len(last[0])
    moved = f"{(int(last[0]) + copy) % 10**width:0{width}d}"
    path = parts.path[:last.start()] + moved + parts.path[last.end():]
    candidate = urlunsplit(parts._replace(path=path))
    profile = outlet_for_url(candidate)
    return candidate if profile and profile.is_article_url(candidate) else None


def generated_pages(records: int) -> list[Page]:
    """``records`` captures: every snapshot page once, then the article pages again under
    URLs of their own, round after round."""
    pages = list(Snapshots(bundled_snapshots()).captures())
    articles = [p for p in pages if (o := outlet_for_url(p.url)) and o.is_article_url(p.url)]
    chosen = list(pages)
    used = {page.url for page in pages}
    copy = 1
    while len(chosen) < records:
        added = [Page(url, p.content_type, p.body) for p in articles
                 if (url := copy_url(p.url, copy)) and url not in used]
        if not added:
            raise SystemExit("no article URL takes a copy number")
        used.update(page.url for page in added)
        chosen += added
        copy += 1
    return chosen[:records]


def kept_records(warc: Path) -> list[tuple[str, object, str, object]]:
    """What the reader extracts from ``warc``: (live URL, profile, decoded page, capture time),
    read and decoded beforehand."""
    choice = RecordChoice((), all_hosts=False)
    kept = []
    with warc.open("rb") as stream:
        for record in ArchiveIterator(stream):
            if record.rec_type != "response":
                continue
            chosen = choice.of(record.rec_headers.get_header("WARC-Target-URI"))
            if chosen is None:
                continue
            content_type = record.http_headers.get_header("Content-Type") or ""
            _, html = decode_html(record.content_stream().read(),
                                  http_content_type_encoding(content_type))
            date = record.rec_headers.get_header("WARC-Date").replace("Z", "+00:00")
            kept.append((chosen[0], chosen[1], html, datetime.fromisoformat(date)))
    return kept


def bare(kept: list[tuple[str, object, str, object]]) -> tuple[int, float, float]:
    """Articles extracted, wall seconds and CPU seconds, one record after the other in this
    process."""
    extract_article(kept[0][2], kept[0][0], kept[0][3], kept[0][1])  # loads the models
    articles = 0
    started, cpu = time.perf_counter(), time.process_time()
    for url, profile, html, fetched_at in kept:
        try:
            extract_article(html, url, fetched_at, profile)  # type: ignore[arg-type]
        except NotAnArticle:
            continue
        articles += 1
    return articles, time.perf_counter() - started, time.process_time() - cpu


def worker_seconds() -> float:
    """CPU seconds the live extraction workers of this process have used so far."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in Path("/proc").iterdir():
        try:
            if b"spawn_main" not in (entry / "cmdline").read_bytes():
                continue
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == os.getpid():
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def children_seconds() -> float:
    """CPU seconds of this process's children that have ended."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def own_seconds() -> float:
    """CPU seconds of this process, every thread."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def warm_up(reader: CcnewsReader, record: tuple[str, object, str, object]) -> None:
    """Start the reader's workers, which load the extraction libraries and models."""
    url, profile, html, fetched_at = record
    reader.extraction.start((html, url, fetched_at, profile))  # type: ignore[arg-type]


def read(warc: Path, work: Path, workers: int, first: tuple[str, object, str, object]) -> tuple[
    int, float, int, float, float
]:
    """Articles extracted, wall seconds, articles written, and CPU seconds of the reading
    process and of its workers, by a reader with a state of its own, its workers started
    beforehand."""
    settings = project_settings()
    settings.setdict({"NEWSCRAWL_STATE_DIR": str(work / "state"),
                      "NEWSCRAWL_EXTRACTION_WORKERS": workers}, priority="cmdline")
    reader = CcnewsReader(settings, RecordChoice((), all_hosts=False), work / "out",
                          progress=False)
    warm_up(reader, first)
    # The workers end with the read: their CPU is the ended children's, less their warm-up.
    workers_before, ended_before, own = worker_seconds(), children_seconds(), own_seconds()
    summary = reader.run_files([warc])
    workers_cpu = children_seconds() - ended_before - workers_before
    return (summary.counts[stats.ARTICLES_EXTRACTED], summary.seconds,
            sum(summary.written.values()), own_seconds() - own, workers_cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=3000, help="captures in the WARC file")
    parser.add_argument("--workers", type=int, default=default_workers(),
                        help="extraction processes of the reader (default: one per core)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="rounds of a bare run and a reader run (default: %(default)s)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        warc = work / "CC-NEWS-20240328100000-00000.warc.gz"
        stream = BytesIO()
        records = write_ccnews(stream, generated_pages(args.records))
        warc.write_bytes(stream.getvalue())
        size = warc.stat().st_size / 1e6
        kept = kept_records(warc)
        print(f"{records} captures in {size:.1f} MB, {len(kept)} kept")
        bare_rates, reader_rates, ratios = [], [], []
        cpu: dict[str, list[float]] = {"bare": [], "reader": [], "workers": []}
        for attempt in range(args.repeat):
            bare_articles, seconds, bare_cpu = bare(kept)
            bare_rates.append(bare_articles / seconds)
            cpu["bare"].append(1000 * bare_cpu / bare_articles)
            print(f"bare:   {bare_articles} articles in {seconds:.1f} s, one core "
                  f"({cpu['bare'][-1]:.1f} ms CPU per article)")
            articles, seconds, written, own, workers = read(
                warc, work / str(attempt), args.workers, kept[0]
            )
            reader_rates.append(articles / seconds)
            ratios.append(reader_rates[-1] / bare_rates[-1])
            cpu["reader"].append(1000 * own / articles)
            cpu["workers"].append(1000 * workers / articles)
            print(f"reader: {articles} articles in {seconds:.1f} s, {args.workers} workers, "
                  f"{written} written: x{ratios[-1]:.2f} (CPU per article: reader "
                  f"{cpu['reader'][-1]:.2f} ms, workers {cpu['workers'][-1]:.1f} ms)")

    bare_rate, reader_rate = statistics.median(bare_rates), statistics.median(reader_rates)
    speedup = statistics.median(ratios)
    print(f"{reader_rate:.1f} articles/s against {bare_rate:.1f} bare (medians of "
          f"{args.repeat} rounds): x{speedup:.2f}")
    medians = {name: round(statistics.median(values), 2) for name, values in cpu.items()}
    cores = max(1, min(args.workers, default_workers()))
    bound = cores * medians["bare"] / (medians["reader"] + medians["workers"])
    print(f"CPU per article (medians): bare {medians['bare']} ms, reader process "
          f"{medians['reader']} ms, workers {medians['workers']} ms: x{bound:.2f} on "
          f"{cores} idle cores")
    print(json.dumps({
        "records": records,
        "kept": len(kept),
        "articles": articles,
        "written": written,
        "workers": args.workers,
        "warc_mb": round(size, 1),
        "bare_articles_per_s": round(bare_rate, 1),
        "reader_articles_per_s": round(reader_rate, 1),
        "speedup": round(speedup, 2),
        "rounds": [round(ratio, 2) for ratio in ratios],
        "cpu_ms_per_article": medians,
        "cpu_bound_speedup": round(bound, 2),
    }))


if __name__ == "__main__":
    main()
