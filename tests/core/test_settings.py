"""Project settings: one table, documented as it is, every name prefixed, old names still read."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest
from scrapy.exceptions import ScrapyDeprecationWarning
from scrapy.settings import Settings

from newscrawl.core.settings import RENAMED, SETTINGS, defaults, settings_table
from newscrawl.crawler import settings as project_settings
from newscrawl.crawler.addons import RenamedSettings

ROOT = Path(__file__).parent.parent.parent
PACKAGE = ROOT / "newscrawl"


def test_docs_show_the_table() -> None:
    assert settings_table() in (ROOT / "docs" / "settings.md").read_text("utf-8")


def test_every_setting_is_prefixed_and_defined_once() -> None:
    names = [setting.name for setting in SETTINGS]
    assert len(names) == len(set(names))
    assert all(name.startswith("NEWSCRAWL_") for name in names)


def test_project_settings_carry_every_default() -> None:
    for name, default in defaults().items():
        assert getattr(project_settings, name) == default


def test_every_setting_the_package_reads_is_in_the_table() -> None:
    read = set()
    for path in PACKAGE.rglob("*.py"):
        read |= set(re.findall(r"[\"'](NEWSCRAWL_[A-Z_]+)[\"']", path.read_text("utf-8")))
    assert read - set(defaults()) == set()


def test_no_counter_name_is_spelled_outside_the_stats_module() -> None:
    spelled = []
    for path in PACKAGE.rglob("*.py"):
        if path.name == "stats.py" and path.parent.name == "core":
            continue
        for line in path.read_text("utf-8").splitlines():
            if re.search(r"[\"']newscrawl/(?!\{__version__\})", line):
                spelled.append(f"{path.relative_to(ROOT)}: {line.strip()}")
    assert spelled == []


@pytest.mark.parametrize(("old", "new"), sorted(RENAMED.items()))
def test_an_old_name_still_applies_with_a_warning(old: str, new: str) -> None:
    settings = Settings(vars(project_settings), priority="project")
    settings.set(old, "x", priority="cmdline")
    with pytest.warns(ScrapyDeprecationWarning, match=f"{old} is deprecated: use {new}"):
        RenamedSettings().update_settings(settings)
    assert settings[new] == "x"


def test_the_new_name_wins_over_the_old_one() -> None:
    settings = Settings(vars(project_settings), priority="project")
    settings.set("WARC_DIR", "old", priority="cmdline")
    settings.set("NEWSCRAWL_WARC_DIR", "new", priority="cmdline")
    with pytest.warns(ScrapyDeprecationWarning):
        RenamedSettings().update_settings(settings)
    assert settings["NEWSCRAWL_WARC_DIR"] == "new"


def test_new_names_alone_warn_nothing() -> None:
    settings = Settings(vars(project_settings), priority="project")
    settings.set("NEWSCRAWL_WARC_DIR", "new", priority="cmdline")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        RenamedSettings().update_settings(settings)
    assert settings["NEWSCRAWL_WARC_DIR"] == "new"


def test_a_crawler_reads_an_old_name() -> None:
    from scrapy.utils.test import get_crawler

    project = {
        name: value for name, value in vars(project_settings).items()
        # Another test may have installed a reactor already.
        if name.isupper() and name != "TWISTED_REACTOR"
    }
    with pytest.warns(ScrapyDeprecationWarning, match="WARC_MAX_SIZE is deprecated"):
        crawler = get_crawler(settings_dict={**project, "WARC_MAX_SIZE": 1000})
    assert crawler.settings.getint("NEWSCRAWL_WARC_MAX_SIZE") == 1000
