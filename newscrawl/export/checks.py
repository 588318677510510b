"""Which run lines become dataset rows: valid Articles whose values the columns can hold."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from newscrawl.core.article import error_field, schema_errors
from newscrawl.export.columns import INTEGER_COLUMNS, parse_timestamp
from newscrawl.extract.dates import plausible

if TYPE_CHECKING:
    from datetime import datetime

INT32 = range(-(2**31), 2**31)
# Partition directories are named after outlets.
_NOT_NAMES = frozenset({".", ".."})


class Rejected(ValueError):
    """A line that is no dataset row: ``reason`` is what it is counted under."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason


def check_article(item: Any, now: datetime) -> None:
    """Raise :class:`Rejected` unless ``item`` is an Article the dataset can hold.

    Beyond the Article schema: fetched and published times plausible as crawl extraction
    judges them (:func:`~newscrawl.extract.dates.plausible`: from 1990 to a day after
    ``now``, and after the fetch); integers within 32 bits; text that UTF-8 can
    encode; an outlet that can name a directory.
    """
    if not isinstance(item, dict):
        raise Rejected("not a JSON object", type(item).__name__)
    try:
        errors = schema_errors(item)
    except RecursionError:
        errors = ["(item): nested too deeply"]
    if errors:
        raise Rejected(f"invalid {error_field(errors[0])}", "; ".join(errors))
    _check_times(item, now)
    _check_integers(item)
    _check_text(item)
    if item["outlet"] in _NOT_NAMES:
        raise Rejected("invalid outlet", repr(item["outlet"]))


def _check_times(item: dict[str, Any], now: datetime) -> None:
    fetched = plausible(_time(item, "fetched_at"), now)
    if fetched is None:
        raise Rejected("implausible fetched_at", str(item["fetched_at"]))
    for name in ("published_at", "modified_at"):
        moment = _time(item, name)
        if moment is not None and plausible(moment, fetched) is None:
            raise Rejected(f"implausible {name}", f"{item[name]}, fetched {item['fetched_at']}")


def _time(item: dict[str, Any], name: str) -> datetime | None:
    try:
        return parse_timestamp(item[name])
    except ValueError as error:
        raise Rejected(f"invalid {name}", str(error)) from None


def _check_integers(item: dict[str, Any]) -> None:
    for name in INTEGER_COLUMNS:
        value = item.get(name)
        if value is not None and (type(value) is not int or value not in INT32):
            raise Rejected(f"{name} not a 32-bit integer", repr(value))


def _check_text(item: dict[str, Any]) -> None:
    for name, value in item.items():
        for text in value if isinstance(value, list) else (value,):
            if isinstance(text, str):
                try:
                    text.encode("utf-8")
                except UnicodeEncodeError as error:
                    raise Rejected(f"invalid {name}", str(error)) from None
