"""The JSON Lines exporter writes, byte for byte, what the standard library's encoder writes."""

from __future__ import annotations

import io
import json
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from scrapy.exporters import JsonLinesItemExporter
from scrapy.utils.serialize import ScrapyJSONEncoder

from newscrawl.crawler import settings
from newscrawl.crawler.exporters import SEPARATORS, JsonLinesExporter
from newscrawl.extract.fingerprint import Fingerprinted, fingerprint

CONTROL = "".join(map(chr, range(0x20))) + "\x7f\x85\u2028\u2029\ufeff"
ITEMS: list[dict[str, Any]] = [
    {
        "url": "https://kaz.example/ru/news/1234567-vybory/",
        "title": "Выборы в маслихат: «явка» — 64,3 %",
        "body": "Қазақстан Республикасы. Әлемдік жаңалықтар: ұлттық қор, өңір, үкімет.\n\nЁлка",
        "authors": ["Айгүл Сәрсенбаева", "Пётр Иванов"],
        "published_at": "2024-03-25T14:30:00+05:00",
        "modified_at": None,
        "tags": [],
        "word_count": 12,
        "archive": {"kind": "wayback", "ok": True, "nested": [{"a": [1, 2.5, -0.125]}]},
    },
    {"body": CONTROL, "title": "quote \" backslash \\ slash / tab\tend"},
    {"body": "emoji 😀 🇰🇿 👩‍👩‍👧 ❤️ and a lone astral 𝔘", "word_count": 0},
    {"ключ": "значение", "": "empty key", "big": 2**63 - 1, "small": -(2**63)},
]


def _written(
    exporter_class: type[JsonLinesItemExporter], items: list[Any], **options: Any
) -> bytes:
    file = io.BytesIO()
    exporter = exporter_class(file, **options)
    exporter.start_exporting()
    for item in items:
        exporter.export_item(item)
    exporter.finish_exporting()
    return file.getvalue()


def _stdlib(items: list[Any]) -> bytes:
    encoder = ScrapyJSONEncoder(ensure_ascii=False, separators=SEPARATORS)
    return b"".join((encoder.encode(item) + "\n").encode("utf-8") for item in items)


def test_lines_equal_the_standard_librarys() -> None:
    written = _written(JsonLinesExporter, ITEMS, encoding="utf-8")
    expected = b"".join(
        (json.dumps(item, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
        for item in ITEMS
    )
    assert written == expected
    assert written.count(b"\n") == len(ITEMS)
    assert "Қазақстан".encode() in written
    assert written.count(b"\\u") == written.count(b"\\u00")  # control characters only
    assert [json.loads(line) for line in written.splitlines()] == ITEMS


def test_values_orjson_refuses_are_written_by_the_standard_library() -> None:
    items = [{"huge": 2**70, "n": 1}, {1: "int key", "ok": "да"}, {"after": "ещё"}]
    assert _written(JsonLinesExporter, items, encoding="utf-8") == _stdlib(items)


def test_dates_and_items_are_written_as_scrapys_encoder_writes_them() -> None:
    moment = datetime(2024, 3, 25, 14, 30, 5, 120, tzinfo=timezone(timedelta(hours=5)))
    items = [{"at": moment, "day": date(2024, 3, 1), "price": Decimal("1.50"),
              "tags": {"один"}, "inner": {"x": [moment]}}]
    assert _written(JsonLinesExporter, items, encoding="utf-8") == _stdlib(items)


def test_unserialisable_values_fail_as_in_scrapy() -> None:
    with pytest.raises(TypeError):
        _written(JsonLinesExporter, [{"x": object()}], encoding="utf-8")


def test_options_left_unset_by_scrapys_feed_keep_it_fast() -> None:
    # FeedExporter passes every feed option, None when the feed sets none.
    options = {"encoding": "utf-8", "fields_to_export": None, "indent": None}
    item = Fingerprinted(ITEMS[0], fingerprint(ITEMS[0]["body"]))
    assert _written(JsonLinesExporter, [item], **options) == _stdlib(ITEMS[:1])
    exporter = JsonLinesExporter(io.BytesIO(), **options)
    assert exporter.fast


def test_fields_to_export_are_kept() -> None:
    options = {"encoding": "utf-8", "fields_to_export": ["title", "url", "missing"]}
    written = _written(JsonLinesExporter, ITEMS[:1], **options)
    assert json.loads(written) == {"title": ITEMS[0]["title"], "url": ITEMS[0]["url"]}
    assert written == _stdlib([{"title": ITEMS[0]["title"], "url": ITEMS[0]["url"]}])


@pytest.mark.parametrize("options", [{"encoding": None}, {"encoding": "latin-1"},
                                     {"encoding": "utf-8", "indent": 2},
                                     {"encoding": "utf-8", "sort_keys": True}])
def test_other_feeds_are_written_by_scrapys_exporter(options: dict[str, Any]) -> None:
    items = [{"title": "Caf\u00e9", "b": 1, "a": [1, 2]}]
    assert _written(JsonLinesExporter, items, **options) == _written(
        JsonLinesItemExporter, items, **options
    )


def test_the_project_writes_json_lines_with_it() -> None:
    path = f"{JsonLinesExporter.__module__}.{JsonLinesExporter.__name__}"
    assert {"jsonlines": path, "jl": path} == settings.FEED_EXPORTERS
