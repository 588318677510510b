"""Dataset files: Parquet, JSON Lines or CSV, one file per partition, written in batches."""

from __future__ import annotations

import csv
import json
from typing import TYPE_CHECKING, Any, ClassVar

import pyarrow as pa
import pyarrow.parquet as pq

from newscrawl.export.columns import COLUMNS, SCHEMA, arrow_row, csv_row, format_schema

if TYPE_CHECKING:
    from pathlib import Path

FORMATS = ("parquet", "jsonl", "csv")
PARTITIONS = ("outlet", "month")
BATCH_ROWS = 2000


def partition_path(data_dir: Path, keys: dict[str, str], extension: str) -> Path:
    """``data/articles.<ext>``, or ``data/<outlet>/<month>/articles.<ext>`` when partitioned."""
    return data_dir.joinpath(*keys.values(), f"articles.{extension}")


class PartitionWriter:
    """Writes the rows of one partition file, in batches; rows arrive as :func:`columns.record`
    dicts. ``nbytes`` is their size in Arrow memory as the card's features load them (the
    ``num_bytes`` of a Hugging Face split)."""

    extension: ClassVar[str]

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.rows = 0
        self.nbytes = 0
        self.batch: list[dict[str, Any]] = []
        self.schema = format_schema(self.extension)

    def write(self, row: dict[str, Any]) -> None:
        """Add one row."""
        self.batch.append(self.convert(row))
        self.rows += 1
        if len(self.batch) >= BATCH_ROWS:
            self.flush()

    def flush(self) -> None:
        """Write the rows of the batch."""
        if self.batch:
            table = pa.Table.from_pylist([self.arrow(row) for row in self.batch],
                                         schema=self.schema)
            self.nbytes += table.nbytes
            self.write_batch(table, self.batch)
            self.batch = []

    def close(self) -> None:
        """Flush and close the file."""
        self.flush()
        self.close_file()

    def convert(self, row: dict[str, Any]) -> dict[str, Any]:
        """The row as this format writes it."""
        return row

    def arrow(self, row: dict[str, Any]) -> dict[str, Any]:
        """A converted row as a reader gets it in Arrow (:func:`columns.format_schema`)."""
        return arrow_row(row)

    def write_batch(self, table: pa.Table, rows: list[dict[str, Any]]) -> None:
        """Write a batch, as an Arrow ``table`` or as the converted ``rows``."""
        raise NotImplementedError

    def close_file(self) -> None:
        """Close the file."""
        raise NotImplementedError


class ParquetPartition(PartitionWriter):
    """Parquet with the dataset's Arrow schema, one row group per batch."""

    extension = "parquet"

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.writer = pq.ParquetWriter(path, SCHEMA, compression="zstd")

    def write_batch(self, table: pa.Table, rows: list[dict[str, Any]]) -> None:
        self.writer.write_table(table)

    def close_file(self) -> None:
        self.writer.close()


class JsonLinesPartition(PartitionWriter):
    """JSON Lines, UTF-8, timestamps as ISO 8601 strings with their original offset."""

    extension = "jsonl"

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.file = path.open("w", encoding="utf-8")

    def write_batch(self, table: pa.Table, rows: list[dict[str, Any]]) -> None:
        self.file.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)

    def close_file(self) -> None:
        self.file.close()


class CsvPartition(PartitionWriter):
    """CSV with a header row; lists as JSON arrays, nulls as empty cells."""

    extension = "csv"

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.file = path.open("w", encoding="utf-8", newline="")
        self.writer = csv.DictWriter(self.file, fieldnames=COLUMNS)
        self.writer.writeheader()

    def convert(self, row: dict[str, Any]) -> dict[str, Any]:
        return csv_row(row)

    def arrow(self, row: dict[str, Any]) -> dict[str, Any]:
        return row

    def write_batch(self, table: pa.Table, rows: list[dict[str, Any]]) -> None:
        self.writer.writerows(rows)

    def close_file(self) -> None:
        self.file.close()


WRITERS: dict[str, type[PartitionWriter]] = {
    cls.extension: cls for cls in (ParquetPartition, JsonLinesPartition, CsvPartition)
}
