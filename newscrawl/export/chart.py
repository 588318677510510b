"""The chart of a dataset: articles per day per outlet."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
from matplotlib.ticker import MaxNLocator

if TYPE_CHECKING:
    from pathlib import Path

    from newscrawl.export.stats import DatasetStats


def articles_per_day(stats: DatasetStats, path: Path) -> None:
    """Draw one line per outlet (articles per publication day) into the PNG ``path``."""
    figure, axes = plt.subplots(figsize=(10, 4.5), dpi=100)
    try:
        days = _calendar({date.fromisoformat(day) for _, day in stats.by_outlet_day})
        marker = "o" if len(days) <= 60 else None
        for outlet in stats.outlets:
            counts = [stats.by_outlet_day[outlet, day.isoformat()] for day in days]
            if any(counts):
                axes.plot(days, counts, marker=marker, markersize=3, linewidth=1, label=outlet)
        if days:
            axes.legend(title="outlet", loc="upper left")
            locator = mdates.AutoDateLocator()
            axes.xaxis.set_major_locator(locator)
            axes.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        else:
            axes.text(0.5, 0.5, "no dated articles", ha="center", va="center",
                      transform=axes.transAxes)
        axes.set_title(f"Articles per day ({stats.rows - stats.undated} dated articles)")
        axes.set_ylabel("articles")
        axes.set_ylim(bottom=0)
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        axes.grid(alpha=0.3)
        figure.tight_layout()
        figure.savefig(path, format="png")
    finally:
        plt.close(figure)


def _calendar(days: set[date]) -> list[date]:
    """Every day from the first to the last of ``days``: days without articles count 0."""
    if not days:
        return []
    first, last = min(days), max(days)
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]
