"""The History screen: its model, the chart's values on hover, export, search, empty state,
updates from records, presenter scale, and matplotlib imported only when a chart is shown."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from matplotlib.backend_bases import MouseEvent
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QLabel
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from facilitator.ops.changes import Changes, Kind
from facilitator.ops.history import team_history
from facilitator.ops.teams import list_teams
from facilitator.store.db import Store
from facilitator.ui.context import UiContext
from facilitator.ui.models.history_model import HistoryFilter, HistoryModel
from facilitator.ui.screens.history import EMPTY, HistoryScreen
from tests.conftest import DEMO_TODAY
from tests.helpers.backlog_team import make_team
from tests.helpers.scenario import FakeDialogs
from tests.helpers.transactions import counting

NOW = dt.datetime.combine(DEMO_TODAY, dt.time(15, tzinfo=dt.UTC))


def screen_on(qtbot: QtBot, store: Store, dialogs: FakeDialogs | None = None) -> HistoryScreen:
    ctx = UiContext(store=store, dialogs=dialogs or FakeDialogs(), now=lambda: NOW)  # type: ignore[arg-type]
    screen = HistoryScreen(ctx)
    qtbot.addWidget(screen)
    screen.resize(1200, 800)
    screen.show()
    screen.show_team(list_teams(store)[0].id)
    assert screen.charts.wait_drawn()  # drawn in a worker thread
    return screen


def test_model_passes_the_model_tester(qtmodeltester: ModelTester, demo_store: Store) -> None:
    team = list_teams(demo_store)[0]
    rows = team_history(demo_store, team.id, NOW, with_search=True).rows
    model = HistoryModel()
    model.set_rows(rows)
    qtmodeltester.check(model)
    proxy = HistoryFilter()
    proxy.setSourceModel(model)
    third = rows[2].search_text.split("\n")[2]  # its first story: "pay-13 title …"
    proxy.set_search(third.upper())
    qtmodeltester.check(proxy)
    shown = [proxy.index(r, 0).data() for r in range(proxy.rowCount())]
    assert "Sprint 3" in shown
    words = third.split()
    expected = [r.metrics.name for r in reversed(rows) if all(w in r.search_text for w in words)]
    assert shown == expected
    proxy.set_search("nothing-like-this")
    assert proxy.rowCount() == 0


def test_hover_and_click_show_exact_values(qtbot: QtBot, demo_store: Store) -> None:
    screen = screen_on(qtbot, demo_store)
    panel = screen.charts
    assert panel.chart is not None
    ax = panel.chart.figure.axes[0]
    forecast = panel.chart.series["forecast"]
    panel.canvas.draw()
    x, y = ax.transData.transform((1.2, 1.0))
    hover = MouseEvent("motion_notify_event", panel.canvas, x, y)
    panel.canvas.callbacks.process("motion_notify_event", hover)
    assert panel.values.text().startswith(f"Sprint 2 · forecast {forecast[1]:g} pts")
    x, y = ax.transData.transform((4.0, 1.0))
    press = MouseEvent("button_press_event", panel.canvas, x, y, button=1)
    panel.canvas.callbacks.process("button_press_event", press)
    assert panel.values.text().startswith(f"Sprint 5 · forecast {forecast[4]:g} pts")
    outside = MouseEvent("motion_notify_event", panel.canvas, 1, 1)  # the figure's corner
    panel.canvas.callbacks.process("motion_notify_event", outside)
    assert panel.values.text().startswith("Sprint 5 · ")  # nothing under the mouse: kept


def test_each_chart_can_be_picked_and_exported(
    qtbot: QtBot, demo_store: Store, tmp_path: Path
) -> None:
    dialogs = FakeDialogs()
    screen = screen_on(qtbot, demo_store, dialogs)
    panel = screen.charts
    for index in range(panel.picker.count()):
        panel.picker.setCurrentIndex(index)
        assert panel.wait_drawn()
        assert panel.chart is not None
        assert panel.chart.title == panel.picker.currentText()
    dialogs.save_to = tmp_path / "chart.svg"
    qtbot.mouseClick(panel.export, Qt.MouseButton.LeftButton)
    assert b"<svg" in dialogs.save_to.read_bytes()[:3000]
    assert panel.values.text() == f"Saved Timebox adherence to {dialogs.save_to}"
    assert not panel.export_to(tmp_path / "chart.bmp")
    assert panel.error.isVisible()
    assert "export a chart as .png or .svg" in panel.error.text()


def test_an_exported_png_marks_the_picked_sprint_and_leaves_the_screen_as_it_was(
    qtbot: QtBot, demo_store: Store, tmp_path: Path
) -> None:
    screen = screen_on(qtbot, demo_store)
    panel = screen.charts
    assert panel.chart is not None
    panel.point_at(1)
    qtbot.wait(10)
    on_screen = panel.canvas.grab().toImage()
    assert panel.export_to(tmp_path / "second.png")
    panel.point_at(4)
    assert panel.export_to(tmp_path / "fifth.png")
    second, fifth = QImage(str(tmp_path / "second.png")), QImage(str(tmp_path / "fifth.png"))
    assert second.size() == fifth.size()
    differ = [
        x
        for x in range(second.width())
        if any(second.pixel(x, y) != fifth.pixel(x, y) for y in range(0, second.height(), 3))
    ]
    ax = panel.chart.figure.axes[0]
    to_file = 150 / panel.chart.figure.dpi  # the export's dpi over the screen's
    for index in (1, 4):  # each file marks its sprint, where the chart draws that sprint
        x = ax.transData.transform((index, 0))[0] * to_file
        assert any(abs(column - x) < 10 for column in differ), index
    assert all(  # and nothing else differs
        min(abs(c - ax.transData.transform((i, 0))[0] * to_file) for i in (1, 4)) < 10
        for c in differ
    )
    panel.point_at(1)
    qtbot.wait(10)
    assert panel.canvas.grab().toImage() == on_screen  # the exports left the screen as it was


def test_a_report_with_an_unknown_suffix_is_refused_inline(
    qtbot: QtBot, demo_store: Store, tmp_path: Path
) -> None:
    screen = screen_on(qtbot, demo_store)
    assert not screen.export_to(tmp_path / "report.docx")
    assert screen.error.isVisible()
    assert "save the report as .md, .html, .pdf or .json" in screen.error.text()
    assert screen.export_to(tmp_path / "report.md")
    assert (tmp_path / "report.md").read_text(encoding="utf-8").startswith("# Payments")


def test_no_sprint_yet_says_what_to_do(qtbot: QtBot, store: Store) -> None:
    make_team(store, stories=2)
    screen = screen_on(qtbot, store)
    assert screen.empty.isVisible()
    assert screen.page_view.toPlainText() == EMPTY
    assert screen.charts.values.text() == "No sprints to chart yet"


def test_records_reload_only_what_history_shows(qtbot: QtBot, demo_store: Store) -> None:
    screen = screen_on(qtbot, demo_store)
    with counting(demo_store) as tally:
        screen.apply_changes(Changes.of(Kind.RUN, 1))  # a timer tick
        screen.show_team(screen.team_id)  # a revisit
    assert tally.begins == 0  # no transaction (History reads through SQLite's own cursor,
    assert tally.statements == []  # which SQLAlchemy's statement events never see)
    with counting(demo_store) as tally:
        screen.apply_changes(Changes.of(Kind.BLOCKER, 1))
    assert tally.begins >= 1
    assert screen.heading.text() == "Sprint 6 · closed"  # the selection stays


def test_a_search_by_story_goes_on_matching_stories_after_a_reload(
    qtbot: QtBot, demo_store: Store
) -> None:
    screen = screen_on(qtbot, demo_store)
    assert screen.page is not None
    story = screen.page.stories[0]
    assert story.key.casefold() not in f"{screen.page.metrics.name} {screen.page.metrics.goal}"

    def shown() -> list[str]:
        return [screen.filter.index(r, 0).data() for r in range(screen.filter.rowCount())]

    screen.search.setText(story.key)  # the stories' texts are read now, not with the list
    assert screen.page.metrics.name in shown()
    assert len(shown()) < screen.model.rowCount()
    screen.apply_changes(Changes.of(Kind.SPRINT, 1))  # read again while the search is on
    assert screen.page.metrics.name in shown()
    screen.search.setText("nothing-like-this")
    assert shown() == []


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)])
def test_presenter_mode_enlarges_the_chart_type_as_far_as_the_pane_holds_it(
    qtbot: QtBot, demo_store: Store, size: tuple[int, int]
) -> None:
    screen = screen_on(qtbot, demo_store)
    assert screen.charts.chart is not None
    normal = screen.charts.chart.figure.axes[0].yaxis.label.get_fontsize()
    screen.resize(*size)
    screen.set_presenter(True)
    assert screen.charts.wait_drawn()
    chart = screen.charts.chart
    presented = chart.figure.axes[0].yaxis.label.get_fontsize()
    if size[1] >= 1080:
        assert presented == 2 * normal  # the room's type, where it fits
    else:  # the chart has the column (the page is set aside): the room's type, or nearly
        assert 0.9 * 2 * normal <= presented <= 2 * normal
    rows = {tuple(ax.get_position().bounds) for ax in chart.figure.axes}
    assert sum(height for _x, _y, _w, height in rows) >= 0.35
    screen.set_presenter(False)
    assert screen.charts.wait_drawn()
    assert screen.charts.chart.figure.axes[0].yaxis.label.get_fontsize() == normal


def test_labels_are_plain_text(qtbot: QtBot, demo_store: Store) -> None:
    screen = screen_on(qtbot, demo_store)
    for label in screen.findChildren(QLabel):
        if label.objectName().startswith("history"):
            assert label.textFormat().name == "PlainText", label.objectName()


def test_the_app_starts_without_matplotlib(tmp_path: Path) -> None:
    code = (
        "import sys, datetime as dt\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from facilitator.ops import demo\n"
        "from facilitator.store.db import target_from\n"
        "from facilitator.store.migrate import open_store\n"
        "from facilitator.ui.context import UiContext\n"
        "from facilitator.ui.main_window import MainWindow\n"
        "app = QApplication([])\n"
        f"store = open_store(target_from({str(tmp_path / 'd.sqlite3')!r}))\n"
        "demo.generate(store, sprints=3, stories=60, today=dt.date(2026, 11, 25))\n"
        "w = MainWindow(UiContext(store=store)); w.show(); app.processEvents()\n"
        "print('matplotlib' in sys.modules)\n"
        "w.nav.setCurrentRow(len(w.screens) - 1); app.processEvents()\n"
        "assert w.current_screen().charts.wait_drawn()\n"  # drawn in a worker thread
        "print('matplotlib' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"QT_QPA_PLATFORM": "offscreen", **__import__("os").environ},
        timeout=120,
    ).stdout.split()
    assert out == ["False", "True"]


def test_home_shows_predictability_and_throughput_never_velocity(
    qtbot: QtBot, demo_store: Store
) -> None:
    from facilitator.domain.metrics import recent_lines
    from facilitator.ui.screens.home import HomeScreen

    home = HomeScreen(UiContext(store=demo_store, now=lambda: NOW))
    qtbot.addWidget(home)
    team = list_teams(demo_store)[0]
    home.show_team(team.id)
    closed = [m for m in team_history(demo_store, team.id, NOW).metrics if m.state == "closed"]
    expected = recent_lines(closed)
    assert expected is not None
    assert home.predictability_line.text() == expected[0]
    assert home.throughput_line.text() == expected[1]
    texts = " ".join(label.text() for label in home.findChildren(QLabel)).casefold()
    assert "velocity" not in texts


def test_every_control_is_reachable_by_tab_without_a_trap(qtbot: QtBot, demo_store: Store) -> None:
    from tests.helpers.tab_walk import walk_tab_order

    screen = screen_on(qtbot, demo_store)
    qtbot.waitExposed(screen)
    order = [w.objectName() for w in walk_tab_order(qtbot, screen.search)]
    for name in (
        "history_search",
        "history_sprints",
        "history_chart_pick",
        "history_chart_export",
        "history_export_report",
        "history_page",
    ):
        assert name in order, order
    assert order.index("history_sprints") < order.index("history_chart_pick")
    assert order.index("history_export_report") < order.index("history_page")


def test_the_list_and_page_show_at_once_and_the_chart_area_says_it_is_drawing(
    qtbot: QtBot, demo_store: Store
) -> None:
    ctx = UiContext(store=demo_store, dialogs=FakeDialogs(), now=lambda: NOW)  # type: ignore[arg-type]
    screen = HistoryScreen(ctx)
    qtbot.addWidget(screen)
    screen.resize(1200, 800)
    screen.show()
    screen.show_team(list_teams(demo_store)[0].id)
    panel = screen.charts
    assert screen.heading.text() == "Sprint 6 · closed"  # before the event loop runs again
    assert "FROZEN FORECAST" in screen.page_view.toPlainText()
    assert panel.drawing
    assert panel.pending.isVisible()
    assert panel.pending.text() == "Drawing the chart…"
    assert not panel.export.isEnabled()
    assert panel.wait_drawn()
    assert not panel.pending.isVisible()
    assert panel.canvas is not None
    assert panel.canvas.isVisible()
    assert panel.export.isEnabled()
    assert panel.values.text().startswith("Sprint 6 · forecast ")
    size = (panel.canvas.width(), panel.canvas.height())
    assert panel.canvas.get_renderer_size() == size  # drawn once, at the size it is shown at


def test_a_page_from_the_lists_facts_is_the_page_read_afresh(demo_store: Store) -> None:
    from facilitator.ops.history import sprint_page

    team = list_teams(demo_store)[0]
    rows = team_history(demo_store, team.id, NOW).rows
    for row in rows:
        assert row.facts is not None
        reused = sprint_page(demo_store, team.id, row.sprint_id, NOW, row.facts)
        assert reused == sprint_page(demo_store, team.id, row.sprint_id, NOW)


def test_in_presenter_mode_the_list_shows_names_and_predictability_that_fit(
    qtbot: QtBot, demo_store: Store
) -> None:
    from PySide6.QtWidgets import QTableView

    screen = screen_on(qtbot, demo_store)
    table = screen.findChild(QTableView, "history_sprints")
    columns = table.model().columnCount()
    screen.set_presenter(True)
    assert screen.charts.wait_drawn()
    shown = [c for c in range(columns) if not table.isColumnHidden(c)]
    assert shown == [0, 3]  # the sprint and its predictability; the page below has the dates
    name = table.model().index(0, 0).data()
    assert table.columnWidth(0) >= table.fontMetrics().horizontalAdvance(name)
    screen.set_presenter(False)
    assert all(not table.isColumnHidden(c) for c in range(columns))
