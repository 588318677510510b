"""The crawl state store: where it lives, what it remembers across openings."""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING

import pytest
from scrapy.settings import Settings

from newscrawl.extract.fingerprint import content_hash, fingerprint
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


def article_line(url: str, body: str, **extra: object) -> str:
    """A feed line of an article, as a crawl writes it."""
    item = {"url": url, "canonical_url": url, "outlet": "aqnews", "body": body,
            "content_hash": content_hash(body), "fetched_at": "2024-03-25T10:00:00+00:00", **extra}
    return json.dumps(item, ensure_ascii=False) + "\n"


def test_held_writes_are_read_at_once_and_committed_together(tmp_path: Path) -> None:
    writer, reader = SqliteCrawlState(tmp_path, batch=3), SqliteCrawlState(tmp_path)
    first = StoredArticle(URL, URL, "aqnews", "ab" * 32, 1, "2024-03-25T10:00:00+00:00", None,
                          b"\x00" * 512)
    writer.add_article(first, [URL + "?from=rss"], [1, 2])
    writer.add_pages(["https://aqnews.kz/ru/video/123409-v/"], "2024-03-25T10:00:00+00:00")
    assert writer.article(URL) == first
    assert writer.article_with_hash("ab" * 32, "aqnews") == first
    assert writer.seen(URL + "?from=rss")
    assert writer.candidates([2, 5]) == [first]
    assert reader.article(URL) is None
    assert not reader.seen("https://aqnews.kz/ru/video/123409-v/")

    other = "https://aqnews.kz/ru/politika/123402-b/"
    second = StoredArticle(other, other, "aqnews", "cd" * 32, 1, "2024-03-25T10:00:00+00:00",
                           None, None)
    writer.add_article(second, [other], [2, 5])  # the third write: the batch is committed
    assert reader.article(URL) == first
    assert reader.seen("https://aqnews.kz/ru/video/123409-v/")
    assert reader.candidates([2, 5]) == [second, first]

    revised = StoredArticle(URL, URL, "aqnews", "ef" * 32, 2, "2024-03-26T10:00:00+00:00", None,
                            None)
    writer.add_article(revised, [URL], [2, 5, 9])
    assert writer.candidates([2, 5]) == [revised, second]
    assert writer.article_with_hash("ab" * 32, "aqnews") is None
    assert reader.candidates([2, 5]) == [second, first]
    writer.commit()
    assert reader.article(URL) == revised
    writer.close()


def test_recover_adopts_the_written_lines_a_killed_process_never_committed(
    tmp_path: Path,
) -> None:
    feed = tmp_path / "out.jsonl"
    committed, held = URL, "https://aqnews.kz/ru/politika/123402-b/"
    body = "Мажилис обсудил полномочия сельских акимов и бюджет района на следующий год."
    state = SqliteCrawlState(tmp_path / "state", batch=100)
    state.add_feed(feed)
    article = StoredArticle(committed, committed, "aqnews", content_hash("x"), 1,
                            "2024-03-25T10:00:00+00:00", None, None)
    state.add_article(article, [committed], [7])
    state.commit()
    state.add_article(StoredArticle(held, held, "aqnews", content_hash(body), 1,
                                    "2024-03-25T10:00:00+00:00", None, None), [held], [8])
    feed.write_text(article_line(committed, "x") + article_line(held, body, duplicate_of=URL)
                    + article_line("https://aqnews.kz/ru/c/", "half")[:30], "utf-8")
    # Killed here: the second article's record was held, never committed.

    after = SqliteCrawlState(tmp_path / "state")
    assert after.article(held) is None
    assert after.recover(is_alive=lambda pid: pid != os.getpid()) == (1, 0)
    adopted = after.article(held)
    assert adopted is not None
    assert (adopted.content_hash, adopted.duplicate_of) == (content_hash(body), URL)
    assert adopted.signature == fingerprint(body).signature
    assert after.candidates(fingerprint(body).band_keys) == [adopted]
    assert after.seen(held)
    assert after.article(committed) == article
    assert not after.seen("https://aqnews.kz/ru/c/")
    assert feed.read_text("utf-8").endswith("\n")
    assert after.recover(is_alive=lambda pid: False) == (0, 0)
