"""The chart stays readable from 1 outlet over 1 day to 50 outlets over 10 years."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import matplotlib.pyplot as plt
import pytest
from matplotlib.colors import to_hex

from newscrawl.export.chart import TOP_OUTLETS, Bins, articles_per_day, draw, series
from tests.export.corpora import corpus_stats

if TYPE_CHECKING:
    from pathlib import Path


@pytest.mark.parametrize(
    ("last", "unit", "bins"),
    [
        (date(2024, 1, 1), "day", 1),
        (date(2024, 3, 2), "day", 62),
        (date(2024, 3, 3), "week", 9),
        (date(2025, 12, 31), "week", 105),
        (date(2026, 1, 1), "month", 25),
        (date(2033, 12, 31), "month", 120),
    ],
)
def test_bins_follow_the_span(last: date, unit: str, bins: int) -> None:
    chosen = Bins.spanning(date(2024, 1, 1), last)
    assert (chosen.unit, len(chosen.starts)) == (unit, bins)
    assert chosen.start_of(last) == chosen.starts[-1]
    if unit == "week":
        assert all(start.weekday() == 0 for start in chosen.starts)


def test_partial_bins_at_either_end() -> None:
    weeks = Bins.spanning(date(2024, 1, 3), date(2024, 6, 1))
    assert weeks.partial(weeks.starts[0])
    assert weeks.partial(weeks.starts[-1])
    assert not any(map(weeks.partial, weeks.starts[1:-1]))
    months = Bins.spanning(date(2024, 1, 1), date(2026, 12, 31))
    assert not any(map(months.partial, months.starts))


def test_the_largest_outlets_and_the_rest_as_other() -> None:
    stats = corpus_stats(21, 30)
    lines = series(stats)
    assert len(lines) == TOP_OUTLETS + 1
    assert [label for label, _, _ in lines[:3]] == ["outlet00", "outlet01", "outlet02"]
    assert lines[-1][0] == "other (13 outlets)"
    assert sum(counts.total() for _, counts, _ in lines) == stats.rows - stats.undated
    assert len({to_hex(colour) for _, _, colour in lines}) == len(lines)
    nine = series(corpus_stats(9, 30))
    assert [label for label, _, _ in nine] == [f"outlet{n:02d}" for n in range(9)]
    assert len({to_hex(colour) for _, _, colour in nine}) == 9


@pytest.mark.parametrize(
    ("outlets", "days", "unit"),
    [(1, 1, "day"), (3, 14, "day"), (21, 365, "week"), (50, 3653, "month")],
)
def test_legend_and_labels_fit_in_the_image(outlets: int, days: int, unit: str) -> None:
    figure = draw(corpus_stats(outlets, days))
    try:
        figure.canvas.draw()
        renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
        bounds = figure.bbox
        legend = figure.legends[0]
        entries = [text.get_text() for text in legend.get_texts()]
        assert len(entries) <= TOP_OUTLETS + 2
        axes = figure.axes[0]
        for artist in (legend, axes.title, axes.xaxis.label, axes.yaxis.label):
            box = artist.get_window_extent(renderer)
            assert box.x0 >= 0
            assert box.y0 >= 0
            assert box.x1 <= bounds.x1
            assert box.y1 <= bounds.y1
        assert axes.get_title().startswith(f"Articles per {unit} by outlet (")
        assert axes.get_ylabel() == f"articles per {unit}"
        assert "each outlet's local time" in axes.get_xlabel()
    finally:
        plt.close(figure)


def test_a_png_is_written(tmp_path: Path) -> None:
    articles_per_day(corpus_stats(3, 14), tmp_path / "chart.png")
    assert (tmp_path / "chart.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
