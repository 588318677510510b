"""The dataset card says what the runs did, from their run records, and "unknown" where a run
file has none; it has its limitations, personal data and citation sections."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

import pytest
import yaml

from newscrawl.cli import main
from newscrawl.crawler.extensions.output import RUN_SETTINGS, file_identity, record_path
from newscrawl.export.card import RUN_TABLE_ROWS
from tests.export.test_hostile_export import article, line, write_run

if TYPE_CHECKING:
    from pathlib import Path

SETTINGS = dict.fromkeys(RUN_SETTINGS) | {
    "ROBOTSTXT_OBEY": True, "DOWNLOAD_DELAY": 0.5, "USER_AGENT": "newscrawl/0.1.0 (+test)",
}


def run_record(**fields: Any) -> dict[str, Any]:
    """One run as a crawl records it (newscrawl.crawler.extensions.output.RunRecord)."""
    run = {
        "newscrawl": "0.1.0", "spider": "aqnews", "hosts": ["aqnews.kz"], "job": None,
        "started_at": "2024-03-28T05:00:00+00:00", "finished_at": "2024-03-28T06:10:00+00:00",
        "finish_reason": "finished", "window": {"since": None, "until": None},
        "languages": [], "refetch": False, "source": {"kind": "live", "replay": None},
        "settings": SETTINGS, "lines": 2, "counts": {}, "stats": {},
    }
    return {**run, **fields}


def write_record(run_file: Path, *runs: dict[str, Any]) -> None:
    """The record of ``runs``, the last of which left ``run_file`` as it is."""
    *earlier, last = runs
    last = {**last, "file": file_identity(run_file)}
    record_path(run_file).write_text(json.dumps({"runs": [*earlier, last]}), "utf-8")


def export_card(runs: Path, out: Path, *options: str) -> str:
    assert main(["export", str(runs), "--out", str(out), "--quiet", *options]) == 0
    return (out / "README.md").read_text("utf-8")


def section(card: str, title: str) -> str:
    return card.split(f"\n## {title}\n\n", 1)[1].split("\n## ", 1)[0]


@pytest.fixture
def runs(tmp_path: Path) -> Path:
    """A live run with a window, a replayed run with another delay, a run without a record."""
    directory = tmp_path / "output" / "aqnews"
    directory.mkdir(parents=True)
    live = write_run(directory / "live.jsonl", line(article(0)), line(article(1)))
    write_record(live, run_record(window={"since": "2024-03-01T00:00:00+05:00", "until": None}))
    replayed = write_run(directory / "replayed.jsonl", line(article(2)))
    write_record(replayed, run_record(
        source={"kind": "live", "replay": "http://127.0.0.1:8800"},
        settings=SETTINGS | {"DOWNLOAD_DELAY": 0}, lines=1,
        started_at="2024-03-29T05:00:00+00:00", finished_at="2024-03-29T05:01:00+00:00",
    ))
    write_run(directory / "unknown.jsonl",
              line(article(3, fetched_at="2024-03-28T07:30:00+00:00")))
    return tmp_path / "output"


def test_the_card_tells_what_the_runs_did(runs: Path, tmp_path: Path) -> None:
    card = export_card(runs, tmp_path / "corpus")
    summary = card.split("\n# ", 1)[1].split("\n## ", 1)[0]
    assert ("**1 of the 2 recorded crawl run(s) read pages from a replay server (saved "
            "snapshots), not from the live sites.**") in summary
    assert "1 of the 3 run file(s) have no run record" in summary
    span = section(card, "Time span")
    assert "Fetched from 2024-03-28T06:00:00+00:00 to 2024-03-28T07:30:00+00:00." in span
    assert ("Publication windows the crawl runs asked for (`-a since`/`-a until`): "
            "2024-03-01T00:00:00+05:00 – … (1 run(s)); all (1 run(s)).") in span
    assert "The windows of 1 run file(s) without a run record are unknown." in span
    runs_text = section(card, "Crawl runs")
    assert "3 run file(s); 2 with a run record" in runs_text
    assert "Sources: live (1 run(s)), replay (http://127.0.0.1:8800) (1 run(s))." in runs_text
    assert ("| live.jsonl | aqnews | live | 2024-03-28T05:00:00+00:00 | "
            "2024-03-28T06:10:00+00:00 | 2024-03-01T00:00:00+05:00 – … | 2 | 0.1.0 |") in runs_text
    assert ("| unknown.jsonl | unknown | unknown | unknown | unknown | unknown | "
            "unknown | unknown |") in runs_text
    assert str(tmp_path) not in card
    settings = section(card, "Crawl settings")
    assert settings.startswith(
        "As the 2 recorded run(s) had them; unknown for the 1 run file(s) without a record:"
    )
    assert "- `ROBOTSTXT_OBEY`: `true`\n" in settings
    assert "- `DOWNLOAD_DELAY`: `0.5` (1 run(s)), `0` (1 run(s))\n" in settings
    assert "Replayed runs." in section(card, "Limitations")
    listing = json.loads((tmp_path / "corpus" / "runs.json").read_text("utf-8"))["run_files"]
    assert [(entry["file"], entry["record"], len(entry["runs"])) for entry in listing] == [
        ("live.jsonl", True, 1), ("replayed.jsonl", True, 1),
        ("unknown.jsonl", False, 0),
    ]


def test_runs_without_records_never_read_as_project_defaults(tmp_path: Path) -> None:
    runs = write_run(tmp_path / "run.jsonl", line(article(0)))
    card = export_card(runs, tmp_path / "corpus")
    assert section(card, "Crawl settings") == (
        "Unknown: none of the 1 run file(s) has a run record, so the settings the runs used "
        "were not recorded.\n"
    )
    assert "ROBOTSTXT_OBEY" not in card
    assert "replay server" not in card


def test_an_unreadable_or_outdated_record_counts_as_none(tmp_path: Path) -> None:
    runs = write_run(tmp_path / "run.jsonl", line(article(0)))
    record_path(runs).write_text('{"runs": "broken"', "utf-8")
    card = export_card(runs, tmp_path / "corpus")
    assert "1 of the 1 run file(s) have no run record" in card
    write_record(runs, run_record())
    assert "1 with a run record" in export_card(runs, tmp_path / "recorded")
    # A killed run appended a line the record does not cover.
    with runs.open("ab") as file:
        file.write(line(article(1)))
    card = export_card(runs, tmp_path / "appended")
    assert "1 of the 1 run file(s) have no run record" in card


def test_many_run_files_are_summed_up_per_spider(tmp_path: Path) -> None:
    directory = tmp_path / "runs"
    directory.mkdir()
    for n in range(RUN_TABLE_ROWS + 1):
        run_file = write_run(directory / f"{n:03d}.jsonl", line(article(n % 5)))
        if n:
            write_record(run_file, run_record(
                started_at=f"2024-03-{1 + n % 28:02d}T05:00:00+00:00",
                finished_at=f"2024-03-{1 + n % 28:02d}T06:00:00+00:00", lines=1,
            ))
    runs_text = section(export_card(directory, tmp_path / "corpus"), "Crawl runs")
    assert "| spider | runs | first started | last finished | sources | lines |" in runs_text
    assert ("| aqnews | 30 | 2024-03-01T05:00:00+00:00 | 2024-03-28T06:00:00+00:00 | live | "
            "30 |") in runs_text
    assert "| unknown (no run record) | 1 file(s) |" in runs_text
    assert "000.jsonl" not in runs_text


def test_limitations_personal_data_and_citation(runs: Path, tmp_path: Path) -> None:
    card = export_card(runs, tmp_path / "corpus", "--name", "Kazakh news & more_2024",
                       "--author", "Aigerim Sadykova", "--author", "Ivan Petrov")
    limitations = section(card, "Limitations")
    for topic in ("Coverage.", "Extraction.", "Language.", "Revisions.", "Duplicates.",
                  "Unrecorded runs."):
        assert f"- **{topic}**" in limitations
    personal = section(card, "Personal data")
    assert "`authors` holds journalists' bylines" in personal
    assert "personal data" in personal
    assert "Not checked: no copy of the site's terms" in section(card, "Terms of use")
    bibtex = section(card, "Citation").split("```bibtex\n", 1)[1].split("```", 1)[0]
    entry = bibtex.split("\n\n")[0]
    year = re.search(r"Exported on (\d{4})", card)[1]  # type: ignore[index]
    assert entry.startswith(f"@misc{{kazakh_news_more_2024_{year},\n")
    assert "  title        = {Kazakh news \\& more\\_2024},\n" in entry
    assert "  author       = {Aigerim Sadykova and Ivan Petrov},\n" in entry
    assert re.search(r"\n  month        = [a-z]{3}\n}$", entry)
    assert "published 2024-03-10 to 2024-03-13" in entry
    assert entry.count("{") == entry.count("}")
    assert "@misc{newscrawl_0_1_0," in bibtex
    header = yaml.safe_load(card.split("---\n")[1])
    assert header["pretty_name"] == "Kazakh news & more_2024"
