"""The dataset's columns: one Arrow schema, and each output format's view of a row."""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any

import pyarrow as pa

TIMESTAMP = pa.timestamp("us", tz="UTC")
TEXT_LIST = pa.list_(pa.string())
# The Article's ``archive`` object: null for a page fetched live.
ARCHIVE = pa.struct([
    pa.field("source", pa.string()),
    pa.field("collection", pa.string()),
    pa.field("timestamp", pa.string()),
    pa.field("captured_at", TIMESTAMP),
    pa.field("url", pa.string()),
    pa.field("filename", pa.string()),
    pa.field("offset", pa.int64()),
    pa.field("length", pa.int64()),
])
# pandas reads a nullable integer column as float64 unless the file names its extension dtype.
_PANDAS = {
    "index_columns": [], "column_indexes": [],
    "columns": [{"name": "revision", "field_name": "revision", "pandas_type": "int32",
                 "numpy_type": "Int32", "metadata": None}],
}

SCHEMA = pa.schema(
    [
        pa.field("id", pa.string(), nullable=False),
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
        pa.field("archive", ARCHIVE),
    ],
    metadata={"pandas": json.dumps(_PANDAS)},
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


def article_id(canonical_url: str) -> str:
    """The row's stable id: the UUID version 5 of its canonical URL (RFC 9562, URL namespace).

    The canonical URL is the dataset's key, so the id is unique, the same in every export and
    every revision of the article, and anyone can recompute it from the URL.
    """
    return str(uuid.uuid5(uuid.NAMESPACE_URL, canonical_url))


def record(item: dict[str, Any]) -> dict[str, Any]:
    """The item restricted to the dataset's columns, as JSON Lines and CSV write it."""
    row = {name: item.get(name) for name in COLUMNS}
    row["id"] = article_id(item["canonical_url"])
    for name in LIST_COLUMNS:
        row[name] = row[name] or []
    return row


def arrow_row(row: dict[str, Any]) -> dict[str, Any]:
    """A :func:`record` with its timestamps as datetimes, for Arrow."""
    converted = {**row, **{name: parse_timestamp(row[name]) for name in TIMESTAMP_COLUMNS}}
    if (archive := row["archive"]) is not None:
        converted["archive"] = {**archive, "captured_at": parse_timestamp(archive["captured_at"])}
    return converted


def csv_row(row: dict[str, Any]) -> dict[str, Any]:
    """A :func:`record` with its lists and its archive object as JSON: CSV has neither."""
    archive = row["archive"]
    return {
        **row, **{name: json.dumps(row[name], ensure_ascii=False) for name in LIST_COLUMNS},
        "archive": None if archive is None else json.dumps(archive, ensure_ascii=False),
    }


def format_schema(data_format: str) -> pa.Schema:
    """The Arrow schema a reader of ``data_format`` files gets with the card's features.

    JSON Lines timestamps load as UTC instants, as Parquet's do (declared as text, the JSON
    loader of ``datasets`` would turn some of them into naive UTC strings); CSV holds its
    timestamps, lists and archive objects as text (JSON).
    """
    if data_format != "csv":
        return SCHEMA
    text = TIMESTAMP_COLUMNS | LIST_COLUMNS | {"archive"}
    return pa.schema(
        [field.with_type(pa.string()) if field.name in text else field for field in SCHEMA]
    )


def features(data_format: str) -> list[dict[str, Any]]:
    """The columns in the Hugging Face card convention (``dataset_info.features``)."""
    return [_feature(field) for field in format_schema(data_format)]


def _feature(field: pa.Field) -> dict[str, Any]:
    if pa.types.is_list(field.type):
        return {"name": field.name, "list": str(field.type.value_type)}
    if pa.types.is_struct(field.type):
        return {"name": field.name, "struct": [_feature(child) for child in field.type]}
    return {"name": field.name, "dtype": str(field.type)}
