"""Dates from structured data and from the visible Russian and Kazakh strings pages show."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta, timezone
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any

import dateparser

if TYPE_CHECKING:
    from collections.abc import Iterable
    from zoneinfo import ZoneInfo

KAZAKH_MONTHS = (
    "қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым",
    "шілде", "тамыз", "қыркүйек", "қазан", "қараша", "желтоқсан",
)
_KAZAKH_MONTH = "|".join(KAZAKH_MONTHS)
# Month names as a regular expression of their stems, Russian, Kazakh and English: a date's
# month whatever its case ending ("марта", "наурызда", "March").
MONTH_STEMS = "|".join((
    "январ", "феврал", "март", "апрел", "ма[йя]", "июн", "июл", "август", "сентябр", "октябр",
    "ноябр", "декабр", *KAZAKH_MONTHS,
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
))
# "2024 жылғы 25 наурыз[да]" (the official order) → "25 наурыз 2024".
_KAZAKH_OFFICIAL = re.compile(
    rf"(?P<year>\d{{4}})\s*ж(?:ылғы|\.)?\s+(?P<day>\d{{1,2}})\s*-?\s*(?P<month>{_KAZAKH_MONTH})[а-яәғқңөұүһі]*",
    re.IGNORECASE,
)
# "жылы", "ж." after a year: dateparser reads the year but not the word.
_KAZAKH_YEAR_WORD = re.compile(r"(?<=\d{4})\s*(?:жылы|жылғы|ж\.)", re.IGNORECASE)
# A label in front of the date ("Опубликовано: ", "Жарияланды:", "Дата публикации -").
_LABEL = re.compile(r"^[^\d:|]{2,40}?[:\-–—]\s*(?=\S)")
# ISO 8601 as pages write it: a space for the T, a space before the offset, an offset
# without its colon, any number of fractional digits.
_ISO = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})"
    r"(?:[T ](?P<time>\d{2}:\d{2}(?::\d{2})?)(?:\.(?P<fraction>\d+))?)?"
    r"\s*(?P<offset>Z|[+-]\d{2}:?\d{2})?$",
    re.IGNORECASE,
)
_JUST_NOW = frozenset({"только что", "жаңа ғана", "just now"})
# Month names (and the abbreviations pages use) of each language, for the common forms read
# without dateparser, which takes milliseconds a string.
_MONTHS = {
    "ru": (
        ("января", "январь", "янв"), ("февраля", "февраль", "фев"), ("марта", "март", "мар"),
        ("апреля", "апрель", "апр"), ("мая", "май"), ("июня", "июнь", "июн"),
        ("июля", "июль", "июл"), ("августа", "август", "авг"),
        ("сентября", "сентябрь", "сен", "сент"), ("октября", "октябрь", "окт"),
        ("ноября", "ноябрь", "ноя", "нояб"), ("декабря", "декабрь", "дек"),
    ),
    "kk": tuple((name,) for name in KAZAKH_MONTHS),
    "en": (
        ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
        ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
        ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
        ("december", "dec"),
    ),
}
_MONTH_NUMBERS = {
    language: {name: number for number, names in enumerate(months, 1) for name in names}
    for language, months in _MONTHS.items()
}
_CLOCK = (
    r"(?:\s*[,|]?\s*(?:в\s+|at\s+|-\s+)?(?P<hour>\d{1,2}):(?P<minute>\d{2})"
    r"(?:\s*(?P<half>[ap])\.?\s*m\.?)?)?\s*$"
)
# "Monday, 25 March 2024, 14:30", "25 марта 2024 года в 14:30", "November 19, 2019, 9:02 AM",
# "22.03.2024 | 10:20": the forms most pages use, read directly.
_COMMON_FORMS = (
    re.compile(
        r"^(?:[^\W\d_]+,\s+)?(?P<day>\d{1,2})\s+(?P<month>[^\W\d_]+)\.?,?\s+(?P<year>\d{4})"
        r"(?:\s*(?:года|г\.))?" + _CLOCK,
        re.IGNORECASE,
    ),
    re.compile(
        r"^(?:[^\W\d_]+,\s+)?(?P<month>[^\W\d_]+)\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+"
        r"(?P<year>\d{4})" + _CLOCK,
        re.IGNORECASE,
    ),
    re.compile(r"^(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})" + _CLOCK),
)
_DATEPARSER_SETTINGS = {"DATE_ORDER": "DMY", "PREFER_DATES_FROM": "past"}
# No outlet crawled here published on the web before this.
EARLIEST = datetime(1990, 1, 1, tzinfo=timezone.utc)


def localize(moment: datetime, zone: ZoneInfo) -> datetime:
    """``moment`` with an offset: an aware value as it is, a naive one read in ``zone``."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=zone)


def parse_iso(value: Any, zone: ZoneInfo) -> datetime | None:
    """An ISO 8601 timestamp from JSON-LD or meta; naive values are read in ``zone``.

    A date without a time becomes local midnight. Anything that is not ISO 8601 is None:
    structured data that lies about its format is not guessed at. A list gives its first
    readable item; any other JSON value gives None.
    """
    if isinstance(value, list):
        texts = (item for item in value[:8] if isinstance(item, str))
        return next((moment for text in texts if (moment := parse_iso(text, zone))), None)
    if not isinstance(value, str) or not value:
        return None
    match = _ISO.match(value.strip())
    if not match:
        return None
    try:
        if not match["time"]:
            day = datetime.fromisoformat(match["date"]).date()
            return datetime.combine(day, time(), tzinfo=zone)
        fraction = f".{(match['fraction'] + '000000')[:6]}" if match["fraction"] else ""
        offset = (match["offset"] or "").upper().replace("Z", "+00:00")
        if offset and ":" not in offset:
            offset = f"{offset[:3]}:{offset[3:]}"
        return localize(
            datetime.fromisoformat(f"{match['date']}T{match['time']}{fraction}{offset}"), zone
        )
    except ValueError:
        return None


def parse_http_date(value: str | None, zone: ZoneInfo) -> datetime | None:
    """An RFC 822 date, as RSS ``pubDate`` and HTTP headers give it."""
    if not value:
        return None
    try:
        return localize(parsedate_to_datetime(value.strip()), zone)
    except (TypeError, ValueError, IndexError):
        return None


def normalise_visible(text: str) -> str:
    """A visible date string rewritten into a form dateparser reads.

    Drops a leading label, turns the official Kazakh order into day-month-year and
    removes the Kazakh year word.
    """
    text = " ".join(text.split())
    text = _LABEL.sub("", text, count=1)
    text = _KAZAKH_OFFICIAL.sub(
        lambda m: f"{m['day']} {m['month'].lower()} {m['year']}", text, count=1
    )
    return _KAZAKH_YEAR_WORD.sub("", text).strip(" ,|")


def parse_visible(
    text: str | None,
    zone: ZoneInfo,
    languages: Iterable[str],
    now: datetime,
) -> datetime | None:
    """A date as a page shows it ("25 марта 2024, 14:30", "Вчера, 18:05", "25 наурыз 2024 ж.").

    Relative dates count from ``now`` (the fetch time) in the outlet's time zone. Russian
    and Kazakh month names are both always read, since outlets mix them.
    """
    if not text or not text.strip():
        return None
    text = normalise_visible(text)
    if text.lower() in _JUST_NOW:
        return now.astimezone(zone)
    languages = sorted({"ru", "kk", *languages})
    if common := _common_form(text, languages):
        return localize(common, zone)
    base = now.astimezone(zone).replace(tzinfo=None)
    settings = {**_DATEPARSER_SETTINGS, "RELATIVE_BASE": base}
    parsed = dateparser.parse(text, languages=languages, settings=settings)
    return localize(parsed, zone) if parsed else None


def _common_form(text: str, languages: Iterable[str]) -> datetime | None:
    """``text`` read as one of :data:`_COMMON_FORMS`, month names in ``languages`` only;
    None for anything else (dateparser's to read)."""
    for form in _COMMON_FORMS:
        if not (match := form.match(text)):
            continue
        month = match["month"].lower()
        number = int(month) if month.isdigit() else next(
            (found for language in languages
             if (found := _MONTH_NUMBERS.get(language, {}).get(month))),
            None,
        )
        hour, minute = int(match["hour"] or 0), int(match["minute"] or 0)
        if match["half"]:
            if hour > 12:
                return None
            hour = hour % 12 + (12 if match["half"].lower() == "p" else 0)
        try:
            return datetime(int(match["year"]), number, int(match["day"]), hour, minute)
        except (TypeError, ValueError):
            return None
    return None


def plausible(moment: datetime | None, fetched_at: datetime) -> datetime | None:
    """``moment`` if it can be a publication time of a page fetched at ``fetched_at``: not
    before :data:`EARLIEST`, not more than a day after the fetch; else None."""
    if moment is None or moment < EARLIEST or moment > fetched_at + timedelta(days=1):
        return None
    return moment


def to_iso(moment: datetime | None) -> str | None:
    """ISO 8601 with offset, to the second (or finer when the source was)."""
    return moment.isoformat() if moment else None
