"""NEWSCRAWL_PROFILES: extra profile modules the spider loader lists next to the registry."""

from __future__ import annotations

from scrapy import Request
from scrapy.settings import Settings

from benchmarks.outlet import PROFILE
from newscrawl.crawler.spiderloader import OutletSpiderLoader
from newscrawl.outlets import OUTLETS


def test_extra_profiles_are_loaded_beside_the_registry() -> None:
    loader = OutletSpiderLoader.from_settings(Settings({"NEWSCRAWL_PROFILES": "benchmarks.outlet"}))
    assert loader.list() == sorted([*OUTLETS, "site", PROFILE.name])
    assert loader.load(PROFILE.name).profile is PROFILE
    assert loader.find_by_request(Request(f"https://{PROFILE.hosts[0]}/ru/")) == [PROFILE.name]


def test_without_the_setting_only_the_registry() -> None:
    assert OutletSpiderLoader.from_settings(Settings()).list() == sorted([*OUTLETS, "site"])
