"""History's charts draw the numbers they are given: bar heights, tick labels, the SLA line."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
from pathlib import Path

import matplotlib
import pytest
from matplotlib.axes import Axes

from facilitator.charts.base import BLUE, GREEN, MAX_TICK_LABELS, RED, Margins
from facilitator.charts.history import (
    CHART_TITLES,
    build,
    delivery,
    experiments,
    forecast_vs_actual,
    throughput,
    timeboxes,
    waits,
)
from facilitator.domain.delivery import Defect, DefectKind, Deployment
from facilitator.domain.experiment import Evaluation, Experiment, Outcome
from facilitator.domain.ids import MemberId
from facilitator.domain.metrics import (
    SprintFacts,
    SprintMetrics,
    TimeboxRun,
    Waited,
    sprint_metrics,
)
from facilitator.domain.signed import Signed
from facilitator.errors import InputError
from tests.helpers.charts import bar_heights, bar_series, bottoms, heights

AT = dt.datetime(2026, 3, 5, 10, tzinfo=dt.UTC)


def sprint(n: int, **kw: object) -> SprintMetrics:
    start = dt.date(2026, 1, 5) + dt.timedelta(days=14 * n)
    base: dict[str, object] = {
        "name": f"Sprint {n + 1}",
        "start": start,
        "end": start + dt.timedelta(days=11),
        "state": "closed",
    }
    base.update(kw)
    return sprint_metrics(SprintFacts(**base), 24)  # type: ignore[arg-type]


THREE = [
    sprint(0, forecast_points=20.0, forecast_stories=4, completed_points=15.0, completed_stories=3),
    sprint(
        1,
        forecast_points=10.0,
        forecast_stories=2,
        completed_points=10.0,
        completed_stories=2,
        added_stories=1,
        added_done_stories=1,
    ),
    sprint(2, added_stories=2, added_done_stories=1),  # nothing forecast
]


def bars(ax: Axes) -> list[list[float]]:
    return bar_heights(ax)


def test_charts_need_neither_pyplot_nor_qt() -> None:
    code = (
        "import io, sys\n"
        "from facilitator.charts.history import throughput\n"
        "buf = io.BytesIO()\n"
        "throughput([]).figure.savefig(buf, format='png')\n"
        "print(sorted(m for m in sys.modules if m in ('matplotlib.pyplot', 'PySide6')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_forecast_vs_actual_bars_and_predictability_line() -> None:
    chart = forecast_vs_actual(THREE)
    points, stories, line = chart.figure.axes[0], chart.figure.axes[1], chart.figure.axes[2]
    assert bars(points) == [[20.0, 10.0, 0.0], [15.0, 10.0, 0.0]]
    assert [tuple(c.get_facecolor()[0][:3]) for c in bar_series(points)] == [
        matplotlib.colors.to_rgb(BLUE),
        matplotlib.colors.to_rgb(GREEN),
    ]
    assert bars(stories) == [[4, 2, 0], [3, 2, 0]]
    ys = list(line.lines[0].get_ydata())
    assert ys[:2] == [75.0, 100.0]
    assert ys[2] != ys[2]  # NaN: no forecast, no point
    assert [t.get_text() for t in stories.get_xticklabels()] == ["Sprint 1", "Sprint 2", "Sprint 3"]
    assert points.get_ylabel() == "Points"
    assert line.get_ylabel() == "Predictability (%)"
    assert chart.values_text(0) == (
        "Sprint 1 · forecast 20 pts · completed 15 pts · forecast stories 4 · "
        "completed stories 3 · predictability 75 %"
    )
    assert chart.values_text(2).endswith("predictability –")


def test_one_sprint_and_two_hundred() -> None:
    one = forecast_vs_actual(THREE[:1])
    assert [t.get_text() for t in one.figure.axes[1].get_xticklabels()] == ["Sprint 1"]
    many = [
        sprint(n, forecast_points=float(n % 9), completed_points=float(n % 7 % (n % 9 + 1)))
        for n in range(200)
    ]
    chart = forecast_vs_actual(many)
    labels = [t.get_text() for t in chart.figure.axes[1].get_xticklabels()]
    assert len(labels) <= MAX_TICK_LABELS
    assert labels[-1] == "Sprint 200"  # the latest sprint is always named
    assert len(bars(chart.figure.axes[0])[0]) == 200
    assert chart.index_at(199.2) == 199
    assert chart.index_at(250) is None
    assert chart.index_at(None) is None


def test_no_sprint_at_all_draws_an_empty_chart() -> None:
    for key in CHART_TITLES:
        chart = build(key, [], 24)
        assert chart.labels == []
        chart.figure.savefig(io.BytesIO(), format="png")


def test_throughput_with_rolling_median() -> None:
    ms = [sprint(n, completed_stories=c) for n, c in enumerate([4, 8, 6, 1])]
    chart = throughput(ms)
    ax = chart.figure.axes[0]
    assert bars(ax) == [[4.0, 8.0, 6.0, 1.0]]
    rolled = list(ax.lines[1].get_ydata())
    assert rolled[2:] == [6.0, 6.0]
    assert ax.get_ylabel() == "Stories"


def test_waits_draw_the_sla_lines_where_the_sla_is() -> None:
    ms = [
        sprint(
            0,
            blockers=(Waited(2, True), Waited(30, True), Waited(5, True)),
            decisions=(Waited(10, True), Waited(30, True)),
            decisions_made=2,
        ),
        sprint(1),
    ]
    chart = waits(ms, blocker_sla_hours=48)
    top, bottom = chart.figure.axes
    assert bars(top) == [[5.0, 0.0]]
    assert bars(bottom) == [[20.0, 0.0]]
    (sla,) = top.lines
    assert list(sla.get_ydata()) == [48, 48]
    assert sla.get_linestyle() == "--"
    assert matplotlib.colors.to_rgb(sla.get_color()) == matplotlib.colors.to_rgb(RED)
    assert list(bottom.lines[0].get_ydata()) == [24.0, 24.0]
    assert "blocker median –" in chart.values_text(1)


def test_deployments_and_defects_stack_escaped_on_found() -> None:
    ms = [
        sprint(
            0,
            deployments=(Deployment(AT, "v1"), Deployment(AT, "v2")),
            defects=(
                Defect(DefectKind.FOUND_IN_SPRINT, "a"),
                Defect(DefectKind.ESCAPED, "b"),
                Defect(DefectKind.FOUND_IN_SPRINT, "c"),
            ),
        ),
    ]
    ax = delivery(ms).figure.axes[0]
    deployed, found, escaped = bar_series(ax)
    assert heights(deployed) == [2.0]
    assert heights(found) == [2.0]
    assert (bottoms(escaped), heights(escaped)) == ([2.0], [1.0])


def test_experiments_are_coloured_by_outcome() -> None:
    signed = Signed(MemberId(1), "Ana", AT)
    worked = Experiment(
        "Pair on reviews",
        MemberId(1),
        "Ana",
        "reviews < 4 h",
        None,
        Evaluation(Outcome.WORKED, "3 h", signed),
    )
    pending = Experiment("Async standup", MemberId(1), "Ana", "under 10 min")
    chart = experiments([sprint(0, experiment=worked), sprint(1), sprint(2, experiment=pending)])
    ax = chart.figure.axes[0]
    offsets = {c.get_label(): [tuple(o) for o in c.get_offsets()] for c in ax.collections}
    assert offsets["worked"] == [(0.0, 0.0)]
    assert offsets["not evaluated yet"] == [(2.0, 3.0)]
    assert offsets["did not work"] == []
    assert chart.values_text(0) == "Sprint 1 · Pair on reviews · worked"
    assert chart.values_text(1) == "Sprint 2 · no experiment"


def test_timebox_adherence_per_ceremony() -> None:
    ms = [
        sprint(
            0,
            timeboxes=(TimeboxRun("planning", 0), TimeboxRun("retro", 60), TimeboxRun("retro", 0)),
        ),
        sprint(1, timeboxes=(TimeboxRun("planning", 30),)),
    ]
    chart = timeboxes(ms)
    ax = chart.figure.axes[0]
    lines = {ln.get_label(): list(ln.get_ydata()) for ln in ax.lines}
    assert lines["planning"] == [100.0, 0.0]
    assert lines["retro"][0] == 50.0
    assert ax.get_ylabel() == "Within timebox (%)"


def test_presenter_scale_enlarges_the_type() -> None:
    small = forecast_vs_actual(THREE, scale=1.0).figure.axes[0].yaxis.label.get_fontsize()
    big = forecast_vs_actual(THREE, scale=2.0).figure.axes[0].yaxis.label.get_fontsize()
    assert big == 2 * small


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_export(tmp_path: Path, suffix: str) -> None:
    path = forecast_vs_actual(THREE).save(tmp_path / f"chart{suffix}")
    data = path.read_bytes()
    assert data.startswith(b"\x89PNG") if suffix == ".png" else b"<svg" in data[:2000]


def test_export_refuses_another_format(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"chart.gif: export a chart as .png or .svg"):
        forecast_vs_actual(THREE).save(tmp_path / "chart.gif")


def test_sprint_names_are_plain_text_and_long_ones_elided() -> None:
    named = [sprint(0, name="Sprint $5k$ for the partner bank and every merchant")]
    chart = forecast_vs_actual(named)
    (tick,) = chart.figure.axes[1].get_xticklabels()
    assert tick.get_text() == "Sprint $5k$ for the par…"
    assert not tick.get_parse_math()
    assert chart.values_text(0).startswith("Sprint $5k$ for the partner bank and every merchant ·")
    chart.figure.savefig(io.BytesIO(), format="png")  # renders: no mathtext parse of the name


@pytest.mark.parametrize("key", list(CHART_TITLES))
@pytest.mark.parametrize(
    ("size", "scale"),
    [
        ((750, 230), 1.0),
        ((1200, 420), 1.0),
        ((1800, 900), 1.0),
        ((950, 300), 2.0),
        ((1500, 700), 2.0),
    ],
)
def test_drawn_at_the_panes_size_every_legend_keeps_clear_of_the_other_axes(
    key: str, size: tuple[int, int], scale: float
) -> None:
    # Built at its own size, then fitted to the History pane (230 px tall at 1280×720): the
    # margins follow the size it is drawn at, so no legend runs into a title or other axes.
    from facilitator.charts.history import drawn

    many = [
        sprint(n, forecast_points=float(n % 9), completed_points=float(n % 7)) for n in range(60)
    ]
    chart, canvas = drawn(key, many, 24.0, scale, size)
    renderer = canvas.get_renderer()
    margins = chart.figure.get_layout_engine()
    assert isinstance(margins, Margins)
    assert not margins.titled  # on screen the chart picker above names it
    rows = [ax for ax in chart.figure.axes if ax.get_legend() is not None or ax.get_ylabel()]
    for ax in rows:
        legend = ax.get_legend()
        if legend is None:
            continue
        box = legend.get_window_extent(renderer)
        assert box.y1 <= size[1] + 1, key  # on the figure
        for other in chart.figure.axes:
            if other.get_position().y0 < ax.get_position().y0 - 0.01:  # a row further down
                continue
            if other.get_position().y0 > ax.get_position().y0 + 0.01:  # a row further up
                assert not box.overlaps(other.get_window_extent(renderer)), key
    # Every row keeps room for its data: presenter type shrinks to fit a short pane (at
    # 1280×720 the rows' axes were squeezed to nothing), and stays at 2× where it fits.
    areas = {tuple(ax.get_window_extent(renderer).bounds) for ax in rows}  # a twin counts once
    data = sum(height for _x, _y, _w, height in areas)
    assert data >= 0.35 * size[1], key
    if size[1] >= 700:
        assert margins.get()["scale"] == scale


def test_an_exported_chart_carries_its_title_and_the_screen_stays_without(tmp_path: Path) -> None:
    from facilitator.charts.history import drawn

    chart, _canvas = drawn("forecast", THREE, 24.0, 1.0, (750, 230))
    margins = chart.figure.get_layout_engine()
    assert isinstance(margins, Margins)
    seen: list[bool] = []
    save = chart.figure.savefig

    def recording(*args: object, **kwargs: object) -> None:
        seen.append(margins.heading.get_visible())
        save(*args, **kwargs)

    chart.figure.savefig = recording  # type: ignore[method-assign]
    chart.save(tmp_path / "forecast.png")
    assert seen == [True]  # the file has the heading "Forecast vs actual"
    assert margins.heading.get_text() == "Forecast vs actual"
    assert not margins.heading.get_visible()  # the screen's chart is as it was
    assert (tmp_path / "forecast.png").stat().st_size > 0


def test_drawn_without_a_size_renders_the_chart_at_its_own_size() -> None:
    from facilitator.charts.history import drawn

    chart, canvas = drawn("throughput", THREE, 24.0, 1.0, None)
    assert canvas.figure is chart.figure
    width, height = canvas.get_width_height()
    assert width > 0
    assert height > 0


def test_a_chart_begun_while_waited_for_waits_once_the_user_acts_elsewhere(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Begun hurried (History on view), the drawing runs untraced; the user then leaves and
    # acts elsewhere: it waits between its steps instead of sharing the interpreter with them.
    import threading
    import time

    from facilitator import give_way
    from facilitator.charts import history

    inside = threading.Event()
    real_build = history.build

    def slow_start(*args: object, **kw: object) -> object:
        inside.set()  # in the drawing, past the point where it chose to run untraced
        return real_build(*args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(history, "build", slow_start)
    finished: list[float] = []

    def draw() -> None:
        with give_way.job():
            history.drawn("forecast", THREE, 24.0, 1.0, (750, 230))
        finished.append(time.monotonic())

    key = object()
    give_way.hurry(key)
    worker = threading.Thread(target=draw)
    try:
        worker.start()
        assert inside.wait(10)
    finally:
        give_way.hurry(key, on=False)  # the user left the chart's screen
    acting_until = time.monotonic() + 1.0
    while time.monotonic() < acting_until:  # and keeps acting there for a second
        give_way.note_input()
        time.sleep(0.02)
    worker.join(30)
    assert finished, "the chart was never drawn"
    assert finished[0] >= acting_until  # it waited for the pause, then finished


@pytest.mark.parametrize("key", list(CHART_TITLES))
def test_a_chart_gives_way_at_each_step_of_its_build_and_before_each_drawing_call(
    key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A chart begun on view runs untraced; should the user leave it, it must stop within a
    # step, not build or render on beside the window's thread (a switch took 40-71 ms).
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from facilitator import give_way
    from facilitator.charts import history

    phase = ["build"]
    waits_in: list[str] = []
    monkeypatch.setattr(give_way, "checkpoint", lambda: waits_in.append(phase[0]))
    real_draw = FigureCanvasAgg.draw

    def rendering(canvas: FigureCanvasAgg) -> None:
        phase[0] = "render"
        real_draw(canvas)  # type: ignore[no-untyped-call]
        phase[0] = "done"

    monkeypatch.setattr(FigureCanvasAgg, "draw", rendering)
    many = [sprint(n, forecast_points=float(n % 9), completed_points=3.0) for n in range(60)]
    _chart, canvas = history.drawn(key, many, 24.0, 1.0, (900, 420))
    assert waits_in.count("build") >= 5
    assert waits_in.count("render") >= 40  # a chart's drawing and text-measuring calls
    renderer = canvas.get_renderer()
    # Afterwards the renderer is as matplotlib made it (the screen's canvas draws with it).
    assert not {"draw_path", "draw_text", "get_text_width_height_descent"} & set(vars(renderer))
    assert renderer.draw_markers == renderer._renderer.draw_markers
    waits_in.clear()
    renderer.draw_path  # noqa: B018 - the class's method: no checkpoint on the way
    assert waits_in == []
