"""The ``newscrawl`` command as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

from newscrawl.cli import main
from newscrawl.core.article import schema_errors
from newscrawl.core.version import __version__
from newscrawl.health.checks import CHECKS, RunSummary
from newscrawl.outlets import OUTLETS
from newscrawl.state.sqlite import SqliteCrawlState
from tests.golden_pages import PAGES

if TYPE_CHECKING:
    from pathlib import Path


def newscrawl(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newscrawl.cli", *args],
        cwd=cwd, capture_output=True, text=True, timeout=300, check=False,
    )


def test_demo_writes_articles_and_a_summary(tmp_path: Path) -> None:
    result = newscrawl("demo", "--outlet", "aqnews", "--out", "out/demo.jsonl", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    items = [json.loads(line) for line in (tmp_path / "out/demo.jsonl").read_text().splitlines()]
    assert items
    assert all(schema_errors(item) == [] for item in items)
    summary = result.stdout
    assert summary.startswith(f"{len(items)} articles written to out/demo.jsonl")
    assert f"aqnews: {len(items)}" in summary
    assert "languages: ru" in summary
    assert "kk" in summary
    assert "published: 2024-" in summary
    assert "dropped/duplicate/url: 1" in summary
    assert "skipped/not_article_type: 1" in summary
    assert "Traceback" not in result.stderr


def test_extract_prints_one_article(tmp_path: Path) -> None:
    _, url, file = next(page for page in PAGES if "/sayasat/" in page[1])
    result = newscrawl("extract", str(file), "--url", url, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    article = json.loads(result.stdout)
    assert (article["outlet"], article["language"]) == ("aqnews", "kk")
    assert schema_errors(article) == []


def test_extract_refuses_a_non_article(tmp_path: Path) -> None:
    _, url, file = next(page for page in PAGES if "/video/" in page[1])
    result = newscrawl("extract", str(file), "--url", url, cwd=tmp_path)
    assert result.returncode == 1
    assert "not an article (not_article_type" in result.stderr


def test_extract_reads_a_page_in_the_charset_the_server_sent(tmp_path: Path) -> None:
    _, url, file = next(page for page in PAGES if page[1].endswith("/business/952102"))
    assert b"charset" not in file.read_bytes()
    result = newscrawl("extract", str(file), "--url", url, "--encoding", "windows-1251",
                       cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    article = json.loads(result.stdout)
    assert article["title"] == "Авиакомпании увеличат число рейсов в Калининград в летнем сезоне"
    assert article["published_at"] == "2024-03-27T13:05:00+03:00"


def test_outlets_lists_every_profile(tmp_path: Path) -> None:
    result = newscrawl("outlets", "--json", cwd=tmp_path)
    rows = json.loads(result.stdout)
    assert {row["name"] for row in rows} == set(OUTLETS)
    assert all(row["discovery"] and row["languages"] for row in rows)


def test_extract_refuses_a_file_over_the_size_cap(tmp_path: Path) -> None:
    _, url, file = next(page for page in PAGES if "/sayasat/" in page[1])
    size = file.stat().st_size
    result = newscrawl("extract", str(file), "--url", url, "--max-bytes", str(size - 1),
                       cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"newscrawl: {file} is {size} bytes, over --max-bytes {size - 1}"
    )
    assert result.stdout == ""


OWN_COMMANDS = ("demo", "crawl", "extract", "replay", "schedule", "health", "outlets", "export",
                "reextract", "ccnews")


def test_version(tmp_path: Path) -> None:
    result = newscrawl("--version", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, f"newscrawl {__version__}\n")


@pytest.mark.parametrize("command", OWN_COMMANDS)
def test_every_command_has_a_description_and_examples(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as status:
        main([command, "--help"])
    assert status.value.code == 0
    text = capsys.readouterr().out
    description = text.split("\n\n")[1]
    assert not description.startswith(("positional arguments:", "options:"))
    assert len(description.split()) >= 10
    examples = text.split("\nexamples:\n", 1)[1].splitlines()
    assert all(line.startswith(("  newscrawl ", "      ", "  scrapy ")) for line in examples)
    assert any(line.startswith(f"  newscrawl {command}") for line in examples)


def test_outlets_text_has_a_header_and_the_titles(tmp_path: Path) -> None:
    lines = newscrawl("outlets", cwd=tmp_path).stdout.splitlines()
    assert lines[0].split() == ["name", "title", "country", "languages", "time", "zone",
                                "discovery"]
    assert len(lines) == len(OUTLETS) + 1
    for line, profile in zip(lines[1:], OUTLETS.values(), strict=True):
        assert line.startswith(f"{profile.name} ")
        assert f" {profile.title} " in line
        assert profile.timezone in line


@pytest.mark.parametrize("command", ["outlets", "outlets --json", "extract"])
def test_a_closed_pipe_ends_the_command_quietly(command: str, tmp_path: Path) -> None:
    _, url, file = next(page for page in PAGES if "/sayasat/" in page[1])
    args = command.split() + (["--url", url, str(file)] if command == "extract" else [])
    reader = subprocess.Popen(
        [sys.executable, "-m", "newscrawl.cli", *args],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    assert reader.stdout is not None
    assert reader.stderr is not None
    reader.stdout.close()
    err = reader.stderr.read().decode()
    reader.stderr.close()
    assert reader.wait(timeout=120) == 1
    assert err == ""


def test_a_usage_error_is_one_line_with_status_2(tmp_path: Path) -> None:
    result = newscrawl("export", "runs/", "--out", "x", "--since", "2024-13-01", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == (
        "newscrawl: argument --since: not an ISO 8601 date or time: '2024-13-01' "
        "(see `newscrawl export --help`)\n"
    )
    result = newscrawl("export", "runs/", "--out", "x", "--since", "2024-03-05", "--until",
                       "2024-03-01", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (
        2, "newscrawl: since (2024-03-05) is after until (2024-03-01)\n"
    )


def _summary(started: str, items: int, errors: int = 0) -> dict[str, object]:
    return RunSummary(
        outlet="aqnews", started_at=started, finished_at=started, finish_reason="finished",
        items=items, articles=items, pipeline_items=items, judged=items, bodies=items,
        responses=items + 5, errors=errors,
    ).to_json()


def test_health_as_json_has_what_the_table_shows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    state = SqliteCrawlState(tmp_path)
    try:
        state.record_run("aqnews", "2026-01-01T00:00:00+00:00", True,
                         _summary("2026-01-01T00:00:00+00:00", 40))
        state.record_run("aqnews", "2026-01-02T00:00:00+00:00", False,
                         _summary("2026-01-02T00:00:00+00:00", 40, errors=30))
    finally:
        state.close()
    assert main(["health", "--state", str(tmp_path)]) == 0
    table = capsys.readouterr().out.splitlines()
    assert main(["health", "--state", str(tmp_path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [entry["outlet"] for entry in report] == ["aqnews"]
    runs = report[0]["runs"]
    assert [run["run"]["started_at"] for run in runs] == [
        "2026-01-02T00:00:00+00:00", "2026-01-01T00:00:00+00:00",
    ]
    assert runs[0]["failed"] == ["errors"]
    assert not runs[0]["healthy"]
    assert runs[1]["healthy"]
    assert [check["check"] for check in runs[0]["checks"]] == list(CHECKS)
    assert table[2].endswith("1 failed")
    assert table[3].endswith("healthy")


def test_crawl_writes_articles_from_any_directory(tmp_path: Path) -> None:
    result = newscrawl("crawl", "aqnews", "kapital", "--replay", "-o", "out/crawl.jsonl",
                       cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out/crawl.jsonl"
    items = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert {item["outlet"] for item in items} == {"aqnews", "kapital"}
    assert all(schema_errors(item) == [] for item in items)
    assert len({item["canonical_url"] for item in items}) == len(items)
    assert result.stdout.startswith(f"{len(items)} articles written to {out}\n")
    assert "Traceback" not in result.stderr
    # Progress shows on a terminal only.
    assert "Crawling" not in result.stderr


@pytest.mark.e2e
def test_crawl_streams_to_stdout_and_stops_at_max_articles(tmp_path: Path) -> None:
    result = newscrawl("crawl", "aqnews", "--replay", "--max-articles", "2", "-o", "-",
                       cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    items = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(items) >= 2
    assert result.stderr.startswith(f"{len(items)} articles written to stdout:"), result.stderr
    assert "stopped early: aqnews (closespider_itemcount)" in result.stderr
    assert "UNHEALTHY" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_crawl_fails_when_nothing_can_be_written(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    result = newscrawl("crawl", "aqnews", "--replay", "-o", "file/out.jsonl", cwd=tmp_path)
    assert result.returncode == 1
    assert "0 articles written" in result.stdout
    assert "error: aqnews: cannot write output" in result.stdout


@pytest.mark.parametrize(("args", "message"), [
    (["nosuch", "--replay"], "newscrawl: unknown outlet 'nosuch'; known: aqnews"),
    (["aqnews", "--source", "nosuch"], "newscrawl: unknown source 'nosuch'"),
    (["aqnews", "--since", "yesterday"], "not an ISO 8601 date or time: 'yesterday'"),
    (["aqnews", "--max-articles", "0"], "must be at least 1"),
])
def test_crawl_refuses_a_wrong_request(args: list[str], message: str, tmp_path: Path) -> None:
    result = newscrawl("crawl", *args, cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_the_source_options_name_every_source() -> None:
    from newscrawl.cli import SOURCES
    from newscrawl.crawler.sources import SOURCES as CRAWL_SOURCES

    assert SOURCES == CRAWL_SOURCES
