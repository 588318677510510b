from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from newscrawl.extract.dates import normalise_visible, parse_http_date, parse_iso, parse_visible

ALMATY = ZoneInfo("Asia/Almaty")
MOSCOW = ZoneInfo("Europe/Moscow")
NOW = datetime(2024, 3, 27, 12, 0, tzinfo=ALMATY)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("25 марта 2024, 14:30", "2024-03-25T14:30:00+05:00"),
        ("25 марта 2024 года в 14:30", "2024-03-25T14:30:00+05:00"),
        ("22.03.2024 | 10:20", "2024-03-22T10:20:00+05:00"),
        ("Вчера, 18:05", "2024-03-26T18:05:00+05:00"),
        ("2 часа назад", "2024-03-27T10:00:00+05:00"),
        ("только что", "2024-03-27T12:00:00+05:00"),
        ("Опубликовано: 15 мая 2024, 10:20", "2024-05-15T10:20:00+05:00"),
        ("Обновлено: 15.05.2024 10:20", "2024-05-15T10:20:00+05:00"),
        ("25 наурыз 2024 ж. 14:30", "2024-03-25T14:30:00+05:00"),
        ("Кеше, 18:05", "2024-03-26T18:05:00+05:00"),
        ("2 сағат бұрын", "2024-03-27T10:00:00+05:00"),
        ("Жарияланды: 25 наурыз 2024, 14:30", "2024-03-25T14:30:00+05:00"),
        ("2024 жылғы 25 наурыз", "2024-03-25T00:00:00+05:00"),
        ("2024 жылғы 25 наурызда, 09:15", "2024-03-25T09:15:00+05:00"),
        ("12 желтоқсан 2023 жылы 16:40", "2023-12-12T16:40:00+06:00"),
    ],
)
def test_visible_dates_in_almaty(text: str, expected: str) -> None:
    assert parse_visible(text, ALMATY, ["ru", "kk"], NOW).isoformat() == expected


def test_almaty_offset_changes_on_2024_03_01() -> None:
    before = parse_visible("29 февраля 2024, 23:00", ALMATY, ["ru"], NOW)
    after = parse_visible("1 марта 2024, 01:00", ALMATY, ["ru"], NOW)
    assert before.isoformat() == "2024-02-29T23:00:00+06:00"
    assert after.isoformat() == "2024-03-01T01:00:00+05:00"


def test_moscow_outlet_reads_dates_in_moscow_time() -> None:
    parsed = parse_visible("4 июля 2023, 17:51", MOSCOW, ["ru"], NOW)
    assert parsed.isoformat() == "2023-07-04T17:51:00+03:00"


@pytest.mark.parametrize("text", ["", "   ", "в мае 2024", "Просмотры: 1 245", None])
def test_unreadable_visible_dates_are_none(text: str | None) -> None:
    assert parse_visible(text, ALMATY, ["ru", "kk"], NOW) is None


def test_label_and_official_kazakh_order_are_normalised() -> None:
    assert normalise_visible("Опубликовано:  15 мая 2024,\n10:20") == "15 мая 2024, 10:20"
    assert normalise_visible("2024 жылғы 25 наурызда") == "25 наурыз 2024"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-25T14:30:00+05:00", "2024-03-25T14:30:00+05:00"),
        ("2024-03-25T14:30:00", "2024-03-25T14:30:00+05:00"),
        ("2024-02-25T14:30:00", "2024-02-25T14:30:00+06:00"),
        ("2024-03-25T09:30:00Z", "2024-03-25T09:30:00+00:00"),
        ("2025-05-14T20:28:12.467+03:00", "2025-05-14T20:28:12.467000+03:00"),
        ("2024-03-25", "2024-03-25T00:00:00+05:00"),
    ],
)
def test_structured_timestamps_keep_their_offset(value: str, expected: str) -> None:
    assert parse_iso(value, ALMATY).isoformat() == expected


@pytest.mark.parametrize("value", [None, "", "25 марта 2024", "2024-13-45T10:00:00", "soon"])
def test_structured_timestamps_that_are_not_iso_are_none(value: str | None) -> None:
    assert parse_iso(value, ALMATY) is None


def test_rss_dates() -> None:
    parsed = parse_http_date("Mon, 25 Mar 2024 14:30:00 +0500", ALMATY)
    assert parsed.isoformat() == "2024-03-25T14:30:00+05:00"
    assert parse_http_date("not a date", ALMATY) is None


UTC = ZoneInfo("UTC")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("November 19, 2019, 9:02 AM", "2019-11-19T09:02:00+00:00"),
        ("Monday, November 18th, 2019 at 11:08 a.m.", "2019-11-18T11:08:00+00:00"),
        ("May 5, 2024, 12:05 AM", "2024-05-05T00:05:00+00:00"),
        ("Nov. 19, 2019", "2019-11-19T00:00:00+00:00"),
        ("19 NOV 2019", "2019-11-19T00:00:00+00:00"),
        ("19 Nov 2019 05:44 GMT", "2019-11-19T05:44:00+00:00"),
        ("Вторник, 26 марта 2024", "2024-03-26T00:00:00+00:00"),
    ],
)
def test_english_and_weekday_forms_on_the_generic_path(text: str, expected: str) -> None:
    assert parse_visible(text, UTC, ["ru", "kk", "en"], NOW).isoformat() == expected


@pytest.mark.parametrize("text", ["November 19, 2019", "19 Nov 2019", "31.02.2024"])
def test_english_month_names_are_read_only_for_outlets_that_write_english(text: str) -> None:
    assert parse_visible(text, MOSCOW, ["ru"], NOW) is None
