"""Scheduling outlet crawls on a Scrapyd server through its HTTP API, once or periodically."""

from __future__ import annotations

import json
import logging
import re
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode
from urllib.request import urlopen

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

logger = logging.getLogger(__name__)

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
# Spiders that crawl nothing without spider arguments: `site` needs `-a url=…`.
NEEDS_ARGUMENTS = frozenset({"site"})


class ScrapydError(RuntimeError):
    """Scrapyd could not be reached, or answered with an error."""


def parse_every(text: str) -> int:
    """Seconds in an interval such as ``30m``, ``2h``, ``90s`` or ``1d``."""
    match = re.fullmatch(r"\s*(\d+)\s*([smhd])\s*", text.lower())
    if not match or int(match[1]) == 0:
        raise ValueError(f"not an interval: {text!r} (use e.g. 30m, 2h, 90s, 1d)")
    return int(match[1]) * _UNITS[match[2]]


def _pair(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not (sep and name):
        raise ValueError(f"not NAME=VALUE: {text!r}")
    return name, value


def _reason(error: object) -> str:
    """Why a connection failed, in lower case: ``connection refused``, ``timed out``."""
    text = getattr(error, "strerror", None) or str(error) or type(error).__name__
    return text[:1].lower() + text[1:]


@dataclass
class Scrapyd:
    """A Scrapyd server's HTTP API, for one project."""

    url: str
    project: str = "newscrawl"
    timeout: float = 30.0

    def call(self, endpoint: str, params: Sequence[tuple[str, str]], post: bool = False) -> Any:
        """The JSON answer of ``endpoint``; raises :class:`ScrapydError`, its message one
        line, when Scrapyd cannot be reached or answers with an error."""
        query = urlencode([("project", self.project), *params])
        address = f"{self.url.rstrip('/')}/{endpoint}"
        try:
            if post:
                response = urlopen(address, data=query.encode(), timeout=self.timeout)
            else:
                response = urlopen(f"{address}?{query}", timeout=self.timeout)
            with response:
                answer = json.load(response)
        except HTTPError as error:
            raise ScrapydError(f"Scrapyd at {self.url} answered {endpoint} with HTTP "
                               f"{error.code} {error.reason}") from None
        except URLError as error:
            raise ScrapydError(f"cannot reach Scrapyd at {self.url}: "
                               f"{_reason(error.reason)}") from None
        except ValueError:
            raise ScrapydError(f"Scrapyd at {self.url} answered {endpoint} with something that "
                               "is not JSON: is it a Scrapyd server?") from None
        except OSError as error:
            raise ScrapydError(f"cannot reach Scrapyd at {self.url}: {_reason(error)}") from None
        if not isinstance(answer, dict) or answer.get("status") != "ok":
            message = answer.get("message", answer) if isinstance(answer, dict) else answer
            raise ScrapydError(f"Scrapyd at {self.url}: {endpoint}: {message}")
        return answer

    def spiders(self) -> list[str]:
        """The spiders (outlets) of the deployed project."""
        return list(self.call("listspiders.json", []).get("spiders", []))

    def active(self) -> set[str]:
        """Spiders with a pending or running job."""
        jobs = self.call("listjobs.json", [])
        return {job["spider"] for kind in ("pending", "running") for job in jobs.get(kind, [])}

    def schedule(
        self, spider: str, settings: Iterable[str] = (), args: Iterable[str] = ()
    ) -> str:
        """Schedule one crawl; its job id. ``settings`` and ``args`` are ``NAME=VALUE``."""
        params = [("spider", spider), *(("setting", _pair(s)[0] + "=" + _pair(s)[1])
                                        for s in settings)]
        params += [_pair(arg) for arg in args]
        return str(self.call("schedule.json", params, post=True)["jobid"])


@dataclass
class Scheduler:
    """Schedules outlets on a Scrapyd, skipping any whose previous job has not finished."""

    scrapyd: Scrapyd
    outlets: Sequence[str] = ()
    settings: Sequence[str] = ()
    args: Sequence[str] = ()
    # Flushed: a cron log or a pipe sees each job as it is scheduled.
    echo: Callable[[str], None] = field(default=lambda line: print(line, flush=True))
    scheduled: dict[str, str] = field(default_factory=dict)

    def once(self) -> dict[str, str]:
        """Schedule every outlet (by default every deployed spider that needs no spider
        arguments: not ``site``); outlet → job id."""
        outlets = list(self.outlets) or [
            spider for spider in self.scrapyd.spiders() if spider not in NEEDS_ARGUMENTS
        ]
        busy = self.scrapyd.active()
        jobs = {}
        for outlet in outlets:
            if outlet in busy:
                self.echo(f"{outlet}: previous job still pending or running, not scheduled")
                continue
            jobs[outlet] = self.scrapyd.schedule(outlet, self.settings, self.args)
            self.echo(f"{outlet}: job {jobs[outlet]}")
        self.scheduled.update(jobs)
        return jobs

    def every(self, seconds: int, runs: int | None = None) -> None:
        """Schedule every ``seconds`` (``runs`` times, or until interrupted)."""
        done = 0
        while runs is None or done < runs:
            started = time.monotonic()
            try:
                self.once()
            except ScrapydError as error:
                logger.warning("Scheduling failed, retrying next time: %s", error)
                self.echo(f"scheduling failed, retrying next time: {error}")
            done += 1
            if runs is None or done < runs:
                time.sleep(max(0.0, seconds - (time.monotonic() - started)))
