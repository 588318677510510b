"""Output: an unwritable path or a full disk stops the crawl at start; no half line is kept."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

from newscrawl.crawler.extensions.output import local_path, output_problem
from newscrawl.crawler.feedstorage import WholeLineFile
from tests.crawls import ROOT

if TYPE_CHECKING:
    from pathlib import Path


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
