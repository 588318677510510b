"""``newscrawl export`` over real crawl runs of the replay snapshots, read back as a user would."""

from __future__ import annotations

import csv
import json
import shutil
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import yaml

from newscrawl.cli import main
from newscrawl.crawler.extensions.output import record_path
from newscrawl.export.columns import COLUMNS
from tests.crawls import run_crawl

if TYPE_CHECKING:
    from pathlib import Path

    from newscrawl.replay.server import ReplayServer


pytestmark = pytest.mark.e2e
TIMESTAMP = pa.timestamp("us", tz="UTC")


@pytest.fixture(scope="module")
def runs(replay: ReplayServer, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two runs of aqnews, and a later run with a revision and two copies.

    The two runs are one crawl's output twice: of two pages sharing a body, a crawl writes
    whichever it extracts first, so two crawls may differ.
    """
    directory = tmp_path_factory.mktemp("runs")
    workdir = tmp_path_factory.mktemp("crawl")
    crawl = run_crawl("aqnews", replay, workdir)
    for name in ("first", "second"):
        run_file = directory / f"2024-03-28T0{len(name)}.jsonl"
        run_file.write_text(crawl.raw, "utf-8")
        shutil.copyfile(record_path(workdir / "aqnews.jsonl"), record_path(run_file))
    items = [json.loads(line) for line in (directory / "2024-03-28T06.jsonl").open()]
    revised, copied, near = items[0], items[1], items[2]
    later = {"fetched_at": "2024-04-02T10:00:00+00:00"}
    lines = [
        {**revised, **later, "revision": 2, "title": "Revised: " + revised["title"]},
        {**copied, **later, "url": copied["url"] + "?amp=1",
         "canonical_url": copied["canonical_url"] + "amp/",
         "published_at": "2024-04-02T09:00:00+05:00"},
        {**near, **later, "url": near["url"] + "print/", "canonical_url": near["url"] + "print/",
         "body": near["body"] + " Жаңартылды.", "content_hash": "f" * 64,
         "duplicate_of": near["canonical_url"]},
    ]
    text = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
    (directory / "late").mkdir()
    (directory / "late" / "2024-04-02T10.jsonl").write_text(text + "{not json\n", "utf-8")
    return directory


def crawled(runs: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for path in sorted(runs.rglob("*.jsonl"))
            for line in path.open() if line.startswith("{\"")]


def export(out: Path, *args: str) -> None:
    assert main(["export", *args, "--out", str(out), "--quiet"]) == 0


@pytest.fixture(scope="module")
def dataset(runs: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dataset") / "corpus"
    export(out, str(runs))
    return out


def card_header(out: Path) -> dict[str, Any]:
    text = (out / "README.md").read_text("utf-8")
    assert text.startswith("---\n")
    return yaml.safe_load(text.split("---\n")[1])


def test_parquet_has_one_row_per_canonical_url_and_a_proper_schema(
    runs: Path, dataset: Path
) -> None:
    table = pq.read_table(dataset / "data")
    items = crawled(runs)
    assert table.num_rows == len({item["canonical_url"] for item in items}) == 12
    assert table.column_names == list(COLUMNS)
    schema = table.schema
    for name in ("published_at", "modified_at", "fetched_at"):
        assert schema.field(name).type == TIMESTAMP
    for name in ("authors", "tags"):
        assert schema.field(name).type == pa.list_(pa.string())
    assert schema.field("word_count").type == pa.int32()
    assert not schema.field("canonical_url").nullable
    rows = table.to_pylist()
    assert len({row["canonical_url"] for row in rows}) == len(rows)
    by_url = {item["canonical_url"]: item for item in items if "revision" not in item}
    for row in rows:
        source = by_url.get(row["canonical_url"])
        if source and source["published_at"]:
            assert row["published_at"] == datetime.fromisoformat(source["published_at"])
            assert row["published_at"].tzinfo is not None
        assert isinstance(row["authors"], list)


def test_latest_revision_replaces_older_copies(runs: Path, dataset: Path) -> None:
    rows = pq.read_table(dataset / "data").to_pylist()
    revised = [row for row in rows if row["revision"] == 2]
    assert len(revised) == 1
    assert revised[0]["title"].startswith("Revised: ")
    assert revised[0]["fetched_at"] == datetime(2024, 4, 2, 10, tzinfo=timezone.utc)
    assert sum(row["revision"] is None for row in rows) == len(rows) - 1


def test_copies_and_near_duplicates_are_marked_or_dropped(
    runs: Path, dataset: Path, tmp_path: Path
) -> None:
    rows = pq.read_table(dataset / "data").to_pylist()
    marked = {row["canonical_url"]: row["duplicate_of"] for row in rows if row["duplicate_of"]}
    originals = {row["canonical_url"] for row in rows}
    assert len(marked) == 2
    assert all(original in originals for original in marked.values())
    copy = next(url for url in marked if url.endswith("/amp/"))
    assert marked[copy] == copy.removesuffix("amp/")
    export(tmp_path / "out", str(runs), "--drop-near-duplicates")
    kept = pq.read_table(tmp_path / "out" / "data").to_pylist()
    assert {row["canonical_url"] for row in kept} == originals - set(marked)
    assert all(row["duplicate_of"] is None for row in kept)


def test_loads_with_hugging_face_datasets_offline(
    dataset: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    import datasets

    header = card_header(dataset)
    files = header["configs"][0]["data_files"][0]
    loaded = datasets.load_dataset(
        "parquet", data_files=str(dataset / files["path"]), split=files["split"],
        cache_dir=str(tmp_path / "cache"),
    )
    assert loaded.num_rows == header["dataset_info"]["splits"][0]["num_examples"] == 12
    assert loaded.features == datasets.Features._from_yaml_list(
        header["dataset_info"]["features"]
    )
    assert loaded.features["published_at"] == datasets.Value("timestamp[us, tz=UTC]")
    assert len(set(loaded["canonical_url"])) == 12


def test_filters_are_honoured(dataset: Path, runs: Path, tmp_path: Path) -> None:
    everything = pq.read_table(dataset / "data").to_pylist()
    min_words = sorted(row["word_count"] for row in everything)[len(everything) // 3]
    # Whole days in the outlet's time zone, the last one included.
    since = datetime(2024, 3, 1, tzinfo=ZoneInfo("Asia/Almaty"))
    until = datetime(2024, 3, 27, tzinfo=ZoneInfo("Asia/Almaty"))
    export(tmp_path / "out", str(runs), "--since", "2024-03-01", "--until", "2024-03-26",
           "--language", "ru", "--outlet", "aqnews", "--min-words", str(min_words))
    rows = pq.read_table(tmp_path / "out" / "data").to_pylist()
    expected = {
        row["canonical_url"] for row in everything
        if row["published_at"] and since <= row["published_at"] < until
        and row["language"] == "ru" and row["word_count"] >= min_words
    }
    assert rows
    assert {row["canonical_url"] for row in rows} == expected
    assert len(expected) < len(everything)
    assert main(["export", str(runs), "--out", str(tmp_path / "none"), "--outlet",
                 "tengrinews", "--quiet"]) == 1
    assert not (tmp_path / "none").exists()


def test_partitions_by_outlet_and_month(dataset: Path, runs: Path, tmp_path: Path) -> None:
    export(tmp_path / "out", str(runs), "--partition-by", "month", "--partition-by", "outlet")
    published = {item["canonical_url"]: item["published_at"] for item in crawled(runs)}
    files = sorted((tmp_path / "out" / "data").rglob("*.parquet"))
    assert len(files) >= 2
    total = 0
    for path in files:
        outlet, month, name = path.relative_to(tmp_path / "out" / "data").parts
        assert name == "articles.parquet"
        rows = pq.read_table(path).to_pylist()
        total += len(rows)
        assert {row["outlet"] for row in rows} == {outlet}
        assert {published[row["canonical_url"]][:7] for row in rows} == {month}
    assert total == pq.read_table(dataset / "data").num_rows
    assert card_header(tmp_path / "out")["configs"][0]["data_files"][0]["path"] == (
        "data/**/*.parquet"
    )


def test_json_lines_and_csv_keep_the_items(dataset: Path, runs: Path, tmp_path: Path) -> None:
    parquet = {row["canonical_url"]: row for row in pq.read_table(dataset / "data").to_pylist()}
    export(tmp_path / "jsonl", str(runs), "--format", "jsonl")
    lines = (tmp_path / "jsonl" / "data" / "articles.jsonl").read_text("utf-8").splitlines()
    items = [json.loads(line) for line in lines]
    assert {item["canonical_url"] for item in items} == set(parquet)
    for item in items:
        assert list(item) == list(COLUMNS)
        if item["published_at"]:
            published = datetime.fromisoformat(item["published_at"])
            assert published == parquet[item["canonical_url"]]["published_at"]
    export(tmp_path / "csv", str(runs), "--format", "csv")
    with (tmp_path / "csv" / "data" / "articles.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert {row["canonical_url"] for row in rows} == set(parquet)
    for row in rows:
        assert json.loads(row["authors"]) == parquet[row["canonical_url"]]["authors"]
        assert row["body"] == parquet[row["canonical_url"]]["body"]


def test_card_describes_the_dataset(dataset: Path) -> None:
    header = card_header(dataset)
    assert header["language"] == ["kk", "ru"]
    assert header["size_categories"] == ["n<1K"]
    assert header["multilinguality"] == "multilingual"
    text = (dataset / "README.md").read_text("utf-8")
    for section in ("## Sources", "## Time span", "## Articles per outlet and language",
                    "## How it was collected", "## Crawl settings", "## Terms of use"):
        assert f"\n{section}\n" in text
    table = pq.read_table(dataset / "data").to_pylist()
    counts = {lang: sum(row["language"] == lang for row in table) for lang in ("kk", "ru")}
    assert f"| aqnews | {counts['kk']} | {counts['ru']} | 12 |" in text
    assert "merges 3 crawl run file(s)" in text
    assert "1 unreadable line(s) skipped" in text
    assert ("As the 2 recorded run(s) had them; unknown for the 1 run file(s) without a "
            "record:") in text
    assert "- `ROBOTSTXT_OBEY`: `true`\n" in text
    assert "- `DOWNLOAD_DELAY`: `0.0`\n" in text
    assert "**2 of the 2 recorded crawl run(s) read pages from a replay server" in text
    for section in ("## Crawl runs", "## Limitations", "## Personal data", "## Citation"):
        assert f"\n{section}\n" in text
    assert "**aqnews**: Not checked" in text
    assert "(articles_per_day.png)" in text


def test_chart_is_a_real_png(dataset: Path) -> None:
    import matplotlib.image

    data = (dataset / "articles_per_day.png").read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    height, width, _ = matplotlib.image.imread(dataset / "articles_per_day.png").shape
    assert width > 500
    assert height > 300


def test_progress_bar_unless_quiet(
    runs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", str(runs), "--out", str(tmp_path / "loud")]) == 0
    loud = capsys.readouterr()
    assert "Indexing runs" in loud.err
    assert "Writing" in loud.err
    assert loud.out.startswith("12 articles written to")
    export(tmp_path / "quiet", str(runs))
    assert "Writing" not in capsys.readouterr().err


def test_refuses_a_non_empty_directory_and_missing_runs(
    runs: Path, dataset: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", str(runs), "--out", str(dataset), "--quiet"]) == 1
    assert "is not empty" in capsys.readouterr().err
    assert main(["export", str(tmp_path), "--out", str(tmp_path / "out"), "--quiet"]) == 1
    assert "no run files" in capsys.readouterr().err
