"""The crawl state store: where it lives, what it remembers across openings."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import pytest
from scrapy.settings import Settings

from newscrawl.state.sqlite import (
    STATE_FILE,
    SqliteCrawlState,
    StateUnreadable,
    default_state_dir,
    state_dir,
)
from newscrawl.state.store import StoredArticle

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

URL = "https://aqnews.kz/ru/politika/123401-a/"


def test_state_dir_setting_then_environment_then_per_user_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSCRAWL_STATE_DIR", str(tmp_path / "env"))
    assert state_dir(Settings({"NEWSCRAWL_STATE_DIR": str(tmp_path / "set")})) == tmp_path / "set"
    assert state_dir(Settings()) == tmp_path / "env"
    monkeypatch.delenv("NEWSCRAWL_STATE_DIR")
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg"))
    assert state_dir(Settings()) == default_state_dir() == tmp_path / "xdg" / "newscrawl"


def test_pages_and_articles_survive_reopening(tmp_path: Path) -> None:
    state = SqliteCrawlState(tmp_path)
    state.add_pages(["https://aqnews.kz/ru/video/123409-v/"], "2024-03-25T10:00:00+00:00")
    article = StoredArticle(URL, URL, "aqnews", "ab" * 32, 1, "2024-03-25T10:00:00+00:00",
                            None, b"\x00" * 512)
    state.add_article(article, [URL + "?from=rss", URL], [1, 2])
    state.close()

    state = SqliteCrawlState(tmp_path)
    assert state.seen("https://aqnews.kz/ru/video/123409-v/")
    assert state.seen(URL + "?from=rss")
    assert not state.seen("https://aqnews.kz/ru/politika/123402-b/")
    assert state.article(URL) == article
    assert state.article_with_hash("ab" * 32, "aqnews") == article
    assert state.article_with_hash("ab" * 32, "tengrinews") is None
    assert state.article_with_hash("cd" * 32, "aqnews") is None


def test_a_new_revision_replaces_the_stored_one(tmp_path: Path) -> None:
    state = SqliteCrawlState(tmp_path)
    first = StoredArticle(URL, URL, "aqnews", "ab" * 32, 1, "2024-03-25T10:00:00+00:00", None, None)
    state.add_article(first, [URL], [1, 2])
    second = StoredArticle(URL, URL, "aqnews", "cd" * 32, 2, "2024-03-26T10:00:00+00:00", None,
                           None)
    state.add_article(second, [URL], [3])
    assert state.article(URL) == second
    assert state.candidates([1, 2]) == []
    assert state.candidates([3]) == [second]
    state.touch(URL, "2024-03-27T10:00:00+00:00")
    assert state.article(URL).fetched_at == "2024-03-27T10:00:00+00:00"


def test_recover_keeps_what_a_killed_process_wrote_and_forgets_the_rest(tmp_path: Path) -> None:
    feed = tmp_path / "out.jsonl"
    written, lost = URL, "https://aqnews.kz/ru/politika/123402-b/"
    feed.write_text(f'{{"canonical_url": "{written}"}}\n{{"canonical_url": "{lost}", "bo', "utf-8")
    state = SqliteCrawlState(tmp_path / "state")
    state.add_feed(feed)
    for url in (written, lost):
        article = StoredArticle(url, url, "aqnews", "ab" * 32, 1, "2024-03-25T10:00:00+00:00",
                                None, None)
        state.add_article(article, [url], [7], pending=True)
    state.add_pages([lost + "?from=rss"], "2024-03-25T10:00:00+00:00", lost)

    assert state.recover(is_alive=lambda pid: pid != os.getpid()) == (1, 1)
    assert state.article(written) is not None
    assert state.seen(written)
    assert state.article(lost) is None
    assert not state.seen(lost)
    assert not state.seen(lost + "?from=rss")
    assert state.candidates([7]) == [state.article(written)]
    assert feed.read_text("utf-8") == f'{{"canonical_url": "{written}"}}\n'
    assert state.recover(is_alive=lambda pid: False) == (0, 0)


def test_recover_leaves_live_processes_alone(tmp_path: Path) -> None:
    state = SqliteCrawlState(tmp_path)
    article = StoredArticle(URL, URL, "aqnews", "ab" * 32, 1, "2024-03-25T10:00:00+00:00",
                            None, None)
    state.add_article(article, [URL], [7], pending=True)
    assert state.recover(is_alive=lambda pid: True) == (0, 0)
    assert state.article(URL) == article


def written_state(directory: Path) -> Path:
    state = SqliteCrawlState(directory)
    urls = [f"https://aqnews.kz/ru/politika/{100000 + n}-a/" for n in range(3000)]
    state.add_pages(urls, "2024-03-25T10:00:00+00:00")
    state.close()
    return directory / STATE_FILE


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (lambda path: path.write_bytes(b"garbage" * 1000), "not an SQLite database"),
        (lambda path: path.write_bytes(path.read_bytes()[: path.stat().st_size // 2]),
         "truncated"),
        (lambda path: path.write_bytes(path.read_bytes()[:60]), "not an SQLite database"),
    ],
)
def test_a_damaged_state_file_is_refused_with_its_reason(
    tmp_path: Path, damage: Callable[[Path], object], reason: str
) -> None:
    path = written_state(tmp_path)
    damage(path)
    with pytest.raises(StateUnreadable, match=reason):
        SqliteCrawlState(tmp_path)


def test_an_empty_state_file_is_new_only_alone_in_its_directory(tmp_path: Path) -> None:
    (tmp_path / "alone").mkdir()
    (tmp_path / "alone" / STATE_FILE).write_bytes(b"")
    SqliteCrawlState(tmp_path / "alone").close()
    path = written_state(tmp_path / "emptied")
    (tmp_path / "emptied" / "state.sqlite3-wal").write_bytes(b"x")
    path.write_bytes(b"")
    with pytest.raises(StateUnreadable, match=r"the file is empty, beside state\.sqlite3-wal"):
        SqliteCrawlState(tmp_path / "emptied")
