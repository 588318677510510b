"""Export crawl runs into one dataset directory: data files, card and chart.

Two passes over the runs: an on-disk index picks the lines to keep, then those lines are read
back one by one and written, partition by partition, so memory stays flat with input size.
The dataset is built in a hidden directory next to its target and moved there once complete;
an earlier dataset there is replaced only when asked, and only then.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import tempfile
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, TYPE_CHECKING

from tqdm import tqdm

from newscrawl.export.card import RUNS_FILE, CardInput, render_card
from newscrawl.export.chart import articles_per_day
from newscrawl.export.columns import record
from newscrawl.export.index import RunIndex, describe_reasons, run_files
from newscrawl.export.lines import MAX_LINE_BYTES
from newscrawl.export.runs import read_run_files
from newscrawl.export.stats import DatasetStats
from newscrawl.export.writers import PARTITIONS, WRITERS, partition_path

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from newscrawl.export.index import Filters, IndexCounts
    from newscrawl.export.writers import PartitionWriter

CARD, CHART, DATA = "README.md", "articles_per_day.png", "data"
# What an export writes: a directory holding only these may be replaced by a new export.
DATASET_ENTRIES = frozenset({CARD, CHART, DATA, RUNS_FILE})
_OPEN_RUNS = 64


class EmptyDataset(ValueError):
    """No article is left to export: no dataset is written."""


@dataclass
class ExportResult:
    """What an export read and wrote."""

    runs: list[Path]
    counts: IndexCounts
    stats: DatasetStats

    def render(self, out: Path) -> str:
        """A short human-readable summary."""
        counts = self.counts
        rejected = (
            f"; {counts.rejected} not valid articles{describe_reasons(counts.rejected_by_reason)}"
            if counts.rejected else ""
        )
        return "\n".join([
            f"{self.stats.rows} articles written to {out} ({len(self.stats.files)} data file(s))",
            f"read: {counts.lines} lines from {len(self.runs)} run file(s); "
            f"{counts.invalid} unreadable{describe_reasons(counts.invalid_by_reason)}{rejected}",
            f"repeats of an article (latest revision kept): {counts.superseded}; "
            f"near-duplicates in the dataset: {self.stats.near_duplicates}",
        ])


def export_dataset(
    inputs: Iterable[Path],
    out: Path,
    filters: Filters,
    *,
    data_format: str = "parquet",
    partition_by: Iterable[str] = (),
    name: str = "newscrawl news corpus",
    authors: Sequence[str] = (),
    overwrite: bool = False,
    quiet: bool = False,
) -> ExportResult:
    """Export the run files (or directories of them) ``inputs`` into the directory ``out``.

    ``out`` is new or an empty directory, or with ``overwrite`` an earlier export (nothing
    but :data:`DATASET_ENTRIES`), replaced once the new one is complete. On failure ``out``
    is left as it was. Raises :class:`EmptyDataset` when no article is left to export.
    """
    partitions = tuple(key for key in PARTITIONS if key in set(partition_by))
    runs = run_files(inputs)
    if not runs:
        raise FileNotFoundError("no run files (*.jsonl, *.jl) found")
    out = out.resolve()
    _check_target(out, runs, overwrite=overwrite)
    created = [parent for parent in out.parents if not parent.exists()]
    staging: Path | None = None
    try:
        staging = _staging(out)
        result = _build(runs, staging, filters, partitions=partitions, data_format=data_format,
                        name=name, authors=tuple(authors), quiet=quiet)
        _publish(staging, out)
    except BaseException:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        for parent in created:
            with contextlib.suppress(OSError):
                parent.rmdir()
        raise
    return result


def _build(
    runs: list[Path],
    directory: Path,
    filters: Filters,
    *,
    partitions: tuple[str, ...],
    data_format: str,
    name: str,
    authors: tuple[str, ...],
    quiet: bool,
) -> ExportResult:
    stats = DatasetStats()
    run_records = read_run_files(runs)
    with tempfile.TemporaryDirectory(prefix=".index-", dir=directory) as workdir:
        index = RunIndex(Path(workdir) / "index.sqlite", runs)
        try:
            total = sum(path.stat().st_size for path in runs)
            with tqdm(total=total, unit="B", unit_scale=True, desc="Indexing runs",
                      disable=quiet) as progress:
                counts = index.build(progress)
            selected = index.count(filters)
            if not selected:
                raise EmptyDataset(_nothing_left(counts, len(runs)))
            with tqdm(total=selected, unit=" articles", desc="Writing",
                      disable=quiet) as progress:
                _write(index, filters, partitions=partitions, data_dir=directory / DATA,
                       data_format=data_format, stats=stats, progress=progress)
        finally:
            index.close()
    stats.download_size = sum(path.stat().st_size for path in stats.files)
    stats.files = [path.relative_to(directory) for path in stats.files]
    pattern = f"{DATA}/{'**/*' if partitions else 'articles'}.{data_format}"
    articles_per_day(stats, directory / CHART)
    card = CardInput(name=name, data_format=data_format, data_files=pattern, filters=filters,
                     counts=counts, run_files=run_records, authors=authors,
                     exported=datetime.now(timezone.utc).replace(microsecond=0))
    (directory / CARD).write_text(render_card(stats, card), encoding="utf-8")
    listing = [file.to_json() for file in run_records]
    (directory / RUNS_FILE).write_text(
        json.dumps({"run_files": listing}, ensure_ascii=False, indent=1) + "\n", "utf-8"
    )
    return ExportResult(runs, counts, stats)


def _nothing_left(counts: IndexCounts, files: int) -> str:
    """Why an export has no article: what was read, and what left them all out."""
    read = (f"{counts.lines} line(s) read from {files} run file(s), {counts.invalid} unreadable, "
            f"{counts.rejected} not valid articles")
    if counts.lines - counts.invalid - counts.rejected <= 0:
        return f"no articles to export: {read}"
    return f"no articles to export: the filters leave none ({read})"


def _check_target(out: Path, runs: list[Path], *, overwrite: bool) -> None:
    """Refuse a target that is not a new or an empty, writable directory, or with
    ``overwrite`` an earlier export that holds none of the run files."""
    if out.is_dir():
        entries = {entry.name for entry in out.iterdir()}
        if entries and not overwrite:
            raise FileExistsError(f"{out} is not empty (use --overwrite to replace a dataset "
                                  "exported there)")
        if foreign := sorted(entries - DATASET_ENTRIES):
            raise FileExistsError(f"{out} is not a newscrawl dataset, not replacing it "
                                  f"(it holds {', '.join(foreign[:3])}"
                                  f"{', …' if len(foreign) > 3 else ''})")
        if inside := [run for run in runs if run.resolve().is_relative_to(out)]:
            raise FileExistsError(f"{out} holds the run file {inside[0]}: not replacing it")
        if not os.access(out, os.W_OK):
            raise PermissionError(f"{out} is not writable")
    elif out.exists():
        raise NotADirectoryError(f"{out} is not a directory")


def _staging(out: Path) -> Path:
    """A new directory next to ``out``, on its file system, to build the dataset in."""
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        while True:
            staging = out.with_name(f".{out.name}-{secrets.token_hex(4)}.partial")
            with contextlib.suppress(FileExistsError):
                staging.mkdir()
                return staging
    except OSError as error:
        raise type(error)(f"cannot write into {out.parent}: {error.strerror or error}") from None


def _publish(staging: Path, out: Path) -> None:
    """Move the complete dataset to ``out``, replacing the directory there if any: an earlier
    export is moved aside first and removed once the new one is in place."""
    earlier: Path | None = None
    try:
        if out.is_dir():
            shutil.copymode(out, staging)
            if any(out.iterdir()):
                earlier = staging.with_suffix(".replaced")
                os.replace(out, earlier)
        os.replace(staging, out)
    except OSError as error:
        if earlier is not None and not out.exists():
            os.replace(earlier, out)
        raise type(error)(f"cannot move the dataset to {out}: {error.strerror or error}") from None
    if earlier is not None:
        shutil.rmtree(earlier, ignore_errors=True)


def _write(
    index: RunIndex,
    filters: Filters,
    *,
    partitions: tuple[str, ...],
    data_dir: Path,
    data_format: str,
    stats: DatasetStats,
    progress: tqdm,
) -> None:
    writer_class = WRITERS[data_format]
    writer: PartitionWriter | None = None
    runs: OrderedDict[int, IO[bytes]] = OrderedDict()
    try:
        for selected in index.select(filters, partitions):
            path = partition_path(
                data_dir, {key: getattr(selected, key) for key in partitions}, data_format
            )
            if writer is None or writer.path != path:
                if writer is not None:
                    writer.close()
                    stats.num_bytes += writer.nbytes
                writer = writer_class(path)
                stats.files.append(path)
            item = json.loads(_line(index, runs, selected.file, selected.offset))
            row = record({**item, "duplicate_of": selected.duplicate_of})
            writer.write(row)
            stats.add(row)
            progress.update()
    finally:
        if writer is not None:
            writer.close()
            stats.num_bytes += writer.nbytes
        for run in runs.values():
            run.close()


def _line(index: RunIndex, runs: OrderedDict[int, IO[bytes]], number: int, offset: int) -> bytes:
    """One line of a run file; the most recently used run files stay open."""
    run = runs.pop(number, None)
    if run is None:
        if len(runs) >= _OPEN_RUNS:
            runs.popitem(last=False)[1].close()
        run = index.files[number].open("rb")
    runs[number] = run
    run.seek(offset)
    return run.readline(MAX_LINE_BYTES + 1)
