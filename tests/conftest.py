"""Shared fixtures: the replay server over the bundled snapshots; a crawl state of its own."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import pytest

from newscrawl.replay.server import ReplayServer

if TYPE_CHECKING:
    from collections.abc import Iterator


@pytest.fixture(scope="session")
def replay() -> Iterator[ReplayServer]:
    """The replay server on 127.0.0.1 serving the bundled snapshots."""
    with ReplayServer() as server:
        yield server


@pytest.fixture(scope="session", autouse=True)
def _isolated_state(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Every crawl the tests start (subprocesses too) keeps its state out of the user's."""
    saved = os.environ.get("NEWSCRAWL_STATE_DIR")
    os.environ["NEWSCRAWL_STATE_DIR"] = str(tmp_path_factory.mktemp("state"))
    yield
    if saved is None:
        os.environ.pop("NEWSCRAWL_STATE_DIR")
    else:
        os.environ["NEWSCRAWL_STATE_DIR"] = saved


SLOW_GROUPS = ("e2e", "fuzz", "js", "scrapyd", "crash", "health", "distributed")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--all", action="store_true", dest="all_groups",
        help=f"also run the slow end-to-end groups ({', '.join(SLOW_GROUPS)}), as CI does",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Leave the slow groups out unless ``--all`` is given or ``-m`` chooses tests."""
    if config.getoption("all_groups") or config.getoption("markexpr"):
        return
    fast, slow = [], []
    for item in items:
        (slow if any(item.get_closest_marker(g) for g in SLOW_GROUPS) else fast).append(item)
    if slow:
        config.hook.pytest_deselected(items=slow)
        items[:] = fast
