"""``newscrawl ccnews``: CC-NEWS months read from the replay server's data server, each
outlet's articles written as a crawl writes them, once, and nothing read twice."""

from __future__ import annotations

import gzip
import json
import socket
import subprocess
import sys
import urllib.request
from collections import Counter
from datetime import date, datetime, timezone
from typing import TYPE_CHECKING

import pytest

from newscrawl.archive.ccnews import (
    FINGERPRINT,
    STATE_KEY,
    BatchExtraction,
    CcnewsReader,
    months,
    project_settings,
    read_ccnews,
    warc_paths,
    written_on,
)
from newscrawl.archive.ccnews import RecordChoice as Choice
from newscrawl.core import stats
from newscrawl.core.article import schema_errors
from newscrawl.crawler.extensions.output import file_identity, record_path
from newscrawl.crawler.handlers.replay import replay_target
from newscrawl.crawler.sources.commoncrawl import read_record
from newscrawl.export.runs import source
from newscrawl.outlets import OUTLETS
from newscrawl.replay.archives import CCNEWS_FILES, CCNEWS_MONTH
from newscrawl.replay.server import Snapshots, bundled_snapshots
from newscrawl.state import open_state
from tests.crawls import goldens

if TYPE_CHECKING:
    from pathlib import Path

    from scrapy.settings import Settings

    from newscrawl.archive.ccnews import CcnewsSummary
    from newscrawl.replay.server import ReplayServer

PAGES = {page.url: page for page in Snapshots(bundled_snapshots()).captures()}
AQNEWS_ARTICLE = "https://aqnews.kz/qogam/123411-shymkentte-jana-emhana-ashyldy/"
TWO = ["aqnews", "tengrinews"]


def test_months_as_cc_news_names_its_folders() -> None:
    assert months("2024-01", "2024-03") == ["2024/01", "2024/02", "2024/03"]
    assert months("2023-11-15", "2024-01") == ["2023/11", "2023/12", "2024/01"]
    assert months("2024-03", "2024-03") == ["2024/03"]
    for since, until in (("2024-03", "2024-01"), ("2016-07", "2016-09"), ("2024", "2024-02"),
                         ("March", "2024-02")):
        with pytest.raises(ValueError):  # noqa: PT011 (each one's own message)
            months(since, until)


def test_files_of_the_days_asked_for() -> None:
    days = (date(2024, 3, 15), date(2024, 3, 31))
    assert written_on("crawl-data/CC-NEWS/2024/03/CC-NEWS-20240315000000-00001.warc.gz", days)
    assert not written_on("crawl-data/CC-NEWS/2024/03/CC-NEWS-20240314235959-00000.warc.gz",
                          days)
    assert written_on("crawl-data/CC-NEWS/2024/03/other.warc.gz", days)


def test_warc_paths_of_a_listing() -> None:
    listing = "crawl-data/CC-NEWS/2024/03/a.warc.gz\n\ncrawl-data/CC-NEWS/2024/03/b.warc.gz\n"
    expected = ["crawl-data/CC-NEWS/2024/03/a.warc.gz", "crawl-data/CC-NEWS/2024/03/b.warc.gz"]
    assert warc_paths(gzip.compress(listing.encode())) == expected
    assert warc_paths(listing.encode()) == expected


def test_which_records_are_read() -> None:
    every = Choice((), all_hosts=False)
    assert every.of(AQNEWS_ARTICLE + "?utm_source=x") == (AQNEWS_ARTICLE, OUTLETS["aqnews"])
    assert every.of("https://aqnews.kz/ru/news/") is None
    assert every.of("https://elsewhere.kz/news/2024/03/25/some-long-story-slug/") is None
    assert Choice(("tengrinews",), all_hosts=False).of(AQNEWS_ARTICLE) is None
    generic = Choice(("tengrinews",), all_hosts=True)
    story = "https://elsewhere.kz/news/2024/03/25/some-long-story-slug/"
    assert generic.of(story) == (story, None)
    assert generic.of("https://elsewhere.kz/tags/x/") is None
    assert generic.of(AQNEWS_ARTICLE) is None


def settings_for(replay: ReplayServer, state: Path) -> Settings:
    settings = project_settings()
    settings.setdict({
        "NEWSCRAWL_REPLAY_URL": replay.url,
        "NEWSCRAWL_STATE_DIR": str(state),
        "NEWSCRAWL_EXTRACTION_WORKERS": 0,
    }, priority="cmdline")
    return settings


def written(summary: CcnewsSummary) -> list[dict[str, object]]:
    return [
        json.loads(line)
        for path in summary.files.values()
        for line in path.read_text("utf-8").splitlines()
    ]


def distinct_articles(outlet: str) -> int:
    """How many articles one crawl of the outlet writes: one per canonical URL and body."""
    canonical, hashes, count = set(), set(), 0
    for golden in goldens(outlet).values():
        if "not_an_article" in golden:
            continue
        count += golden["canonical_url"] not in canonical and golden["content_hash"] not in hashes
        canonical.add(golden["canonical_url"])
        hashes.add(golden["content_hash"])
    return count


def check_written(summary: CcnewsSummary, work: Path, outlets: list[str]) -> None:
    """Each outlet's articles in its own file, valid and once, as a crawl of it writes them,
    each naming its capture."""
    items = written(summary)
    assert Counter(item["outlet"] for item in items) == {
        name: distinct_articles(name) for name in outlets if distinct_articles(name)
    }
    for outlet, path in summary.files.items():
        assert path.parent == work / "out" / outlet
        assert path.name.startswith("ccnews-")
    for item in items:
        assert schema_errors(item) == []
        golden = goldens(str(item["outlet"]))[str(item["url"])]
        assert (item["canonical_url"], item["content_hash"]) == (
            golden["canonical_url"], golden["content_hash"]
        )
        record = item["archive"]
        assert isinstance(record, dict)
        assert record["source"] == "ccnews"
        assert record["filename"].startswith(f"crawl-data/CC-NEWS/{CCNEWS_MONTH}/")
        assert item["fetched_at"] == record["captured_at"]


@pytest.fixture(scope="module")
def first_read(
    replay: ReplayServer, tmp_path_factory: pytest.TempPathFactory
) -> tuple[CcnewsSummary, Settings, Path]:
    """Two outlets from February (which CC-NEWS has no listing for here) to March 2024."""
    work = tmp_path_factory.mktemp("ccnews")
    settings = settings_for(replay, work / "state")
    summary = read_ccnews("2024-02", "2024-03", outlets=TWO, out=work / "out",
                          settings=settings, progress=False)
    return summary, settings, work


def test_outlets_written_as_a_crawl_writes_them(
    first_read: tuple[CcnewsSummary, Settings, Path],
) -> None:
    summary, _, work = first_read
    assert summary.counts[stats.CCNEWS_FILES] == CCNEWS_FILES
    assert summary.counts[stats.CCNEWS_LISTING_MISSING] == 1
    assert summary.counts[stats.CCNEWS_RECORDS] == len(PAGES)
    check_written(summary, work, TWO)
    assert "ccnews/listing_missing: 1" in summary.render()


@pytest.mark.e2e
def test_every_outlet_through_the_worker_pool(
    replay: ReplayServer, tmp_path: Path
) -> None:
    settings = settings_for(replay, tmp_path / "state")
    settings.set("NEWSCRAWL_EXTRACTION_WORKERS", 2, priority="cmdline")
    summary = read_ccnews("2024-03", "2024-03", out=tmp_path / "out", settings=settings,
                          progress=False)
    check_written(summary, tmp_path, list(OUTLETS))


def test_each_article_names_its_warc_record(
    first_read: tuple[CcnewsSummary, Settings, Path], replay: ReplayServer
) -> None:
    for item in written(first_read[0])[:5]:
        record = item["archive"]
        assert isinstance(record, dict)
        first, length = record["offset"], record["length"]
        request = urllib.request.Request(
            replay_target(replay.url, f"https://data.commoncrawl.org/{record['filename']}"),
            headers={"Range": f"bytes={first}-{first + length - 1}"},
        )
        with urllib.request.urlopen(request, timeout=10) as answer:
            assert read_record(answer.read()).body == PAGES[str(item["url"])].body


def test_days_leave_the_files_of_other_days(replay: ReplayServer, tmp_path: Path) -> None:
    settings = settings_for(replay, tmp_path / "state")
    summary = read_ccnews("2024-03-01", "2024-03-27", outlets=["aqnews"], out=tmp_path,
                          settings=settings, progress=False)
    assert summary.counts[stats.CCNEWS_FILES] == 0
    assert summary.counts[stats.CCNEWS_RECORDS] == 0


def test_a_second_read_reads_no_file_again(
    first_read: tuple[CcnewsSummary, Settings, Path],
) -> None:
    _, settings, work = first_read
    again = read_ccnews("2024-03", "2024-03", out=work / "again", settings=settings,
                        progress=False)
    assert again.counts[stats.CCNEWS_FILES_READ_BEFORE] == CCNEWS_FILES
    assert again.counts[stats.CCNEWS_RECORDS] == 0
    assert again.written == Counter()


def test_a_file_read_before_and_a_page_fetched_before_are_left(
    replay: ReplayServer, tmp_path: Path
) -> None:
    settings = settings_for(replay, tmp_path / "state")
    listing = urllib.request.urlopen(replay_target(
        replay.url, f"https://data.commoncrawl.org/crawl-data/CC-NEWS/{CCNEWS_MONTH}/warc.paths.gz"
    ), timeout=10).read()
    done, *rest = warc_paths(listing)
    # The replay deals the pages, in URL order, to its files in turn.
    aqnews = OUTLETS["aqnews"]
    later = [
        url for number, url in enumerate(sorted(PAGES))
        if number % CCNEWS_FILES and aqnews.owns(url) and aqnews.is_article_url(url)
    ]
    state = open_state(settings)
    state.add_pages([STATE_KEY.format(path=done)], "2024-04-01T00:00:00+00:00")
    state.add_pages([later[0]], "2024-04-01T00:00:00+00:00")
    state.close()
    reader = CcnewsReader(settings, Choice(("aqnews",), all_hosts=False), tmp_path / "out",
                          progress=False)
    summary = reader.run([CCNEWS_MONTH])
    assert summary.counts[stats.CCNEWS_FILES_READ_BEFORE] == 1
    assert summary.counts[stats.CCNEWS_FILES] == len(rest)
    assert summary.counts[stats.SKIPPED_SEEN] == 1
    urls = {item["url"] for item in written(summary)}
    assert urls
    assert urls <= set(later[1:])


def test_a_batch_gives_each_page_its_outcome_in_order() -> None:
    page = PAGES[AQNEWS_ARTICLE]
    fetched_at = datetime(2024, 3, 28, 12, tzinfo=timezone.utc)
    extraction = BatchExtraction(0, None, print)
    broken = "not a profile"  # extraction raises on it, as on a bug it would
    batch = extraction.submit([
        (page.body.decode("utf-8"), AQNEWS_ARTICLE, fetched_at, OUTLETS["aqnews"]),
        ("   ", "https://aqnews.kz/qogam/1-x/", fetched_at, OUTLETS["aqnews"]),
        ("<html><body><p>x</p></body></html>", "https://a.kz/1-x/", fetched_at, broken),  # type: ignore[list-item]
    ])
    (kind, fields), refused, failed = extraction.outcomes(batch)
    assert kind == "article"
    assert fields["url"] == AQNEWS_ARTICLE
    assert isinstance(fields[FINGERPRINT].signature, bytes)
    assert fields[FINGERPRINT].band_keys
    assert refused == ("refused", "empty")
    assert failed[0] == "failed"


def test_a_batch_past_its_time_limit_is_tried_page_by_page_in_new_workers() -> None:
    counted: Counter[str] = Counter()
    fetched_at = datetime(2024, 3, 28, 12, tzinfo=timezone.utc)
    page = PAGES[AQNEWS_ARTICLE].body.decode("utf-8")
    # No page is extracted in a microsecond: every try runs out of time.
    extraction = BatchExtraction(2, 1e-6, lambda name: counted.update([name]))
    try:
        batch = extraction.submit([(page, AQNEWS_ARTICLE, fetched_at, OUTLETS["aqnews"])] * 2)
        assert extraction.outcomes(batch) == [("timed_out", None)] * 2
    finally:
        extraction.close()
    assert counted["extraction/timed_out"] == 3


def newscrawl(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newscrawl.cli", *args],
        cwd=cwd, capture_output=True, text=True, timeout=300, check=False,
    )


def test_the_command_writes_each_outlet_with_its_run_record_and_resumes(tmp_path: Path) -> None:
    command = ["ccnews", "--since", "2024-03", "--until", "2024-03", "--outlet", "aqnews",
               "--outlet", "tengrinews", "--replay", "-o", "cc", "--quiet",
               "-s", "NEWSCRAWL_STATE_DIR=state", "-s", "NEWSCRAWL_EXTRACTION_WORKERS=0"]
    first = newscrawl(*command, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    files = sorted((tmp_path / "cc").glob("*/ccnews-*.jsonl"))
    assert [file.parent.name for file in files] == TWO
    lines = {file.parent.name: file.read_text("utf-8").splitlines() for file in files}
    total = sum(map(len, lines.values()))
    assert first.stdout.startswith(f"{total} articles from {CCNEWS_FILES} WARC files")
    for file in files:
        outlet = file.parent.name
        assert len(lines[outlet]) == distinct_articles(outlet)
        assert f"  {outlet}: {len(lines[outlet])} in cc/{outlet}/{file.name}" in first.stdout
        (run,) = json.loads(record_path(file).read_text("utf-8"))["runs"]
        assert (run["spider"], run["lines"], run["finish_reason"]) == (
            outlet, len(lines[outlet]), "finished"
        )
        assert run["source"]["kind"] == "ccnews"
        assert run["source"]["replay"].startswith("http://127.0.0.1:")
        assert run["window"] == {"since": "2024-03-01T00:00:00+00:00",
                                 "until": "2024-03-31T23:59:59+00:00"}
        assert run["stats"][stats.CCNEWS_FILES] == CCNEWS_FILES
        assert run["file"] == file_identity(file)
        assert source(run) == f"ccnews via replay ({run['source']['replay']})"
    assert "Traceback" not in first.stderr

    again = newscrawl(*command, cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith("0 articles from 0 WARC files (0 records")
    assert f"ccnews/files_read_before: {CCNEWS_FILES}" in again.stdout
    assert sorted((tmp_path / "cc").glob("*/ccnews-*.jsonl")) == files


@pytest.mark.parametrize(("args", "message"), [
    (["--since", "2024-03", "--until", "2024-01"],
     "newscrawl: since (2024-03) is after until (2024-01)\n"),
    (["--since", "2015-01", "--until", "2015-02"], "newscrawl: CC-NEWS starts in 2016-08\n"),
    (["--since", "2024-03", "--until", "2024-03", "--outlet", "nosuch"],
     "newscrawl: argument --outlet: invalid choice: 'nosuch'"),
    (["--since", "2024-03"], "newscrawl: the following arguments are required: --until"),
])
def test_the_command_refuses_a_wrong_request(
    args: list[str], message: str, tmp_path: Path
) -> None:
    result = newscrawl("ccnews", *args, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith(message)
    assert len(result.stderr.splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_the_command_fails_in_one_line_when_cc_news_cannot_be_reached(tmp_path: Path) -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    result = newscrawl("ccnews", "--since", "2024-03", "--until", "2024-03", "--quiet",
                       "-s", f"NEWSCRAWL_CC_DATA=http://127.0.0.1:{port}",
                       "-s", f"NEWSCRAWL_STATE_DIR={tmp_path / 'state'}", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("newscrawl: reading CC-NEWS failed: ")
    assert len(result.stderr.splitlines()) == 1
