from __future__ import annotations

import mmap
import tempfile
from typing import TYPE_CHECKING

import pytest

from newscrawl.extract import language
from newscrawl.extract.language import detect_language

if TYPE_CHECKING:
    from pathlib import Path


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Астанада жаңа көпір ашылды. Қала әкімі құрылыс екі жылға созылғанын айтты.", "kk"),
        ("Министрлік биылғы егін жинау науқанының қорытындысын шығарды.", "kk"),
        ("В Астане открыли новый мост. Аким сообщил, что стройка заняла два года.", "ru"),
        ("Президент Казахстана провёл совещание по вопросам экономики.", "ru"),
        ("A new bridge over the Yesil river opened in Astana on Monday.", "en"),
    ],
)
def test_kazakh_russian_english(text: str, expected: str) -> None:
    assert detect_language(text) == expected


def test_short_text_falls_back_to_declared_language() -> None:
    assert detect_language("Видео", fallback="ru-RU") == "ru"
    assert detect_language("Видео", fallback="de") is None


def test_transition_table_is_a_shared_map_rewritten_when_wrong(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    language._identifier.cache_clear()
    try:
        assert detect_language("Қала әкімі құрылыс екі жылға созылғанын айтты.") == "kk"
        (table,) = tmp_path.glob("newscrawl-langid-*.bin")
        assert isinstance(language._identifier().tk_nextmove.obj, mmap.mmap)
        written = table.read_bytes()
        table.write_bytes(bytes(len(written)))  # another model of the same size, say

        language._identifier.cache_clear()
        assert detect_language("Аким сообщил, что стройка заняла два года.") == "ru"
        assert table.read_bytes() == written
        assert [p.name for p in tmp_path.iterdir()] == [table.name]
    finally:
        language._identifier.cache_clear()
