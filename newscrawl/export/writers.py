"""Dataset files: Parquet, JSON Lines or CSV, one file per partition, written in batches."""

from __future__ import annotations

import csv
import json
from typing import TYPE_CHECKING, Any, ClassVar

import pyarrow as pa
import pyarrow.parquet as pq

from newscrawl.export.columns import COLUMNS, SCHEMA, arrow_row, csv_row

if TYPE_CHECKING:
    from pathlib import Path

FORMATS = ("parquet", "jsonl", "csv")
PARTITIONS = ("outlet", "month")
BATCH_ROWS = 2000


def partition_path(data_dir: Path, keys: dict[str, str], extension: str) -> Path:
    """``data/articles.<ext>``, or ``data/<outlet>/<month>/articles.<ext>`` when partitioned."""
    return data_dir.joinpath(*keys.values(), f"articles.{extension}")


class PartitionWriter:
    """Writes the rows of one partition file; rows arrive as :func:`columns.record` dicts."""

    extension: ClassVar[str]

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.rows = 0

    def write(self, row: dict[str, Any]) -> None:
        """Add one row."""
        raise NotImplementedError

    def close(self) -> None:
        """Flush and close the file."""
        raise NotImplementedError


class ParquetPartition(PartitionWriter):
    """Parquet with the dataset's Arrow schema, one row group per batch."""

    extension = "parquet"

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.writer = pq.ParquetWriter(path, SCHEMA, compression="zstd")
        self.batch: list[dict[str, Any]] = []

    def write(self, row: dict[str, Any]) -> None:
        self.batch.append(arrow_row(row))
        self.rows += 1
        if len(self.batch) >= BATCH_ROWS:
            self._flush()

    def close(self) -> None:
        self._flush()
        self.writer.close()

    def _flush(self) -> None:
        if self.batch:
            self.writer.write_table(pa.Table.from_pylist(self.batch, schema=SCHEMA))
            self.batch = []


class JsonLinesPartition(PartitionWriter):
    """JSON Lines, UTF-8, timestamps as ISO 8601 strings with their original offset."""

    extension = "jsonl"

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.file = path.open("w", encoding="utf-8")

    def write(self, row: dict[str, Any]) -> None:
        self.file.write(json.dumps(row, ensure_ascii=False) + "\n")
        self.rows += 1

    def close(self) -> None:
        self.file.close()


class CsvPartition(PartitionWriter):
    """CSV with a header row; lists as JSON arrays, nulls as empty cells."""

    extension = "csv"

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.file = path.open("w", encoding="utf-8", newline="")
        self.writer = csv.DictWriter(self.file, fieldnames=COLUMNS)
        self.writer.writeheader()

    def write(self, row: dict[str, Any]) -> None:
        self.writer.writerow(csv_row(row))
        self.rows += 1

    def close(self) -> None:
        self.file.close()


WRITERS: dict[str, type[PartitionWriter]] = {
    cls.extension: cls for cls in (ParquetPartition, JsonLinesPartition, CsvPartition)
}
