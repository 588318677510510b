"""The raw archive is off by default, and being off is no warning."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy.extension import ExtensionManager
from scrapy.utils.test import get_crawler

from newscrawl.crawler.extensions.warc import WarcArchive

if TYPE_CHECKING:
    import pytest

WARC = "newscrawl.crawler.extensions.warc.WarcArchive"


def test_without_a_warc_dir_the_archive_is_off_without_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    crawler = get_crawler(settings_dict={"EXTENSIONS": {WARC: 500}})
    with caplog.at_level(logging.DEBUG):
        manager = ExtensionManager.from_crawler(crawler)
    assert not any(isinstance(extension, WarcArchive) for extension in manager.middlewares)
    assert [record.levelno for record in caplog.records if "WARC" in record.getMessage()] == [
        logging.DEBUG
    ]
    assert not [record for record in caplog.records if record.levelno >= logging.WARNING]
