"""Garbage collection tuning: frozen and raised while a spider runs, restored after."""

from __future__ import annotations

import gc

from scrapy.utils.test import get_crawler

from newscrawl.crawler.extensions.gc import CRAWL_THRESHOLDS, CollectorTuning


def test_thresholds_raised_while_the_spider_runs_and_restored_after() -> None:
    before = gc.get_threshold()
    tuning = CollectorTuning.from_crawler(get_crawler())
    tuning.spider_opened()
    try:
        assert gc.get_threshold() == CRAWL_THRESHOLDS
        assert gc.get_freeze_count() > 0
    finally:
        tuning.spider_closed()
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
