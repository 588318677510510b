"""The schedule command's parsing; scheduling itself is tested on a real Scrapyd."""

from __future__ import annotations

import pytest

from newscrawl.cli import main
from newscrawl.schedule import parse_every


@pytest.mark.parametrize(
    ("text", "seconds"), [("30m", 1800), ("2h", 7200), ("90s", 90), ("1d", 86400), (" 5M ", 300)]
)
def test_parse_every(text: str, seconds: int) -> None:
    assert parse_every(text) == seconds


@pytest.mark.parametrize("text", ["30", "0m", "m", "1w", "1.5h", "-5m"])
def test_parse_every_refuses_what_is_not_an_interval(text: str) -> None:
    with pytest.raises(ValueError, match="not an interval"):
        parse_every(text)


def test_schedule_reports_an_unreachable_scrapyd(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schedule", "--scrapyd", "http://127.0.0.1:9", "--outlets", "aqnews"]) == 1
    assert "newscrawl:" in capsys.readouterr().err


def test_schedule_refuses_a_bad_interval(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schedule", "--scrapyd", "http://127.0.0.1:9", "--every", "soon"]) == 1
    assert "not an interval" in capsys.readouterr().err
