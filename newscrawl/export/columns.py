"""The dataset's columns: one Arrow schema, and each output format's view of a row."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import pyarrow as pa

TIMESTAMP = pa.timestamp("us", tz="UTC")
TEXT_LIST = pa.list_(pa.string())

SCHEMA = pa.schema(
    [
        pa.field("url", pa.string(), nullable=False),
        pa.field("canonical_url", pa.string(), nullable=False),
        pa.field("outlet", pa.string(), nullable=False),
        pa.field("language", pa.string()),
        pa.field("title", pa.string(), nullable=False),
        pa.field("lead", pa.string()),
        pa.field("body", pa.string(), nullable=False),
        pa.field("authors", TEXT_LIST),
        pa.field("published_at", TIMESTAMP),
        pa.field("modified_at", TIMESTAMP),
        pa.field("section", pa.string()),
        pa.field("tags", TEXT_LIST),
        pa.field("image_url", pa.string()),
        pa.field("fetched_at", TIMESTAMP, nullable=False),
        pa.field("content_hash", pa.string(), nullable=False),
        pa.field("word_count", pa.int32(), nullable=False),
        pa.field("revision", pa.int32()),
        pa.field("duplicate_of", pa.string()),
    ]
)
COLUMNS = tuple(SCHEMA.names)
TIMESTAMP_COLUMNS = frozenset(f.name for f in SCHEMA if f.type == TIMESTAMP)
LIST_COLUMNS = frozenset(f.name for f in SCHEMA if f.type == TEXT_LIST)
INTEGER_COLUMNS = frozenset(f.name for f in SCHEMA if pa.types.is_integer(f.type))


def parse_timestamp(value: Any) -> datetime | None:
    """An aware datetime from an ISO 8601 string with offset; None for null.

    Raises ValueError for anything else, naive timestamps included.
    """
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"not a timestamp: {value!r}")
    parsed = datetime.fromisoformat(value[:-1] + "+00:00" if value.endswith("Z") else value)
    if parsed.tzinfo is None:
        raise ValueError(f"timestamp without offset: {value!r}")
    return parsed


def record(item: dict[str, Any]) -> dict[str, Any]:
    """The item restricted to the dataset's columns, as JSON Lines and CSV write it."""
    row = {name: item.get(name) for name in COLUMNS}
    for name in LIST_COLUMNS:
        row[name] = row[name] or []
    return row


def arrow_row(row: dict[str, Any]) -> dict[str, Any]:
    """A :func:`record` with its timestamps as datetimes, for Parquet."""
    return {**row, **{name: parse_timestamp(row[name]) for name in TIMESTAMP_COLUMNS}}


def csv_row(row: dict[str, Any]) -> dict[str, Any]:
    """A :func:`record` with its lists as JSON arrays: CSV has no lists."""
    return {**row, **{name: json.dumps(row[name], ensure_ascii=False) for name in LIST_COLUMNS}}


def features(data_format: str) -> list[dict[str, str]]:
    """The columns in the Hugging Face card convention (``dataset_info.features``)."""
    result = []
    for field in SCHEMA:
        if data_format == "parquet" or field.name in INTEGER_COLUMNS:
            dtype = str(field.type)
        else:
            dtype = "string"
        if field.name in LIST_COLUMNS and data_format != "csv":
            result.append({"name": field.name, "list": "string"})
        else:
            result.append({"name": field.name, "dtype": dtype})
    return result
