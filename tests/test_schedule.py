"""The schedule command's parsing; scheduling itself is tested on a real Scrapyd."""

from __future__ import annotations

import pytest

from newscrawl.cli import main
from newscrawl.schedule import Scheduler, parse_every


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
    assert main(["schedule", "--scrapyd", "http://127.0.0.1:9", "--outlet", "aqnews"]) == 1
    assert capsys.readouterr().err == (
        "newscrawl: cannot reach Scrapyd at http://127.0.0.1:9: connection refused\n"
    )


def test_the_old_outlets_option_still_works_and_warns_once(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    scheduled: list[list[str]] = []

    def once(self: Scheduler) -> dict[str, str]:
        scheduled.append(list(self.outlets))
        return {}

    monkeypatch.setattr(Scheduler, "once", once)
    argv = ["schedule", "--scrapyd", "http://127.0.0.1:9", "--outlets", "aqnews,tengrinews",
            "--outlet", "kapital", "--outlets", "orda"]
    assert main(argv) == 0
    assert scheduled == [["aqnews", "tengrinews", "kapital", "orda"]]
    assert capsys.readouterr().err == (
        "newscrawl: --outlets A,B is deprecated: use --outlet A --outlet B\n"
    )


@pytest.mark.parametrize(
    ("option", "message"),
    [(["--every", "soon"], "argument --every: not an interval: 'soon'"),
     (["-s", "NOVALUE"], "argument -s/--set: not NAME=VALUE: 'NOVALUE'"),
     (["-a", "=1"], "argument -a/--arg: not NAME=VALUE: '=1'")],
)
def test_schedule_refuses_a_bad_command_line_with_one_line(
    option: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_status:
        main(["schedule", "--scrapyd", "http://127.0.0.1:9", *option])
    assert exit_status.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith(f"newscrawl: {message}")
    assert err.count("\n") == 1


class FakeScrapyd:
    """Scrapyd's API as the scheduler sees it: aqnews is busy from the second round on; the
    project has the ``site`` spider too."""

    def __init__(self) -> None:
        self.rounds = 0
        self.calls: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = []

    def spiders(self) -> list[str]:
        return ["aqnews", "other", "site"]

    def active(self) -> set[str]:
        self.rounds += 1
        return {"aqnews"} if self.rounds > 1 else set()

    def schedule(self, spider: str, settings: tuple[str, ...], args: tuple[str, ...]) -> str:
        self.calls.append((spider, tuple(settings), tuple(args)))
        return f"job{len(self.calls)}"


def test_scheduler_repeats_and_skips_an_outlet_still_running() -> None:
    scrapyd, lines = FakeScrapyd(), []
    scheduler = Scheduler(
        scrapyd, settings=["NEWSCRAWL_REPLAY_URL=http://x"], args=["refetch=1"],  # type: ignore[arg-type]
        echo=lines.append,
    )
    scheduler.every(0, runs=3)
    assert [spider for spider, _, _ in scrapyd.calls] == ["aqnews", "other", "other", "other"]
    assert scrapyd.calls[0][1:] == (("NEWSCRAWL_REPLAY_URL=http://x",), ("refetch=1",))
    assert lines.count("aqnews: previous job still pending or running, not scheduled") == 2
    assert scheduler.scheduled == {"aqnews": "job1", "other": "job4"}


def test_every_outlet_means_every_outlet_spider_but_site() -> None:
    scrapyd, lines = FakeScrapyd(), []
    assert Scheduler(scrapyd, echo=lines.append).once() == {  # type: ignore[arg-type]
        "aqnews": "job1", "other": "job2",
    }
    explicit = Scheduler(scrapyd, outlets=["site"], args=["url=https://example.kz/"],  # type: ignore[arg-type]
                         echo=lines.append)
    assert explicit.once() == {"site": "job3"}
    assert scrapyd.calls[-1] == ("site", (), ("url=https://example.kz/",))
