"""Run files read line by line in bounded memory, however long a line is."""

from __future__ import annotations

from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator

# A crawled article takes a few KiB; a line this long is no article, and is never held whole.
MAX_LINE_BYTES = 16 * 2**20
_CHUNK = 2**20


def read_lines(
    run: IO[bytes], limit: int = MAX_LINE_BYTES
) -> Iterator[tuple[int, int, bytes | None]]:
    """``(offset, size, line)`` for each line of the seekable file ``run``.

    ``line`` is None when the line, its newline included, is longer than ``limit`` bytes: such
    a line is read past a chunk at a time, so memory stays within one chunk.
    """
    offset = 0
    while chunk := run.readline(_CHUNK):
        size = len(chunk)
        if size == _CHUNK and not chunk.endswith(b"\n"):
            size += _skip_line(run)
            chunk = _read_at(run, offset, size) if size <= limit else b""
        yield offset, size, chunk if size <= limit else None
        offset += size


def _skip_line(run: IO[bytes]) -> int:
    """Read past the rest of the current line; how many bytes that was."""
    skipped = 0
    while chunk := run.readline(_CHUNK):
        skipped += len(chunk)
        if chunk.endswith(b"\n"):
            break
    return skipped


def _read_at(run: IO[bytes], offset: int, size: int) -> bytes:
    run.seek(offset)
    return run.read(size)
