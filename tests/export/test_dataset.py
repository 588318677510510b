"""The exported dataset as its users read it: stable ids, nullable revisions, a card that
``datasets`` loads without a warning, one meaning of --since/--until, --overwrite, and no
dataset at all when nothing is left to export."""

from __future__ import annotations

import json
import logging
import uuid
import warnings
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import yaml

from newscrawl.cli import main
from tests.export.test_hostile_export import article, line, write_run

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path


def export(
    capsys: pytest.CaptureFixture[str], out: Path, *args: str
) -> tuple[int, str, str]:
    status = main(["export", *args, "--out", str(out), "--quiet"])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def header(out: Path) -> dict[str, Any]:
    return yaml.safe_load((out / "README.md").read_text("utf-8").split("---\n")[1])


# Where the article the second run adds was read: a CC-NEWS capture.
ARCHIVE = {
    "source": "ccnews", "timestamp": "20240328060000", "captured_at": "2024-03-28T06:00:00Z",
    "url": "http://aqnews.kz/ru/test/5/", "offset": 3_000_000_000, "length": 4321,
    "filename": "crawl-data/CC-NEWS/2024/03/CC-NEWS-20240328050000-00001.warc.gz",
}


@pytest.fixture
def runs(tmp_path: Path) -> Path:
    """Two runs: the second revises one article and adds another, read from CC-NEWS."""
    directory = tmp_path / "runs"
    directory.mkdir()
    write_run(directory / "first.jsonl", *(line(article(n)) for n in range(4)))
    write_run(directory / "second.jsonl", line(article(2, revision=2, title="Исправлено")),
              line(article(5, archive=ARCHIVE)))
    return directory


def test_rows_have_a_stable_id_first_and_a_nullable_integer_revision(
    runs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert export(capsys, tmp_path / "a", str(runs))[0] == 0
    table = pq.read_table(tmp_path / "a" / "data")
    assert table.column_names[0] == "id"
    assert table.schema.field("revision").type == pa.int32()
    rows = table.to_pylist()
    assert [row["id"] for row in rows] == [
        str(uuid.uuid5(uuid.NAMESPACE_URL, row["canonical_url"])) for row in rows
    ]
    assert len({row["id"] for row in rows}) == len(rows) == 5
    frame = pd.read_parquet(tmp_path / "a" / "data")
    assert str(frame["revision"].dtype) == "Int32"
    assert frame["revision"].isna().sum() == 4
    assert frame["revision"].dropna().tolist() == [2]
    # The same articles from the later run alone keep their ids.
    assert export(capsys, tmp_path / "b", str(runs / "second.jsonl"))[0] == 0
    later = {row["canonical_url"]: row["id"]
             for row in pq.read_table(tmp_path / "b" / "data").to_pylist()}
    assert later.items() <= {row["canonical_url"]: row["id"] for row in rows}.items()


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@pytest.fixture
def datasets_warnings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[list[str]]:
    """What ``datasets`` warns about, offline, with a cache of the test's own."""
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    import datasets

    handler = _Records()
    library = logging.getLogger("datasets")
    library.addHandler(handler)
    datasets.disable_progress_bars()
    try:
        yield handler.messages
    finally:
        library.removeHandler(handler)
        datasets.enable_progress_bars()


@pytest.mark.parametrize("data_format", ["parquet", "jsonl", "csv"])
def test_datasets_loads_the_folder_as_the_card_declares_it(
    data_format: str, runs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    datasets_warnings: list[str],
) -> None:
    import datasets

    out = tmp_path / "corpus"
    assert export(capsys, out, str(runs), "--format", data_format)[0] == 0
    card = header(out)["dataset_info"]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        loaded = datasets.load_dataset(str(out), split="train", cache_dir=str(tmp_path / "c"))
    assert [str(warning.message) for warning in caught] == []
    assert datasets_warnings == []
    split = card["splits"][0]
    assert (split["name"], split["num_examples"], loaded.num_rows) == ("train", 5, 5)
    assert loaded.features == datasets.Features._from_yaml_list(card["features"])
    recorded = datasets.load_dataset_builder(str(out), cache_dir=str(tmp_path / "c"))
    assert recorded.info.splits["train"].num_bytes == pytest.approx(split["num_bytes"], rel=0.01)
    assert card["dataset_size"] == split["num_bytes"]
    assert card["download_size"] == sum(
        path.stat().st_size for path in (out / "data").rglob(f"*.{data_format}")
    )
    rows = loaded.to_list()
    # CSV keeps the page's text; Parquet and JSON Lines load as the same UTC instant.
    assert rows[0]["published_at"] == (
        "2024-03-10T09:30:00+05:00" if data_format == "csv"
        else datetime(2024, 3, 10, 4, 30, tzinfo=timezone.utc)
    )
    assert [row["revision"] for row in rows].count(2) == 1
    assert [row["id"] for row in rows] == [
        str(uuid.uuid5(uuid.NAMESPACE_URL, row["canonical_url"])) for row in rows
    ]
    archives = {row["canonical_url"]: row["archive"] for row in rows}
    archived = archives.pop("https://aqnews.kz/ru/test/5/")
    assert set(archives.values()) == {None}
    if data_format == "csv":
        assert json.loads(archived) == ARCHIVE
    else:
        captured = datetime(2024, 3, 28, 6, tzinfo=timezone.utc)
        assert archived == {**ARCHIVE, "collection": None, "captured_at": captured}


def test_the_card_counts_articles_per_source(
    runs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "corpus"
    assert export(capsys, out, str(runs))[0] == 0
    card = (out / "README.md").read_text("utf-8")
    sources = card.split("Where the pages were read (`archive.source`):\n\n", 1)[1]
    assert sources.split("\n\n", 1)[0].splitlines()[2:] == [
        "| live | the outlets' sites | 4 |",
        "| ccnews | Common Crawl's CC-NEWS | 1 |",
    ]
    assert "| `archive` | struct | null for a page fetched live;" in card
    table = pq.read_table(out / "data")
    assert table.schema.field("archive").type.field("offset").type == pa.int64()


def test_nothing_left_to_export_is_an_error_and_writes_nothing(
    runs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = write_run(tmp_path / "bad.jsonl", b"{not json\n", line(article(1, language=5)))
    status, out, err = export(capsys, tmp_path / "empty", str(bad))
    assert (status, out) == (1, "")
    assert err == ("newscrawl: no articles to export: 2 line(s) read from 1 run file(s), "
                   "1 unreadable, 1 not valid articles\n")
    status, _, err = export(capsys, tmp_path / "none", str(runs), "--outlet", "tengrinews")
    assert status == 1
    assert err.startswith("newscrawl: no articles to export: the filters leave none (6 line(s)")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["bad.jsonl", "runs"]


def test_overwrite_replaces_an_earlier_export_and_nothing_else(
    runs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "corpus"
    assert export(capsys, out, str(runs / "first.jsonl"))[0] == 0
    status, _, err = export(capsys, out, str(runs))
    assert status == 1
    assert err == (f"newscrawl: {out} is not empty (use --overwrite to replace a dataset "
                   "exported there)\n")
    assert len(pq.read_table(out / "data")) == 4
    assert export(capsys, out, str(runs), "--overwrite", "--format", "jsonl")[0] == 0
    assert sorted(path.name for path in (out / "data").iterdir()) == ["articles.jsonl"]
    assert len((out / "data" / "articles.jsonl").read_text("utf-8").splitlines()) == 5
    assert sorted(path.name for path in tmp_path.iterdir()) == ["corpus", "runs"]
    (out / "notes.txt").write_text("mine")
    status, _, err = export(capsys, out, str(runs), "--overwrite")
    assert (status, err) == (
        1, f"newscrawl: {out} is not a newscrawl dataset, not replacing it (it holds notes.txt)\n"
    )
    assert (out / "notes.txt").read_text() == "mine"
    (out / "notes.txt").unlink()
    status, _, err = export(capsys, out, str(out / "data" / "articles.jsonl"), "--overwrite")
    assert status == 1
    assert "holds the run file" in err
    assert (out / "data" / "articles.jsonl").exists()


def test_a_bare_date_is_a_day_in_each_outlets_own_time_zone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    items = [
        article(1, published_at="2024-03-10T23:30:00+05:00"),  # Almaty, the 10th
        article(2, published_at="2024-03-11T00:30:00+05:00"),  # Almaty, the 11th
        article(3, published_at="2024-03-11T23:30:00+05:00"),  # Almaty, the 11th
        article(4, published_at="2024-03-10T23:59:00+03:00"),  # Moscow, the 10th
        article(5, published_at="2024-03-11T00:30:00+03:00"),  # Moscow, the 11th
        article(6, published_at="2024-03-11T23:30:00+03:00"),  # Moscow, the 11th
        article(7, published_at="2024-03-11T19:30:00+00:00"),  # Almaty, the 12th
    ]
    for number, item in enumerate(items[3:6]):
        url = f"https://lenta.ru/news/2024/03/11/{number}/"
        item.update(outlet="lenta", url=url, canonical_url=url)
    runs = write_run(tmp_path / "run.jsonl", *map(line, items))
    assert export(capsys, tmp_path / "day", str(runs), "--since", "2024-03-11",
                  "--until", "2024-03-11")[0] == 0
    kept = {row["title"] for row in pq.read_table(tmp_path / "day" / "data").to_pylist()}
    assert kept == {"Заголовок 2", "Заголовок 3", "Заголовок 5", "Заголовок 6"}
    assert export(capsys, tmp_path / "exact", str(runs),
                  "--since", "2024-03-10T21:00:00+00:00", "--until", "2024-03-11T18:30Z")[0] == 0
    kept = {row["title"] for row in pq.read_table(tmp_path / "exact" / "data").to_pylist()}
    assert kept == {"Заголовок 3", "Заголовок 5"}
    card = (tmp_path / "day" / "README.md").read_text("utf-8")
    assert ("articles published on or after 2024-03-11 (each outlet local time) and articles "
            "published on or before 2024-03-11 (each outlet local time)") in card


def test_runs_json_lists_every_run_file(
    runs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert export(capsys, tmp_path / "corpus", str(runs))[0] == 0
    listing = json.loads((tmp_path / "corpus" / "runs.json").read_text("utf-8"))
    assert listing == {"run_files": [
        {"file": "first.jsonl", "record": False, "runs": []},
        {"file": "second.jsonl", "record": False, "runs": []},
    ]}
