"""The offline demo, live and from the archives the replay server plays."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

from newscrawl.core.settings import defaults
from newscrawl.demo import REPLAY_SETTINGS, replay_settings
from tests.crawls import goldens

if TYPE_CHECKING:
    from pathlib import Path

# A subset of the demo's outlets that keeps the three demos within ~2 min on a shared machine:
# Kazakh and Russian, a `www.` host (inform), two pages sharing one body (aqnews).
OUTLETS = ("aqnews", "inform", "kommersant", "tengrinews")


def test_an_archive_demo_reads_every_archive_service_without_delay() -> None:
    assert replay_settings() == REPLAY_SETTINGS
    for source in ("commoncrawl", "wayback"):
        settings = replay_settings(source)
        slots = settings.pop("NEWSCRAWL_ARCHIVE_SLOTS")
        assert settings == REPLAY_SETTINGS
        assert set(slots) == set(defaults()["NEWSCRAWL_ARCHIVE_SLOTS"])
        assert all(slot["delay"] == 0 for slot in slots.values())
    with pytest.raises(ValueError, match="unknown source 'nosuch'"):
        replay_settings("nosuch")


def demo(source: str, out: Path) -> list[dict[str, object]]:
    """``newscrawl demo --source source`` of :data:`OUTLETS` into ``out``: its articles."""
    outlets = [arg for name in OUTLETS for arg in ("--outlet", name)]
    result = subprocess.run(
        [sys.executable, "-m", "newscrawl.cli", "demo", "--quiet", "--source", source,
         *outlets, "--out", str(out)],
        capture_output=True, text=True, timeout=240, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    items = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert result.stdout.startswith(f"{len(items)} articles written to {out}")
    return items


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, object]]:
    return demo("live", tmp_path_factory.mktemp("live") / "live.jsonl")


@pytest.mark.e2e
@pytest.mark.parametrize("source", ["commoncrawl", "wayback"])
def test_an_archive_demo_writes_the_live_demos_articles(
    source: str, live: list[dict[str, object]], tmp_path: Path
) -> None:
    archived = demo(source, tmp_path / f"{source}.jsonl")
    # A body two pages share is written once, under whichever page is read first: the same
    # bodies, each under the canonical URL of one of its pages.
    assert sorted(str(item["content_hash"]) for item in archived) == sorted(
        str(item["content_hash"]) for item in live
    )
    pages = {outlet: goldens(outlet) for outlet in OUTLETS}
    for item in archived:
        golden = pages[str(item["outlet"])][str(item["url"])]
        assert (item["canonical_url"], item["content_hash"]) == (
            golden["canonical_url"], golden["content_hash"]
        )
        record = item["archive"]
        assert isinstance(record, dict)
        assert record["source"] == source
        assert item["fetched_at"] == record["captured_at"]
    assert {item["outlet"] for item in archived} == set(OUTLETS)
    assert all("archive" not in item for item in live)
