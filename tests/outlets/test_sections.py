"""``OutletProfile.sections``: the section an article URL's first path segment names, checked
when a profile is made, read-only, and sent intact to extraction workers."""

from __future__ import annotations

import pickle
from typing import Any

import pytest

from newscrawl.core.profile import OutletProfile
from newscrawl.outlets import get_outlet


def profile(**fields: Any) -> OutletProfile:
    return OutletProfile(
        name="example", title="Example", country="KZ", hosts=("example.kz",),
        languages=("ru",), timezone="Asia/Almaty", article_url=r"^https://example\.kz/",
        sitemaps=("https://example.kz/sitemap.xml",), **fields,
    )


@pytest.mark.parametrize(
    "sections",
    [{"Obschestvo": "Общество"}, {"news/politics": "Политика"}, {"": "Главное"},
     {"sport": ""}, {"sport": " Спорт"}, {"sport": None}],
)
def test_a_wrong_mapping_fails_when_the_profile_is_made(sections: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="section"):
        profile(sections=sections)


def test_the_first_path_segment_names_the_section() -> None:
    example = profile(sections={"obschestvo": "Общество", "spb-news": "Северо-Запад"})
    assert example.section_of("https://example.kz/obschestvo/20345103") == "Общество"
    assert example.section_of("https://example.kz/SPB-NEWS/1?page=2") == "Северо-Запад"
    assert example.section_of("https://example.kz/news/obschestvo/1") is None
    assert example.section_of("https://example.kz/") is None


def test_the_mapping_is_read_only_and_survives_pickling() -> None:
    sections = {"sport": "Спорт"}
    example = profile(sections=sections)
    sections["sport"] = "Футбол"
    assert example.sections["sport"] == "Спорт"
    with pytest.raises(TypeError):
        example.sections["sport"] = "Футбол"  # type: ignore[index]
    copy = pickle.loads(pickle.dumps(example))
    assert copy == example
    assert copy.section_of("https://example.kz/sport/1") == "Спорт"
    assert hash(copy) == hash(example)


@pytest.mark.parametrize(
    ("outlet", "template"),
    [
        ("tass", "https://tass.ru/{}/8836033"),
        ("rbc", "https://www.rbc.ru/{}/03/07/2023/649ea4cc9a7947b29e9db05a"),
    ],
)
def test_every_mapped_segment_starts_article_urls(outlet: str, template: str) -> None:
    mapped = get_outlet(outlet)
    assert mapped.sections
    for segment, name in mapped.sections.items():
        url = template.format(segment)
        assert mapped.is_article_url(url), url
        assert mapped.section_of(url) == name

