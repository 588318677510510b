"""The JSON Lines feed exporter: orjson where it writes what the standard library would.

:class:`JsonLinesExporter` writes each item as ``json.dumps(item, ensure_ascii=False,
separators=(",", ":"))`` followed by a newline, in UTF-8, at a fraction of the cost of
Scrapy's exporter. A feed with another encoding or with JSON encoder options (``indent``,
``sort_keys``…) is written by Scrapy's exporter unchanged.
"""

from __future__ import annotations

import codecs
from typing import TYPE_CHECKING, Any

import orjson
from scrapy.exporters import JsonLinesItemExporter
from scrapy.utils.serialize import ScrapyJSONEncoder

if TYPE_CHECKING:
    from io import BytesIO

SEPARATORS = (",", ":")
# Dates, times and dataclasses go to Scrapy's encoder (``default``), as they do in Scrapy's
# exporter, rather than being written orjson's way.
_OPTIONS = (
    orjson.OPT_APPEND_NEWLINE | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
)


class JsonLinesExporter(JsonLinesItemExporter):
    """Scrapy's JSON Lines exporter, writing UTF-8 feeds with orjson.

    An item orjson refuses (an integer beyond 64 bits, a key that is not a string) is written
    by the standard library's encoder with the same separators. Not a number and the
    infinities, which JSON has no word for, are written ``null`` (the standard library writes
    ``NaN``, which JSON readers reject).
    """

    def __init__(self, file: BytesIO, **kwargs: Any) -> None:
        # Scrapy's feed passes every option, unset ones as None.
        options = {
            name for name, value in kwargs.items() if value is not None
        } - {"encoding", "fields_to_export", "export_empty_fields"}
        super().__init__(file, **kwargs)
        self.fast = (
            not options
            and self.encoding is not None
            and codecs.lookup(self.encoding).name == "utf-8"
        )
        if self.fast:
            self.encoder = ScrapyJSONEncoder(ensure_ascii=False, separators=SEPARATORS)

    def export_item(self, item: Any) -> None:
        """Write ``item`` as one line."""
        if not self.fast:
            super().export_item(item)
            return
        plain = self.fields_to_export is None and not self.export_empty_fields
        if isinstance(item, dict) and plain:
            fields = item
        else:
            fields = dict(self.get_serialized_fields(item))
        try:
            line = orjson.dumps(fields, default=self.encoder.default, option=_OPTIONS)
        except TypeError:
            line = (self.encoder.encode(fields) + "\n").encode("utf-8")
        self.file.write(line)
