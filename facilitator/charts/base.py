"""What every history chart shares: the Okabe–Ito palette, presenter scaling, label thinning,
the exact values of a sprint for hover or click, and export to PNG or SVG."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.layout_engine import LayoutEngine
from matplotlib.text import Text

from facilitator import give_way
from facilitator.errors import InputError

# Okabe–Ito, with UI.md's meanings: forecast blue, completed green, added orange, SLA red dashed.
BLUE = "#0072B2"
GREEN = "#009E73"
ORANGE = "#E69F00"
RED = "#D55E00"
SKY = "#56B4E9"
PURPLE = "#CC79A7"
YELLOW = "#F0E442"
GREY = "#999999"
MAX_TICK_LABELS = 12
EXPORT_FORMATS = ("png", "svg")
AXES_SHARE = 0.4  # of a chart's height, at least, for its data (the rest: legends and labels)
MIN_FIT_SCALE = 0.8  # a chart's type never shrinks below this to fit its pane


@dataclass
class Chart:
    """A drawn figure with the numbers behind it, one value per sprint and series.

    Attributes:
        key: which chart (``forecast``, ``throughput``, ``waits``, ``delivery``,
            ``experiments``, ``timeboxes``).
        title: its heading.
        figure: the matplotlib figure (no pyplot, no Qt).
        labels: the sprints' names, oldest first.
        series: per series name, the value of each sprint (None where there is none).
        units: per series name, the unit its values are in (``pts``, ``%``, ``h`` …).
        describe: words for a sprint, where the series alone do not say enough.
    """

    key: str
    title: str
    figure: Figure
    labels: list[str]
    series: dict[str, Sequence[float | None]] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)
    describe: Callable[[int], str] | None = None  # words for a sprint instead of the series

    def index_at(self, x: float | None) -> int | None:
        """The sprint under data coordinate ``x``, or None off the chart."""
        if x is None or not self.labels:
            return None
        index = round(x)
        return index if 0 <= index < len(self.labels) else None

    def values_text(self, index: int) -> str:
        """``Sprint 4 · forecast 21 pts · completed 18 pts · predictability 86 %``."""
        if self.describe is not None:
            return self.describe(index)
        parts = [self.labels[index]]
        for name, values in self.series.items():
            value = values[index]
            unit = self.units.get(name, "")
            if value is None:
                parts.append(f"{name} –")
            else:
                space = " " if unit else ""  # "86 %", as every other percentage
                parts.append(f"{name} {value:g}{space}{unit}")
        return " · ".join(parts)

    def save(self, path: Path) -> Path:
        """Write the chart as PNG or SVG (by the file's suffix).

        Raises:
            InputError: the suffix is neither ``.png`` nor ``.svg``.
        """
        kind = path.suffix.lower().lstrip(".")
        if kind not in EXPORT_FORMATS:
            raise InputError(f"{path.name}: export a chart as .png or .svg, not {path.suffix!r}")
        margins = self.figure.get_layout_engine()
        hidden = margins if isinstance(margins, Margins) and not margins.titled else None
        if hidden is not None:  # a file carries its title (on screen, the chart picker names it)
            hidden.show_title(True)
        try:
            self.figure.savefig(path, format=kind, dpi=150)
        finally:
            if hidden is not None:  # the screen's margins again, as its pixels were drawn
                hidden.show_title(False)
                hidden.execute(self.figure)
        return path


def new_figure(rows: int, scale: float) -> tuple[Figure, list[Axes]]:
    """A figure of ``rows`` stacked axes sharing x, sized and lettered for ``scale``."""
    # Each helper here is a step of a chart's building that gives way to the user (in a worker
    # thread: see facilitator.give_way). A chart begun on view is built untraced, and the user
    # who left it at once shared the interpreter with the whole build (20–170 ms).
    give_way.checkpoint()
    figure = Figure(figsize=(9 * min(scale, 1.6), (2.6 + 1.6 * rows) * min(scale, 1.6)))
    axes = figure.subplots(rows, 1, sharex=True, squeeze=False)
    give_way.checkpoint()
    return figure, [row[0] for row in axes]


def style(ax: Axes, ylabel: str, scale: float) -> None:
    """Axis label with its unit, font sizes from ``scale``, a light grid under the data."""
    give_way.checkpoint()
    size = 10 * scale
    ax.set_ylabel(ylabel, fontsize=size)
    ax.tick_params(labelsize=size * 0.9)
    ax.grid(axis="y", alpha=0.3)
    ax.set_axisbelow(True)


def legend_above(ax: Axes, scale: float, handles: Sequence[Artist] | None = None) -> None:
    """The legend in one row above the axes, never over the data."""
    give_way.checkpoint()
    kwargs: dict[str, object] = {"handles": list(handles)} if handles is not None else {}
    ax.legend(
        loc="lower left",
        bbox_to_anchor=(0, 1.0),
        ncols=4,
        frameon=False,
        fontsize=9 * scale,
        **kwargs,
    )


def counts_axis(ax: Axes) -> None:
    """A count axis from 0, at least 0–1 tall (an all-zero series would centre on 0)."""
    ax.set_ylim(0, max(1.0, ax.get_ylim()[1]))


def thin_ticks(ax: Axes, labels: Sequence[str], scale: float) -> None:
    """Sprint names under the x axis, at most :data:`MAX_TICK_LABELS` of them (the last kept)."""
    count = len(labels)
    if count == 0:
        ax.set_xticks([])
        return
    step = max(1, math.ceil(count / MAX_TICK_LABELS))
    ticks = list(range(count - 1, -1, -step))[::-1]
    give_way.checkpoint()
    ax.set_xticks(ticks)
    ax.set_xticklabels(
        [short(labels[i]) for i in ticks],
        rotation=30,
        ha="right",
        fontsize=9 * scale,
        parse_math=False,  # a sprint name is plain text: "$5k" is not mathtext
    )
    ax.set_xlim(-0.6, count - 0.4)
    ax.set_xlabel("Sprint", fontsize=10 * scale)


def finish(
    figure: Figure,
    title: str,
    scale: float,
    labels: Sequence[str],
    *,
    rows: int = 1,
    right_axis: bool = False,
    left_chars: int = 4,
) -> None:
    """Title the figure and give it margins that hold the labels at ``scale``, worked out again
    at every draw for the size the figure has then (:class:`Margins`).

    Args:
        figure: the chart.
        title: its heading.
        scale: the type scale the chart was drawn at.
        labels: the sprint names (their longest sets the room under the x axis).
        rows: stacked axes, each with a legend row above it.
        right_axis: whether a second y axis is labelled on the right.
        left_chars: the widest y tick label, in characters.
    """
    give_way.checkpoint()
    heading = figure.suptitle(title, fontsize=13 * scale)
    longest = max((len(short(n)) for n in labels), default=0)
    margins = Margins(heading, scale, longest, rows, right_axis, left_chars)
    figure.set_layout_engine(margins)
    margins.execute(figure)


class Margins(LayoutEngine):
    """Room for the title, the legend rows, the tick labels and the axis labels, in points
    from the font sizes and the longest sprint name, as fractions of the figure's size at each
    draw: a chart is built at its own size, then drawn at the size of the widget or the file
    (margins worked out once, for the build's size, let a short chart's legend run into its
    title). Cheaper than matplotlib's constrained layout, which measures every label on every
    draw and took longer than the whole chart budget at 200 sprints.
    """

    _adjust_compatible = True
    _colorbar_gridspec = False

    def __init__(
        self,
        heading: Text,
        scale: float,
        longest: int,
        rows: int,
        right_axis: bool,
        left_chars: int,
    ) -> None:
        """Margins for the figure's ``heading``, type at ``scale`` and a longest sprint name of
        ``longest`` characters."""
        super().__init__()
        self.heading = heading
        self._params = {
            "titled": True,
            "scale": scale,
            "longest": longest,
            "rows": rows,
            "right_axis": right_axis,
            "left_chars": left_chars,
        }

    def set(self, **kwargs: float) -> None:
        """Change what the margins are worked out from (the keys of :meth:`get`)."""
        unknown = set(kwargs) - set(self._params)
        if unknown:
            raise TypeError(f"Margins has no parameter {', '.join(sorted(unknown))}")
        self._params.update(kwargs)

    @property
    def titled(self) -> bool:
        """Whether the heading is shown (and room kept for it)."""
        return bool(self._params["titled"])

    def show_title(self, shown: bool) -> None:
        """Show the heading, or hide it and give its room to the axes (on screen, where the
        chart picker above names the chart and a short pane needs every point)."""
        self.heading.set_visible(shown)
        self._params["titled"] = shown

    def _room(self, scale: float) -> tuple[float, float, float]:
        """Points above the axes, below them and between two rows, for type at ``scale``."""
        tick, label = 9 * scale, 10 * scale
        bottom = int(self._params["longest"]) * tick * 0.62 * 0.5 + tick * 1.2 + label * 1.8 + 8
        legend = tick * 2.2 + 6
        top = (13 * scale * 1.8 if self.titled else 4) + legend
        return top, bottom, legend + 8

    def fitting_scale(self, fig: Figure, axes_share: float = AXES_SHARE) -> float:
        """The largest type scale, at most the chart's, whose margins leave the axes
        ``axes_share`` of the figure's height (a presenter chart in a short pane)."""
        rows = int(self._params["rows"])
        height = float(fig.get_size_inches()[1]) * 72

        def need(scale: float) -> float:
            top, bottom, gap = self._room(scale)
            return top + bottom + gap * (rows - 1)

        per_scale = need(1.0) - need(0.0)  # the margins grow in step with the type
        fitted = (height * (1 - axes_share) - need(0.0)) / per_scale
        return max(MIN_FIT_SCALE, min(float(self._params["scale"]), fitted))

    def execute(self, fig: Figure) -> None:
        """Set the figure's subplot margins for its present size."""
        scale, rows = float(self._params["scale"]), int(self._params["rows"])
        left_chars = int(self._params["left_chars"])
        width, height = (v * 72 for v in fig.get_size_inches())  # points
        tick, label = 9 * scale, 10 * scale
        side = label * 1.6 + tick * 0.62 * left_chars + 10
        right = label * 1.6 + tick * 0.62 * 4 + 10 if self._params["right_axis"] else 14
        top, bottom, gap = self._room(scale)
        axes_height = max(1.0, (height - top - bottom - gap * (rows - 1)) / rows)
        fig.subplots_adjust(
            left=min(0.4, side / width),
            right=max(0.6, 1 - right / width),
            bottom=min(0.45, bottom / height),
            top=max(0.55, 1 - top / height),
            hspace=gap / axes_height,
        )


MAX_LABEL = 24


def short(name: str) -> str:
    """A sprint name for a tick label, elided past :data:`MAX_LABEL` characters."""
    return name if len(name) <= MAX_LABEL else name[: MAX_LABEL - 1] + "…"


def bars(
    ax: Axes,
    xs: Sequence[float],
    heights: Sequence[float],
    width: float,
    color: str,
    label: str = "",
    bottoms: Sequence[float] | None = None,
) -> PolyCollection:
    """Bars as ONE collection of rectangles (``Axes.bar`` makes a patch per bar, far too slow
    for 200 sprints); the axis is rescaled to hold them."""
    give_way.checkpoint()
    base = list(bottoms) if bottoms is not None else [0.0] * len(xs)
    half = width / 2
    verts = [
        [(x - half, b), (x - half, b + h), (x + half, b + h), (x + half, b)]
        for x, h, b in zip(xs, heights, base, strict=True)
    ]
    collection = PolyCollection(verts, facecolors=color, edgecolors="none", label=label)
    ax.add_collection(collection)
    if verts:
        corners = [(x - half, b) for x, b in zip(xs, base, strict=True)]
        corners += [(x + half, b + h) for x, h, b in zip(xs, heights, base, strict=True)]
        ax.update_datalim(corners)
    ax.autoscale_view()
    return collection


def values(items: Sequence[float | None]) -> list[float]:
    """``items`` with None drawn as 0 (bars) — the series keeps the None for the values text."""
    return [0.0 if v is None else v for v in items]


def gaps(items: Sequence[float | None]) -> list[float]:
    """``items`` with None as NaN, so a line breaks where there is no value."""
    return [math.nan if v is None else v for v in items]
