"""The README and docs/ stay true: a short README, the outlet table as the profiles say, no dead
links."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from newscrawl.outlets import OUTLETS
from tests.crawls import ROOT

if TYPE_CHECKING:
    from pathlib import Path

README = ROOT / "README.md"
PAGES = [README, *sorted((ROOT / "docs").glob("*.md"))]


def test_the_readme_is_short() -> None:
    assert len(README.read_text("utf-8").splitlines()) <= 250


def test_the_readme_lists_every_outlet_as_its_profile_says() -> None:
    rows = {
        match[0]: [cell.strip() for cell in match[1].split("|")]
        for match in re.findall(r"^\| `(\w+)` \|(.*)\|$", README.read_text("utf-8"), re.M)
    }
    assert set(rows) == set(OUTLETS)
    for name, (title, country, languages, discovery, site) in rows.items():
        profile = OUTLETS[name]
        assert (title, country, site) == (profile.title, profile.country, profile.hosts[0])
        assert languages.split(", ") == list(profile.languages)
        assert discovery.split(" (")[0].split(", ") == profile.discovery()
        assert ("Chromium" in discovery) == profile.uses_browser


@pytest.mark.parametrize("page", PAGES, ids=lambda path: path.name)
def test_every_relative_link_leads_to_a_file(page: Path) -> None:
    text = page.read_text("utf-8")
    for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
        if not re.match(r"[a-z]+:", target):
            assert (page.parent / target).exists(), f"{page}: {target}"
