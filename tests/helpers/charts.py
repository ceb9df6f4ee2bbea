"""What a chart drew: the bars of an axes (one collection of rectangles per series)."""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection


def bar_series(ax: Axes) -> list[PolyCollection]:
    """The axes' bar series, in drawing order."""
    return [c for c in ax.collections if isinstance(c, PolyCollection)]


def heights(series: PolyCollection) -> list[float]:
    """Each bar's height, left to right as drawn."""
    return [float(p.vertices[:, 1].max() - p.vertices[:, 1].min()) for p in series.get_paths()]


def bottoms(series: PolyCollection) -> list[float]:
    """Each bar's bottom."""
    return [float(p.vertices[:, 1].min()) for p in series.get_paths()]


def bar_heights(ax: Axes) -> list[list[float]]:
    """Per series, each bar's height."""
    return [heights(s) for s in bar_series(ax)]
