"""Generated corpora for the export tests: outlets of very different sizes over any span."""

from __future__ import annotations

import random
from datetime import date, timedelta

from newscrawl.export.stats import DatasetStats


def corpus_stats(outlets: int, days: int, *, per_day: float = 40.0, seed: int = 1) -> DatasetStats:
    """The stats of ``outlets`` outlets publishing over ``days`` days from 2016-01-04.

    Outlet ``n`` publishes about ``per_day / (n + 1)`` articles a day (a few large outlets,
    many small ones), fewer at weekends, with a gap of quiet days in one outlet.
    """
    rng = random.Random(seed)
    stats = DatasetStats()
    first = date(2016, 1, 4)
    for n in range(outlets):
        name = f"outlet{n:02d}"
        rate = per_day / (n + 1)
        for offset in range(days):
            day = first + timedelta(days=offset)
            weekend = 0.4 if day.weekday() >= 5 else 1.0
            quiet = n == 1 and days > 10 and days // 3 <= offset < days // 3 + days // 10
            count = 0 if quiet else max(0, round(rng.gauss(rate * weekend, rate * 0.2)))
            if count:
                stats.by_outlet_day[name, day.isoformat()] += count
                stats.by_outlet_language[name, "ru" if n % 3 else "kk"] += count
                stats.rows += count
    stats.undated = outlets
    stats.rows += outlets
    return stats
