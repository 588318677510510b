"""The chart of a dataset: articles per day, week or month, stacked by outlet."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

if TYPE_CHECKING:
    from pathlib import Path

    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.typing import ColorType as Colour

    from newscrawl.export.stats import DatasetStats

# tab10 without its grey, which stands for "other": nine colours no two outlets share.
_COLOURS = [matplotlib.colormaps["tab10"](n) for n in (0, 1, 2, 3, 4, 5, 6, 8, 9)]
_OTHER_COLOUR = matplotlib.colormaps["tab10"](7)
TOP_OUTLETS = len(_COLOURS) - 1
DAILY_UP_TO = 62
WEEKLY_UP_TO = 731


@dataclass(frozen=True)
class Bins:
    """How publication days are grouped: ``unit`` is day, week or month."""

    unit: str
    starts: list[date]
    first: date
    last: date

    @classmethod
    def spanning(cls, first: date, last: date) -> Bins:
        """Daily up to two months, weekly (from Mondays) up to two years, monthly beyond."""
        span = (last - first).days + 1
        if span <= DAILY_UP_TO:
            return cls("day", [first + timedelta(days=n) for n in range(span)], first, last)
        if span <= WEEKLY_UP_TO:
            monday = first - timedelta(days=first.weekday())
            weeks = (last - monday).days // 7 + 1
            return cls("week", [monday + timedelta(weeks=n) for n in range(weeks)], first, last)
        months = (last.year - first.year) * 12 + last.month - first.month + 1
        starts = [_add_months(first.replace(day=1), n) for n in range(months)]
        return cls("month", starts, first, last)

    def start_of(self, day: date) -> date:
        """The first day of the bin holding ``day``."""
        if self.unit == "week":
            return day - timedelta(days=day.weekday())
        if self.unit == "month":
            return day.replace(day=1)
        return day

    def width(self, start: date) -> int:
        """Days in the bin starting on ``start``."""
        if self.unit == "month":
            return (_add_months(start, 1) - start).days
        return 7 if self.unit == "week" else 1

    def partial(self, start: date) -> bool:
        """Whether the data cover only part of the bin starting on ``start`` (at either end)."""
        end = start + timedelta(days=self.width(start) - 1)
        return start < self.first or end > self.last


def _add_months(day: date, months: int) -> date:
    year, month = divmod(day.month - 1 + months, 12)
    return day.replace(year=day.year + year, month=month + 1)


def series(stats: DatasetStats) -> list[tuple[str, Counter[str], Colour]]:
    """``(label, articles per day, colour)`` of the largest outlets, largest first, and of
    the rest together as "other" when there are more outlets than colours."""
    per_outlet: dict[str, Counter[str]] = {}
    for (outlet, day), count in stats.by_outlet_day.items():
        per_outlet.setdefault(outlet, Counter())[day] += count
    ranked = sorted(per_outlet, key=lambda outlet: (-per_outlet[outlet].total(), outlet))
    shown = ranked if len(ranked) <= len(_COLOURS) else ranked[:TOP_OUTLETS]
    lines = [(outlet, per_outlet[outlet], colour)
             for outlet, colour in zip(shown, _COLOURS, strict=False)]
    if len(shown) < len(ranked):
        other: Counter[str] = Counter()
        for outlet in ranked[TOP_OUTLETS:]:
            other.update(per_outlet[outlet])
        lines.append((f"other ({len(ranked) - TOP_OUTLETS} outlets)", other, _OTHER_COLOUR))
    return lines


def articles_per_day(stats: DatasetStats, path: Path) -> None:
    """Write the chart of ``stats`` (:func:`draw`) to the PNG ``path``."""
    figure = draw(stats)
    try:
        figure.savefig(path, format="png")
    finally:
        plt.close(figure)


def draw(stats: DatasetStats) -> Figure:
    """Articles per publication day, week or month (by the span), stacked by outlet."""
    figure, axes = plt.subplots(figsize=(10, 5.6), dpi=100, layout="constrained")
    days = [date.fromisoformat(day) for _, day in stats.by_outlet_day]
    undated = f"; {stats.undated} undated not shown" if stats.undated else ""
    if days:
        bins = Bins.spanning(min(days), max(days))
        _draw(axes, figure, bins, series(stats))
        span = (bins.first.isoformat() if bins.first == bins.last
                else f"{bins.first.isoformat()} to {bins.last.isoformat()}")
        axes.set_title(f"Articles per {bins.unit} by outlet "
                       f"({stats.rows - stats.undated:,} dated, {span}{undated})")
        axes.set_ylabel(f"articles per {bins.unit}")
    else:
        axes.text(0.5, 0.5, "no dated articles", ha="center", va="center",
                  transform=axes.transAxes)
        axes.set_title(f"Articles by publication date (no dated articles{undated})")
    axes.set_xlabel("publication date in each outlet's local time (the UTC offset its page gives)")
    axes.set_ylim(bottom=0)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.grid(axis="y", alpha=0.3)
    return figure


def _draw(axes: Axes, figure: Figure, bins: Bins,
          lines: list[tuple[str, Counter[str], Colour]]) -> None:
    """Stacked bars, one bin each, the largest outlet at the bottom; the legend below."""
    width = [bins.width(start) * 0.85 for start in bins.starts]
    bottom = [0] * len(bins.starts)
    position = {start: n for n, start in enumerate(bins.starts)}
    handles: list[Patch] = []
    for label, per_day, colour in lines:
        heights = [0] * len(bins.starts)
        for day, count in per_day.items():
            heights[position[bins.start_of(date.fromisoformat(day))]] += count
        bars = axes.bar(bins.starts, heights, width=width, bottom=bottom, align="edge",
                        color=colour, linewidth=0)
        handles.append(Patch(facecolor=colour, label=f"{label} ({sum(heights):,})"))
        for start, bar in zip(bins.starts, bars, strict=True):
            if bins.partial(start):
                bar.set(alpha=0.5, hatch="////", edgecolor="white")
        bottom = [below + height for below, height in zip(bottom, heights, strict=True)]
    first, last = bins.starts[0], bins.starts[-1] + timedelta(days=bins.width(bins.starts[-1]))
    pad = max(timedelta(days=1), (last - first) / 50)
    axes.set_xlim(first - pad, last + pad)
    locator = mdates.AutoDateLocator(minticks=3, maxticks=10)
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    if any(map(bins.partial, bins.starts)):
        handles.append(Patch(facecolor="lightgrey", edgecolor="white", hatch="////",
                             label=f"partial {bins.unit}: the data cover part of it"))
    figure.legend(handles=handles, loc="outside lower center", ncol=min(len(handles), 3),
                  title="outlet (articles)", frameon=False, fontsize="small")
