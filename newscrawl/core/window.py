"""The publication window of a date-bounded backfill (``-a since=… -a until=…``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

# Dates as outlets put them in article and archive paths, most specific first.
_URL_DATES = (
    re.compile(r"/(?P<y>(?:19|20)\d\d)/(?P<m>\d\d)/(?P<d>\d\d)(?:/|$)"),  # /2024/03/25/
    re.compile(r"/(?P<d>\d\d)/(?P<m>\d\d)/(?P<y>(?:19|20)\d\d)(?:/|$)"),  # /25/03/2024/
    re.compile(r"/(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)(?:/|$)"),  # /2024-03-25/
    re.compile(r"/(?P<y>(?:19|20)\d\d)(?P<m>\d\d)(?P<d>\d\d)/"),  # /20240325/
)


def date_in_url(url: str) -> date | None:
    """The calendar date an article or archive URL carries in its path, if any."""
    path = urlsplit(url).path
    for pattern in _URL_DATES:
        for match in pattern.finditer(path):
            try:
                return date(int(match["y"]), int(match["m"]), int(match["d"]))
            except ValueError:
                continue
    return None


def parse_bound(value: str | None, zone: ZoneInfo, *, end: bool = False) -> datetime | None:
    """A ``since``/``until`` argument: an ISO date (a whole local day) or timestamp."""
    if not value:
        return None
    moment = datetime.fromisoformat(value.strip())
    if len(value.strip()) == 10:
        day = moment.date() + timedelta(days=1) if end else moment.date()
        moment = datetime.combine(day, time())
        if end:
            moment -= timedelta(microseconds=1)
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


@dataclass(frozen=True)
class Window:
    """Publication times a crawl keeps; an open bound is None."""

    since: datetime | None = None
    until: datetime | None = None

    @classmethod
    def from_arguments(cls, since: str | None, until: str | None, zone: ZoneInfo) -> Window:
        """The window of the spider arguments, read in the outlet's time zone."""
        window = cls(parse_bound(since, zone), parse_bound(until, zone, end=True))
        if window.since and window.until and window.since > window.until:
            raise ValueError(f"since ({since}) is after until ({until})")
        return window

    @property
    def bounded(self) -> bool:
        """Whether the window excludes anything."""
        return bool(self.since or self.until)

    def contains(self, moment: datetime) -> bool:
        """Whether a publication time is inside the window."""
        return not (
            (self.since and moment < self.since) or (self.until and moment > self.until)
        )

    def contains_day(self, day: date) -> bool:
        """Whether any moment of a calendar day (in any time zone) can be inside the window.

        A day is widened by a day on each side, since a URL date is in the outlet's
        time zone and the bounds may be in another.
        """
        return not (
            (self.since and day < self.since.date() - timedelta(days=1))
            or (self.until and day > self.until.date() + timedelta(days=1))
        )

    def modified_before(self, moment: datetime) -> bool:
        """Whether a page last modified at ``moment`` was published before the window.

        Publication precedes the last modification, so only ``since`` can rule on it.
        """
        return bool(self.since and moment < self.since)
