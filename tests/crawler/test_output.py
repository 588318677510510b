"""Output: an unwritable path or a full disk stops the crawl at start; no half line is kept."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from typing import TYPE_CHECKING, Any

import pytest

from newscrawl.core.version import __version__
from newscrawl.crawler.extensions.output import (
    RUN_SETTINGS,
    local_path,
    output_problem,
    record_path,
)
from newscrawl.crawler.feedstorage import WholeLineFile
from tests.crawls import ROOT

if TYPE_CHECKING:
    from pathlib import Path

    from newscrawl.replay.server import ReplayServer


def test_a_failed_write_leaves_only_whole_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = WholeLineFile(tmp_path / "out.jsonl", "wb")
    out.write(b'{"n": 1}\n')
    real_pwrite = os.pwrite

    def disk_full_halfway(fd: int, data: memoryview, offset: int) -> int:
        if len(data) > 4:
            return real_pwrite(fd, data[: len(data) // 2], offset)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "pwrite", disk_full_halfway)
    with pytest.raises(OSError, match="No space"):
        out.write(b'{"n": 2, "body": "long"}\n')
    monkeypatch.undo()
    out.write(b'{"n": 3}\n')
    out.close()
    assert (tmp_path / "out.jsonl").read_bytes() == b'{"n": 1}\n{"n": 3}\n'


def test_a_partial_last_line_from_a_killed_run_is_removed(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    path.write_bytes(b'{"n": 1}\n{"n": 2, "bo')
    with WholeLineFile(path, "ab") as out:
        out.write(b'{"n": 3}\n')
    assert path.read_bytes() == b'{"n": 1}\n{"n": 3}\n'
    path.write_bytes(b"[1,\n2]")
    WholeLineFile(path, "ab", repair=False).close()
    assert path.read_bytes() == b"[1,\n2]"


def test_output_problems(tmp_path: Path) -> None:
    assert output_problem(tmp_path / "new" / "dir" / "out.jsonl", 0) is None
    assert output_problem(tmp_path, 0) == "it is a directory"
    file = tmp_path / "file"
    file.write_text("x")
    assert output_problem(file / "out.jsonl", 0) == f"{file} is not a directory"
    assert "bytes free" in (output_problem(tmp_path / "out.jsonl", 10**18) or "")
    assert local_path("output/%(name)s/%(time)s.jsonl", "aqnews").parts[:2] == ("output", "aqnews")
    assert local_path("s3://bucket/out.jsonl", "aqnews") is None


@pytest.mark.parametrize(
    ("target", "setting", "message"),
    [
        ("file/out.jsonl", "NEWSCRAWL_MIN_FREE_BYTES=0", "is not a directory"),
        ("out.jsonl", f"NEWSCRAWL_MIN_FREE_BYTES={10**18}", "bytes free"),
    ],
)
def test_crawl_stops_at_start_with_one_clear_message(
    tmp_path: Path, target: str, setting: str, message: str
) -> None:
    (tmp_path / "file").write_text("x")
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "aqnews", "-O", str(tmp_path / target),
         "-s", "NEWSCRAWL_REPLAY_URL=http://127.0.0.1:9", "-s", setting, "-s", "LOG_LEVEL=WARNING"],
        cwd=ROOT, capture_output=True, text=True, timeout=60, check=False,
    )
    assert result.returncode == 1
    assert f"newscrawl: cannot write output {tmp_path / target}: " in result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out.jsonl").exists()


def _crawl(replay: ReplayServer, out: Path, state: Path, *args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "aqnews", *args,
         "-s", f"NEWSCRAWL_REPLAY_URL={replay.url}", "-s", f"NEWSCRAWL_STATE_DIR={state}",
         "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "LOG_LEVEL=WARNING",
         "-s", "NEWSCRAWL_EXTRACTION_WORKERS=0"],
        cwd=ROOT, check=True, timeout=180, capture_output=True,
    )


def _runs(out: Path) -> list[dict[str, Any]]:
    return json.loads(record_path(out).read_text("utf-8"))["runs"]


@pytest.mark.e2e
def test_each_run_is_recorded_next_to_the_file_it_wrote(
    replay: ReplayServer, tmp_path: Path
) -> None:
    out = tmp_path / "aqnews.jsonl"
    _crawl(replay, out, tmp_path / "state", "-o", str(out), "-a", "since=2024-03-01")
    (first,) = _runs(out)
    lines = out.read_text("utf-8").splitlines()
    assert first["lines"] == len(lines) == first["counts"]["items_scraped"] > 0
    assert (first["newscrawl"], first["spider"], first["finish_reason"]) == (
        __version__, "aqnews", "finished"
    )
    assert first["source"] == {"kind": "live", "replay": replay.url}
    assert first["window"] == {"since": "2024-03-01T00:00:00+05:00", "until": None}
    assert first["settings"]["DOWNLOAD_DELAY"] == 0.0
    assert first["settings"]["ROBOTSTXT_OBEY"] is True
    assert set(first["settings"]) == set(RUN_SETTINGS)
    assert first["stats"]["articles_extracted"] >= first["lines"]
    assert first["started_at"] < first["finished_at"]
    # A second run appending to the file adds itself to the record.
    _crawl(replay, out, tmp_path / "state", "-o", str(out), "-a", "refetch=1")
    earlier, second = _runs(out)
    assert earlier == first
    assert second["window"] == {"since": None, "until": None}
    assert second["refetch"] is True
    assert first["lines"] + second["lines"] == len(out.read_text("utf-8").splitlines())
    # A run that overwrites the file, or writes a new file at its path, starts the record anew.
    _crawl(replay, out, tmp_path / "other", "-O", str(out))
    assert [run["lines"] for run in _runs(out)] == [len(out.read_text("utf-8").splitlines())]
    out.unlink()
    _crawl(replay, out, tmp_path / "new", "-o", str(out), "-a", "until=2024-03-20")
    (renewed,) = _runs(out)
    assert renewed["window"]["until"] == "2024-03-20T23:59:59.999999+05:00"
