"""Shared fixtures: the replay server over the bundled snapshots."""

from __future__ import annotations

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
