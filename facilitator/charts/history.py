"""History's charts, from sprint metrics to figures: forecast vs actual, throughput, blocker and
decision waits against their SLA, deployments and defects, experiments, timebox adherence."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from facilitator import give_way
from facilitator.charts.base import (
    BLUE,
    GREEN,
    GREY,
    ORANGE,
    PURPLE,
    RED,
    SKY,
    YELLOW,
    Chart,
    Margins,
    bars,
    counts_axis,
    finish,
    gaps,
    legend_above,
    new_figure,
    style,
    thin_ticks,
    values,
)
from facilitator.domain.experiment import Outcome
from facilitator.domain.metrics import (
    DECISION_SLA_HOURS,
    SprintMetrics,
    rolling_median,
)

OUTCOME_COLOURS = {
    Outcome.WORKED: GREEN,
    Outcome.DID_NOT_WORK: RED,
    Outcome.INCONCLUSIVE: YELLOW,
    Outcome.PENDING: GREY,
}
BAR = 0.38
# The Agg renderer's calls that hold the interpreter longest (each a C++ call): a chart's
# rendering gives way before each of them.
RENDERER_CALLS = (
    "draw_path",
    "draw_markers",
    "draw_path_collection",
    "draw_text",
    "draw_image",
    "get_text_width_height_descent",
)


def _percent(share: float | None) -> float | None:
    return None if share is None else round(share * 100, 1)


def forecast_vs_actual(metrics: Sequence[SprintMetrics], scale: float = 1.0) -> Chart:
    """Grouped bars of forecast and completed points (top) and stories (bottom), with the
    predictability line (0–100 %) over the points."""
    labels = [m.name for m in metrics]
    xs = list(range(len(metrics)))
    figure, (points, stories) = new_figure(2, scale)
    forecast_pts = [m.forecast_points for m in metrics]
    done_pts = [m.completed_points for m in metrics]
    bars(points, [x - BAR / 2 for x in xs], forecast_pts, BAR, BLUE, "Forecast")
    bars(points, [x + BAR / 2 for x in xs], done_pts, BAR, GREEN, "Completed")
    style(points, "Points", scale)
    counts_axis(points)
    share = [_percent(m.predictability) for m in metrics]
    line = points.twinx()
    marker = "o" if len(metrics) <= 40 else None  # 200 markers would hide the line
    line.plot(xs, gaps(share), color="black", marker=marker, linewidth=1.5, label="Predictability")
    line.set_ylim(0, 105)
    line.set_ylabel("Predictability (%)", fontsize=10 * scale)
    line.tick_params(labelsize=9 * scale)
    handles = points.get_legend_handles_labels()[0] + line.get_legend_handles_labels()[0]
    legend_above(points, scale, handles)
    bars(stories, [x - BAR / 2 for x in xs], [m.forecast_stories for m in metrics], BAR, BLUE)
    bars(stories, [x + BAR / 2 for x in xs], [m.completed_stories for m in metrics], BAR, GREEN)
    style(stories, "Stories", scale)
    counts_axis(stories)
    thin_ticks(stories, labels, scale)
    finish(figure, "Forecast vs actual", scale, labels, rows=2, right_axis=True)
    return Chart(
        "forecast",
        "Forecast vs actual",
        figure,
        labels,
        {
            "forecast": [float(v) for v in forecast_pts],
            "completed": [float(v) for v in done_pts],
            "forecast stories": [float(m.forecast_stories) for m in metrics],
            "completed stories": [float(m.completed_stories) for m in metrics],
            "predictability": share,
        },
        {"forecast": "pts", "completed": "pts", "predictability": "%"},
    )


def throughput(metrics: Sequence[SprintMetrics], scale: float = 1.0, window: int = 3) -> Chart:
    """Stories Done per sprint (bars) with the rolling median of ``window`` sprints (line)."""
    labels = [m.name for m in metrics]
    xs = list(range(len(metrics)))
    done = [float(m.throughput) for m in metrics]
    added = [float(m.added_stories) for m in metrics]
    rolled = rolling_median(done, window)
    figure, (ax,) = new_figure(1, scale)
    bars(ax, xs, done, 0.7, GREEN, "Stories Done")
    ax.plot(xs, added, color=ORANGE, marker="s", linewidth=0, label="Added mid-sprint")
    ax.plot(xs, gaps(rolled), color=BLUE, linewidth=2, label=f"Rolling median ({window})")
    style(ax, "Stories", scale)
    counts_axis(ax)
    legend_above(ax, scale)
    thin_ticks(ax, labels, scale)
    finish(figure, "Throughput", scale, labels)
    return Chart(
        "throughput",
        "Throughput",
        figure,
        labels,
        {"done": done, "rolling median": rolled, "added": added},
        {"done": "stories", "rolling median": "stories", "added": "stories"},
    )


def waits(metrics: Sequence[SprintMetrics], blocker_sla_hours: float, scale: float = 1.0) -> Chart:
    """Median hours to resolve a blocker (top) and decision-cycle hours (bottom) per sprint,
    each with its SLA as a red dashed line."""
    labels = [m.name for m in metrics]
    xs = list(range(len(metrics)))
    blockers = [m.blockers.median_hours for m in metrics]
    decisions = [m.decisions.median_hours for m in metrics]
    figure, (top, bottom) = new_figure(2, scale)
    bars(top, xs, values(blockers), 0.7, SKY, "Median time to resolve")
    top.axhline(blocker_sla_hours, color=RED, linestyle="--", label=f"SLA {blocker_sla_hours:g} h")
    style(top, "Blocker (h)", scale)
    counts_axis(top)
    legend_above(top, scale)
    bars(bottom, xs, values(decisions), 0.7, PURPLE, "Median decision cycle")
    bottom.axhline(
        DECISION_SLA_HOURS, color=RED, linestyle="--", label=f"SLA {DECISION_SLA_HOURS:g} h"
    )
    style(bottom, "Decision (h)", scale)
    counts_axis(bottom)
    legend_above(bottom, scale)
    thin_ticks(bottom, labels, scale)
    finish(figure, "Blockers and decisions", scale, labels, rows=2)
    return Chart(
        "waits",
        "Blockers and decisions",
        figure,
        labels,
        {
            "blocker median": blockers,
            "blockers over SLA": [float(m.blockers.over_sla) for m in metrics],
            "decision median": decisions,
            "decisions over 24 h": [float(m.decisions.over_sla) for m in metrics],
        },
        {"blocker median": "h", "decision median": "h"},
    )


def delivery(metrics: Sequence[SprintMetrics], scale: float = 1.0) -> Chart:
    """Deployments per sprint beside its defects (found in the sprint, escaped stacked on top)."""
    labels = [m.name for m in metrics]
    xs = list(range(len(metrics)))
    deployed = [float(m.deployments) for m in metrics]
    found = [float(m.defects_found) for m in metrics]
    escaped = [float(m.defects_escaped) for m in metrics]
    figure, (ax,) = new_figure(1, scale)
    bars(ax, [x - BAR / 2 for x in xs], deployed, BAR, BLUE, "Deployments")
    bars(ax, [x + BAR / 2 for x in xs], found, BAR, ORANGE, "Defects found")
    bars(ax, [x + BAR / 2 for x in xs], escaped, BAR, RED, "Escaped", found)
    style(ax, "Count", scale)
    counts_axis(ax)
    legend_above(ax, scale)
    thin_ticks(ax, labels, scale)
    finish(figure, "Deployments and defects", scale, labels)
    return Chart(
        "delivery",
        "Deployments and defects",
        figure,
        labels,
        {"deployments": deployed, "defects found": found, "escaped": escaped},
    )


def experiments(metrics: Sequence[SprintMetrics], scale: float = 1.0) -> Chart:
    """Each sprint's experiment as a dot on a timeline, coloured (and labelled) by outcome."""
    labels = [m.name for m in metrics]
    figure, (ax,) = new_figure(1, scale)
    order = list(Outcome)
    for outcome in order:
        xs = [
            i
            for i, m in enumerate(metrics)
            if m.experiment is not None and m.experiment.outcome is outcome
        ]
        ax.scatter(
            xs,
            [order.index(outcome)] * len(xs),
            s=80 * scale,
            color=OUTCOME_COLOURS[outcome],
            edgecolors="black",
            label=outcome.label,
        )
    ax.set_yticks(range(len(order)))
    ax.set_yticklabels([o.label for o in order], fontsize=9 * scale)
    ax.set_ylim(-0.6, len(order) - 0.4)
    style(ax, "Outcome", scale)
    thin_ticks(ax, labels, scale)
    finish(figure, "Experiments", scale, labels, left_chars=17)
    outcomes = [
        None if m.experiment is None else float(order.index(m.experiment.outcome)) for m in metrics
    ]
    return Chart(
        "experiments",
        "Experiments",
        figure,
        labels,
        {"outcome": outcomes},
        describe=_experiment_text(metrics),
    )


def _experiment_text(metrics: Sequence[SprintMetrics]) -> Callable[[int], str]:
    def text(index: int) -> str:
        m = metrics[index]
        if m.experiment is None:
            return f"{m.name} · no experiment"
        return f"{m.name} · {m.experiment.change} · {m.experiment.outcome.label}"

    return text


def timeboxes(metrics: Sequence[SprintMetrics], scale: float = 1.0) -> Chart:
    """Per ceremony, the share of the sprint's finished runs that kept their timebox (%)."""
    labels = [m.name for m in metrics]
    xs = list(range(len(metrics)))
    ceremonies = sorted({c for m in metrics for c in m.timeboxes})
    colours = [BLUE, GREEN, ORANGE, PURPLE, SKY, RED]
    figure, (ax,) = new_figure(1, scale)
    series: dict[str, Sequence[float | None]] = {}
    for n, ceremony in enumerate(ceremonies):
        shares = [
            _percent(m.timeboxes[ceremony].share) if ceremony in m.timeboxes else None
            for m in metrics
        ]
        series[ceremony] = shares
        ax.plot(xs, gaps(shares), marker="o", color=colours[n % len(colours)], label=ceremony)
    ax.set_ylim(0, 105)
    style(ax, "Within timebox (%)", scale)
    if ceremonies:
        legend_above(ax, scale)
    thin_ticks(ax, labels, scale)
    finish(figure, "Timebox adherence", scale, labels)
    return Chart(
        "timeboxes",
        "Timebox adherence",
        figure,
        labels,
        series,
        dict.fromkeys(series, "%"),
    )


CHART_TITLES = {
    "forecast": "Forecast vs actual",
    "throughput": "Throughput",
    "waits": "Blockers and decisions",
    "delivery": "Deployments and defects",
    "experiments": "Experiments",
    "timeboxes": "Timebox adherence",
}


def build(
    key: str, metrics: Sequence[SprintMetrics], blocker_sla_hours: float, scale: float = 1.0
) -> Chart:
    """The chart called ``key`` (one of :data:`CHART_TITLES`) over ``metrics``.

    Raises:
        ValueError: ``key`` names no chart (a programming error).
    """
    if key == "forecast":
        return forecast_vs_actual(metrics, scale)
    if key == "throughput":
        return throughput(metrics, scale)
    if key == "waits":
        return waits(metrics, blocker_sla_hours, scale)
    if key == "delivery":
        return delivery(metrics, scale)
    if key == "experiments":
        return experiments(metrics, scale)
    if key == "timeboxes":
        return timeboxes(metrics, scale)
    raise ValueError(f"no chart called {key!r}")


def _fitted(chart: Chart, size: tuple[int, int], rebuild: Callable[[float], Chart]) -> Chart:
    """``chart`` sized to ``size`` pixels for the screen: untitled (the chart picker above
    names it), and built again in smaller type when its margins would leave its data less than
    :data:`~facilitator.charts.base.AXES_SHARE` of the height (presenter type in a short pane:
    at 1280×720 the rows' axes were squeezed to nothing)."""
    for attempt in (0, 1):
        dpi = chart.figure.dpi
        chart.figure.set_size_inches(size[0] / dpi, size[1] / dpi, forward=False)
        margins = chart.figure.get_layout_engine()
        if not isinstance(margins, Margins):
            return chart
        margins.show_title(False)
        fit = margins.fitting_scale(chart.figure)
        if attempt or fit >= margins.get()["scale"] * 0.95:
            return chart
        give_way.checkpoint()
        chart = rebuild(fit)
    return chart


def drawn(
    key: str,
    metrics: Sequence[SprintMetrics],
    blocker_sla_hours: float,
    scale: float,
    size: tuple[int, int] | None,
) -> tuple[Chart, Any]:
    """The chart called ``key``, sized to ``size`` pixels (at the figure's dpi; None: its own
    size) and rendered once with Agg: the chart and the Agg canvas holding its pixels.

    Uses matplotlib only (no pyplot, no Qt), so it may run in a worker thread as long as nothing
    else touches the new figure meanwhile (fonts are cached per thread by matplotlib).
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    with give_way.stepwise():  # in a worker: waits while the user acts (a no-op elsewhere)
        chart = build(key, metrics, blocker_sla_hours, scale)
        if size is not None and size[0] > 0 and size[1] > 0:
            # Between the steps too: a chart begun on view runs untraced (see stepwise), and
            # the user may leave it meanwhile; it then waits here while they act elsewhere.
            give_way.checkpoint()
            chart = _fitted(chart, size, lambda fit: build(key, metrics, blocker_sla_hours, fit))
        canvas = FigureCanvasAgg(chart.figure)
        # draw() renders with the renderer made here (the same size and dpi): its drawing
        # and text-measuring calls give way too, so that the rendering, one long call begun
        # untraced, stops within a call or two of the user leaving the chart.
        with give_way.between_calls(canvas.get_renderer(), RENDERER_CALLS):  # type: ignore[no-untyped-call]
            give_way.checkpoint()
            canvas.draw()  # type: ignore[no-untyped-call]
    return chart, canvas
