from __future__ import annotations

import pytest

from newscrawl.extract.language import detect_language


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
