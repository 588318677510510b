"""``newscrawl export`` on broken or hostile run files and output paths.

Bad lines are skipped and counted, never break Arrow, Parquet or the chart; a failed export
leaves its target as it was.
"""

from __future__ import annotations

import csv
import errno
import hashlib
import json
import shutil
import subprocess
import tracemalloc
from typing import TYPE_CHECKING, Any

import pyarrow.parquet as pq
import pytest

from newscrawl.cli import main
from newscrawl.core.article import schema_errors
from newscrawl.export import Filters, export_dataset
from newscrawl.export import dataset as dataset_module
from newscrawl.export.lines import MAX_LINE_BYTES, read_lines
from newscrawl.export.writers import ParquetPartition

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

FETCHED = "2024-03-28T06:00:00+00:00"
FAR_FUTURE = "9999-12-31T23:59:59-23:59"


def article(n: int, **fields: Any) -> dict[str, Any]:
    """A valid article, published the n-th day after 2024-03-10, with ``fields`` replaced."""
    body = f"Тестовая статья номер {n}. " * 20
    url = f"https://aqnews.kz/ru/test/{n}/"
    item = {
        "url": url, "canonical_url": url, "outlet": "aqnews", "language": "ru",
        "title": f"Заголовок {n}", "lead": None, "body": body, "authors": ["Анна Лосева"],
        "published_at": f"2024-03-{10 + n:02d}T09:30:00+05:00", "modified_at": None,
        "section": "Общество", "tags": ["экономика"], "image_url": None, "fetched_at": FETCHED,
        "content_hash": hashlib.sha256(body.encode()).hexdigest(),
        "word_count": len(body.split()),
    }
    return {**item, **fields}


GOOD = [article(n) for n in range(3)]


def line(item: Any) -> bytes:
    return json.dumps(item, ensure_ascii=False).encode() + b"\n"


def write_run(path: Path, *lines: bytes) -> Path:
    path.write_bytes(b"".join(lines))
    return path


def export(
    capsys: pytest.CaptureFixture[str], runs: Path, out: Path, *options: str
) -> tuple[int, str, str]:
    """Exit status, stdout and stderr of ``newscrawl export``."""
    status = main(["export", str(runs), "--out", str(out), "--quiet", *options])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def card(out: Path) -> str:
    return (out / "README.md").read_text("utf-8")


def parquet_rows(out: Path) -> list[dict[str, Any]]:
    return pq.read_table(out / "data").to_pylist()


def test_the_good_articles_are_valid() -> None:
    assert [schema_errors(item) for item in GOOD] == [[], [], []]


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"published_at": FAR_FUTURE}, "implausible published_at"),
        ({"published_at": "0001-01-01T00:00:00+23:59"}, "implausible published_at"),
        ({"published_at": "1989-12-31T23:59:59+00:00"}, "implausible published_at"),
        ({"published_at": "2024-03-29T06:00:01+00:00"}, "implausible published_at"),
        ({"modified_at": FAR_FUTURE}, "implausible modified_at"),
        ({"fetched_at": FAR_FUTURE}, "implausible fetched_at"),
        ({"fetched_at": "1970-01-01T00:00:00Z", "published_at": None},
         "implausible fetched_at"),
    ],
)
def test_implausible_times_are_skipped_and_counted(
    fields: dict[str, Any], reason: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    runs = write_run(tmp_path / "run.jsonl", *map(line, GOOD), line(article(9, **fields)))
    status, summary, _ = export(capsys, runs, tmp_path / "out")
    assert status == 0
    rows = parquet_rows(tmp_path / "out")
    assert [row["canonical_url"] for row in rows] == [item["url"] for item in GOOD]
    assert f"1 line(s) skipped as not valid articles ({reason}: 1)" in card(tmp_path / "out")
    assert f"4 lines from 1 run file(s); 0 unreadable; 1 not valid articles ({reason}: 1)" in (
        summary
    )
    assert "Published from 2024-03-10T09:30:00+05:00 to 2024-03-12T09:30:00+05:00" in (
        card(tmp_path / "out")
    )
    assert (tmp_path / "out" / "articles_per_day.png").read_bytes().startswith(b"\x89PNG")


def test_times_at_the_edges_of_the_window_are_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edges = [
        article(7, published_at="1990-01-01T05:00:00+05:00", modified_at=FETCHED),
        article(8, published_at="2024-03-29T06:00:00+00:00",
                modified_at="2024-03-29T11:00:00+05:00"),
    ]
    runs = write_run(tmp_path / "run.jsonl", *map(line, GOOD + edges))
    assert export(capsys, runs, tmp_path / "out")[0] == 0
    assert len(parquet_rows(tmp_path / "out")) == 5
    assert "not valid articles" not in card(tmp_path / "out")


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"language": 5}, "invalid language"),
        ({"tags": [1, 2]}, "invalid tags"),
        ({"lead": {"text": "Лид"}}, "invalid lead"),
        ({"authors": "Иван Иванов"}, "invalid authors"),
        ({"word_count": 10**12}, "word_count not a 32-bit integer"),
        ({"word_count": 1e12}, "word_count not a 32-bit integer"),
        ({"revision": 2**40}, "revision not a 32-bit integer"),
        ({"title": "Заголовок \ud800"}, "invalid title"),
        ({"outlet": ".."}, "invalid outlet"),
    ],
)
def test_wrong_types_and_values_are_skipped_and_counted(
    fields: dict[str, Any], reason: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = json.dumps(article(9, **fields), ensure_ascii=False, allow_nan=False).encode(
        "utf-8", "surrogatepass"
    )
    runs = write_run(tmp_path / "run.jsonl", line(GOOD[0]), bad + b"\n", *map(line, GOOD[1:]))
    status, summary, _ = export(capsys, runs, tmp_path / "out", "--partition-by", "outlet")
    assert status == 0
    rows = pq.read_table(tmp_path / "out" / "data" / "aqnews").to_pylist()
    assert sorted(row["canonical_url"] for row in rows) == [item["url"] for item in GOOD]
    assert [row["authors"] for row in rows] == [["Анна Лосева"]] * 3
    assert sorted(path.name for path in (tmp_path / "out" / "data").iterdir()) == ["aqnews"]
    assert f"1 line(s) skipped as not valid articles ({reason}: 1)" in card(tmp_path / "out")
    assert f"1 not valid articles ({reason}: 1)" in summary


def hostile_run(path: Path) -> Path:
    """Three good lines among one bad line of each kind."""
    bad = [article(10 + n, **fields) for n, fields in enumerate([
        {"language": 5}, {"tags": [1, 2]}, {"lead": {"text": "Лид"}}, {"word_count": 10**12},
        {"authors": "Иван Иванов"}, {"published_at": FAR_FUTURE},
    ])]
    return write_run(path, line(GOOD[0]), *map(line, bad), b"[1, 2]\n", b"{not json\n",
                     b"[" * 100_000 + b"]" * 100_000 + b"\n", *map(line, GOOD[1:]))


HOSTILE_REASONS = (
    "(implausible published_at: 1, invalid authors: 1, invalid language: 1, invalid lead: 1, "
    "invalid tags: 1, not a JSON object: 1, word_count not a 32-bit integer: 1)"
)


@pytest.mark.parametrize("data_format", ["parquet", "jsonl", "csv"])
def test_every_format_skips_the_bad_lines(
    data_format: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    runs = hostile_run(tmp_path / "run.jsonl")
    status, summary, _ = export(capsys, runs, tmp_path / "out", "--format", data_format)
    assert status == 0
    data = tmp_path / "out" / "data" / f"articles.{data_format}"
    if data_format == "parquet":
        rows = pq.read_table(data).to_pylist()
    elif data_format == "jsonl":
        rows = [json.loads(text) for text in data.read_text("utf-8").splitlines()]
    else:
        with data.open(encoding="utf-8", newline="") as file:
            rows = [{**row, "authors": json.loads(row["authors"])} for row in csv.DictReader(file)]
    assert [row["canonical_url"] for row in rows] == [item["url"] for item in GOOD]
    assert [row["authors"] for row in rows] == [["Анна Лосева"]] * 3
    assert "12 lines from 1 run file(s); 2 unreadable (not JSON: 2); 7 not valid articles " + (
        HOSTILE_REASONS
    ) in summary
    text = card(tmp_path / "out")
    assert "- 2 unreadable line(s) skipped (not JSON: 2);" in text
    assert "- 7 line(s) skipped as not valid articles " + HOSTILE_REASONS in text


def test_read_lines_gives_offsets_and_skips_long_lines_in_chunks(tmp_path: Path) -> None:
    chunk = 2**20
    lines = [b"a\n", b"x" * chunk + b"\n", b"y" * (chunk - 1) + b"\n", b"z" * 3 * chunk + b"\n",
             b"\n", b"tail"]
    path = write_run(tmp_path / "run.jsonl", *lines)
    offsets = [sum(map(len, lines[:n])) for n in range(len(lines))]
    with path.open("rb") as run:
        assert list(read_lines(run)) == [
            (offset, len(text), text) for offset, text in zip(offsets, lines, strict=True)
        ]
    with path.open("rb") as run:
        assert [text is None for _, _, text in read_lines(run, limit=chunk)] == [
            False, True, False, True, False, False,
        ]


def test_a_huge_line_is_skipped_without_being_held_in_memory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "run.jsonl"
    with path.open("wb") as run:
        run.write(line(GOOD[0]) + b'{"body": "')
        for _ in range(20):
            run.write(b"x" * 2**20)
        run.write(b'"}\n' + line(GOOD[1]) + line(GOOD[2]))
    # Caches filled and modules loaded first: the peak is then the export's own.
    assert export(capsys, write_run(tmp_path / "warm.jsonl", line(GOOD[0])), tmp_path / "w")[0] == 0
    tracemalloc.start()
    try:
        status, summary, _ = export(capsys, path, tmp_path / "out")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert status == 0
    assert [row["canonical_url"] for row in parquet_rows(tmp_path / "out")] == [
        item["url"] for item in GOOD
    ]
    assert f"1 unreadable (longer than {MAX_LINE_BYTES // 2**20} MiB: 1)" in summary
    assert "1 unreadable line(s) skipped (longer than 16 MiB: 1)" in card(tmp_path / "out")
    assert peak < 8 * 2**20, f"peak {peak / 2**20:.1f} MiB"


def test_a_long_article_under_the_cap_is_kept_whole(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    long = article(5, body="слово " * 300_000, word_count=300_000)
    assert len(line(long)) > 3 * 2**20
    runs = write_run(tmp_path / "run.jsonl", line(GOOD[0]), line(long), line(GOOD[1]))
    assert export(capsys, runs, tmp_path / "out")[0] == 0
    rows = parquet_rows(tmp_path / "out")
    assert [row["canonical_url"] for row in rows] == [GOOD[0]["url"], GOOD[1]["url"], long["url"]]
    assert rows[2]["body"] == long["body"]


def test_an_output_path_that_is_a_file_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    runs = write_run(tmp_path / "run.jsonl", *map(line, GOOD))
    target = write_run(tmp_path / "corpus", b"keep me")
    status, _, err = export(capsys, runs, target)
    assert (status, err) == (1, f"newscrawl: {target} is not a directory\n")
    status, _, err = export(capsys, runs, target / "inner")
    assert status == 1
    assert err.startswith(f"newscrawl: cannot write into {target}: ")
    assert err.count("\n") == 1
    assert target.read_bytes() == b"keep me"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["corpus", "run.jsonl"]


def _writable(directory: Path) -> bool:
    probe = directory / ".probe"
    try:
        probe.mkdir()
    except OSError:
        return False
    probe.rmdir()
    return True


@pytest.fixture
def read_only() -> Iterator[Callable[[Path], None]]:
    """Makes a directory read-only, for root too (immutable) where the file system can."""
    locked: list[tuple[Path, bool]] = []

    def lock(directory: Path) -> None:
        directory.chmod(0o555)
        immutable = _writable(directory) and shutil.which("chattr") is not None and (
            subprocess.run(["chattr", "+i", str(directory)], capture_output=True, check=False)
            .returncode == 0
        )
        locked.append((directory, immutable))
        if _writable(directory):
            pytest.skip("no read-only directory possible here")

    yield lock
    for directory, immutable in locked:
        if immutable:
            subprocess.run(["chattr", "-i", str(directory)], check=True)
        directory.chmod(0o755)


def test_a_folder_that_cannot_be_written_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], read_only: Callable[[Path], None]
) -> None:
    runs = write_run(tmp_path / "run.jsonl", *map(line, GOOD))
    empty = tmp_path / "empty"
    empty.mkdir()
    read_only(empty)
    status, _, err = export(capsys, runs, empty)
    assert (status, err) == (1, f"newscrawl: {empty} is not writable\n")
    assert list(empty.iterdir()) == []
    status, _, err = export(capsys, runs, empty / "corpus")
    assert status == 1
    assert err.startswith(f"newscrawl: cannot write into {empty}: ")
    assert err.count("\n") == 1
    assert list(empty.iterdir()) == []
    assert sorted(path.name for path in tmp_path.iterdir()) == ["empty", "run.jsonl"]


def _fail_in_chart(*_: Any) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def _fail_in_writer(self: ParquetPartition, row: dict[str, Any]) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize("existing", [False, True], ids=["new", "empty directory"])
@pytest.mark.parametrize(
    "fault",
    [(dataset_module, "articles_per_day", _fail_in_chart),
     (ParquetPartition, "write", _fail_in_writer)],
    ids=["chart", "writer"],
)
def test_a_failure_mid_way_leaves_the_target_as_it_was(
    fault: tuple[Any, str, Callable[..., None]],
    existing: bool,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (tmp_path / "runs").mkdir()
    runs = write_run(tmp_path / "runs" / "run.jsonl", *map(line, GOOD))
    parent = tmp_path / "datasets"
    target = parent / "new" / "corpus" if not existing else parent / "corpus"
    if existing:
        target.mkdir(parents=True)
        target.chmod(0o750)
    with monkeypatch.context() as patched:
        patched.setattr(*fault)
        status, _, err = export(capsys, runs, target)
    assert (status, err) == (1, "newscrawl: [Errno 28] No space left on device\n")
    if existing:
        assert list(parent.iterdir()) == [target]
        assert list(target.iterdir()) == []
    else:
        assert not parent.exists()
    assert export(capsys, runs, target)[0] == 0
    assert len(parquet_rows(target)) == 3
    assert sorted(path.name for path in target.iterdir()) == [
        "README.md", "articles_per_day.png", "data", "runs.json"
    ]
    if existing:
        assert target.stat().st_mode & 0o777 == 0o750


def test_an_interrupted_export_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs = write_run(tmp_path / "run.jsonl", *map(line, GOOD))

    def interrupt(*_: Any, **__: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(dataset_module, "render_card", interrupt)
    with pytest.raises(KeyboardInterrupt):
        export_dataset([runs], tmp_path / "out", Filters(), quiet=True)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["run.jsonl"]
