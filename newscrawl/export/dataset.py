"""Export crawl runs into one dataset directory: data files, card and chart.

Two passes over the runs: an on-disk index picks the lines to keep, then those lines are read
back one by one and written, partition by partition, so memory stays flat with input size.
"""

from __future__ import annotations

import json
import tempfile
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

from tqdm import tqdm

from newscrawl.export.card import render_card
from newscrawl.export.chart import articles_per_day
from newscrawl.export.columns import record
from newscrawl.export.index import RunIndex, run_files
from newscrawl.export.stats import DatasetStats
from newscrawl.export.writers import PARTITIONS, WRITERS, partition_path

if TYPE_CHECKING:
    from collections.abc import Iterable

    from newscrawl.export.index import Filters, IndexCounts
    from newscrawl.export.writers import PartitionWriter

CARD, CHART, DATA = "README.md", "articles_per_day.png", "data"
_OPEN_RUNS = 64


@dataclass
class ExportResult:
    """What an export read and wrote."""

    runs: list[Path]
    counts: IndexCounts
    stats: DatasetStats

    def render(self, out: Path) -> str:
        """A short human-readable summary."""
        counts = self.counts
        return "\n".join([
            f"{self.stats.rows} articles written to {out} ({len(self.stats.files)} data file(s))",
            f"read: {counts.lines} lines from {len(self.runs)} run file(s); "
            f"{counts.invalid} unreadable",
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
    quiet: bool = False,
) -> ExportResult:
    """Export the run files (or directories of them) ``inputs`` into the directory ``out``."""
    partitions = tuple(key for key in PARTITIONS if key in set(partition_by))
    runs = run_files(inputs)
    if not runs:
        raise FileNotFoundError("no run files (*.jsonl, *.jl) found")
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out} is not empty")
    out.mkdir(parents=True, exist_ok=True)
    stats = DatasetStats()
    with tempfile.TemporaryDirectory(prefix=".index-", dir=out) as workdir:
        index = RunIndex(Path(workdir) / "index.sqlite", runs)
        try:
            total = sum(path.stat().st_size for path in runs)
            with tqdm(total=total, unit="B", unit_scale=True, desc="Indexing runs",
                      disable=quiet) as progress:
                counts = index.build(progress)
            with tqdm(total=index.count(filters), unit=" articles", desc="Writing",
                      disable=quiet) as progress:
                _write(index, filters, partitions=partitions, data_dir=out / DATA,
                       data_format=data_format, stats=stats, progress=progress)
        finally:
            index.close()
    stats.files = [path.relative_to(out) for path in stats.files]
    pattern = f"{DATA}/{'**/*' if partitions else 'articles'}.{data_format}"
    articles_per_day(stats, out / CHART)
    card = render_card(stats, counts, filters, name=name, data_format=data_format,
                       data_files=pattern, runs=runs)
    (out / CARD).write_text(card, encoding="utf-8")
    return ExportResult(runs, counts, stats)


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
        for run in runs.values():
            run.close()
    if not stats.files:
        writer_class(partition_path(data_dir, {}, data_format)).close()
        stats.files.append(partition_path(data_dir, {}, data_format))


def _line(index: RunIndex, runs: OrderedDict[int, IO[bytes]], number: int, offset: int) -> bytes:
    """One line of a run file; the most recently used run files stay open."""
    run = runs.pop(number, None)
    if run is None:
        if len(runs) >= _OPEN_RUNS:
            runs.popitem(last=False)[1].close()
        run = index.files[number].open("rb")
    runs[number] = run
    run.seek(offset)
    return run.readline()
