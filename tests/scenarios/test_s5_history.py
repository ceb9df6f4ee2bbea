"""S5 — offline review of history, on the real main window with mouse and keyboard.

The demo database's History lists the past sprints; the forecast-vs-actual chart's bars and
predictability line match each sprint's read-only page; an old sprint's page shows its goal,
frozen forecast, Done and why not, blockers, decisions and experiment; its report exports as PDF
and HTML with the charts in them, and ``facilitator report --format json`` gives the same figures.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QTableView
from pytestqt.qtbot import QtBot

from facilitator.app import main
from facilitator.store.db import Store
from facilitator.ui.main_window import SCREENS, nav_digit
from facilitator.ui.screens.history import HistoryScreen
from tests.conftest import DEMO_TODAY
from tests.helpers.charts import bar_heights
from tests.helpers.scenario import (
    Clock,
    FakeDialogs,
    click,
    click_row,
    find,
    key,
    open_window,
    tab_to,
    text,
    window_key,
)

NOW = dt.datetime.combine(DEMO_TODAY, dt.time(15, tzinfo=dt.UTC))
FIGURES = re.compile(
    r"Forecast: (\d+) stories, ([\d.]+) points\n\s+Completed of the forecast: (\d+) stories, "
    r"([\d.]+) points\n\s+Predictability: (\d+) %"
)


Ctrl = Qt.KeyboardModifier.ControlModifier


def page_figures(page: str) -> tuple[int, float, int, float, int]:
    found = FIGURES.search(page)
    assert found is not None, page
    a, b, c, d, e = found.groups()
    return int(a), float(b), int(c), float(d), int(e)


def test_s5_offline_review_of_history(qtbot: QtBot, demo_store: Store, tmp_path: Path) -> None:
    dialogs = FakeDialogs()
    window = open_window(qtbot, demo_store, Clock(NOW), dialogs)
    row = next(i for i, factory in enumerate(SCREENS) if factory.title == "History")
    window_key(qtbot, window, Qt.Key(Qt.Key.Key_0.value + nav_digit(row)), Ctrl)
    screen = window.current_screen()
    assert isinstance(screen, HistoryScreen)

    # 1. The past sprints, newest first; the newest is open.
    sprints = find(window, QTableView, "history_sprints")
    names = [sprints.model().index(r, 0).data() for r in range(sprints.model().rowCount())]
    assert names == [f"Sprint {n}" for n in range(6, 0, -1)]
    page_view = find(window, QPlainTextEdit, "history_page")
    assert text(window, "history_sprint_title") == "Sprint 6 · closed"

    # Forecast vs actual (drawn in a worker thread, the area saying so until it arrives): walk
    # the list with the keyboard; each page matches its bars and line.
    assert screen.charts.wait_drawn()
    assert screen.charts.chart is not None
    assert screen.charts.chart.key == "forecast"
    figure = screen.charts.chart.figure
    points_ax, line_ax = figure.axes[0], figure.axes[2]
    forecast_bars, completed_bars = bar_heights(points_ax)
    line = line_ax.lines[0].get_ydata()
    sprints.setFocus()
    key(qtbot, Qt.Key.Key_Home)
    for step in range(6):
        if step:
            key(qtbot, Qt.Key.Key_Down)
        index = 5 - step  # oldest first in the chart, newest first in the list
        stories, forecast, done, completed, share = page_figures(page_view.toPlainText())
        assert forecast_bars[index] == forecast
        assert completed_bars[index] == completed
        assert round(line[index]) == share
        assert text(window, "history_chart_values").startswith(f"Sprint {index + 1} · forecast ")
        assert f"forecast {forecast:g} pts" in text(window, "history_chart_values")

    # 2. A sprint from months ago, opened with the mouse: its whole page, read-only.
    click_row(qtbot, sprints, 5)
    assert text(window, "history_sprint_title") == "Sprint 1 · closed"
    assert text(window, "history_readonly").startswith("Read-only · forecast frozen on ")
    assert page_view.isReadOnly()
    page = page_view.toPlainText()
    goal = (
        demo_store.engine.connect()
        .exec_driver_sql("SELECT goal FROM sprint WHERE name = 'Sprint 1' AND team_id = 1")
        .scalar()
    )
    assert f"GOAL\n  {goal}" in page
    for heading in ("FROZEN FORECAST", "DONE AND WHY NOT", "BLOCKERS", "DECISIONS", "EXPERIMENT"):
        assert heading in page
    assert re.search(r"\(\d+ pts\): Not Done: \w", page), page
    assert "raised 20" in page  # a blocker with its raised time
    assert " — " in page.split("DECISIONS")[1]  # a decision with what was decided

    # Search by a story key of that sprint finds it; by a goal word too.
    first_key = page.split("FROZEN FORECAST\n  ")[1].split(" ")[0]
    tab_to(qtbot, "history_search")
    qtbot.keyClicks(find(window, QLineEdit, "history_search"), first_key)
    shown = [sprints.model().index(r, 0).data() for r in range(sprints.model().rowCount())]
    assert "Sprint 1" in shown
    assert len(shown) < 6
    find(window, QLineEdit, "history_search").clear()
    click_row(qtbot, sprints, 5)

    # 3. Export that sprint's report as PDF and HTML; the charts are in them.
    dialogs.save_to = tmp_path / "sprint-1.pdf"
    click(qtbot, window, "history_export_report")
    pdf = dialogs.save_to.read_bytes()
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) >= 7
    dialogs.save_to = tmp_path / "sprint-1.html"
    click(qtbot, window, "history_export_report")
    html = dialogs.save_to.read_text(encoding="utf-8")
    assert html.count("<svg") == 6
    assert "report saved to" in text(window, "history_readonly")

    # The command line gives the same figures as the page and the chart.
    out = tmp_path / "sprint-1.json"
    db = demo_store.target.sqlite_path
    assert (
        main(
            ["report", "--sprint", "Sprint 1", "--format", "json", "-o", str(out), "--db", str(db)]
        )
        == 0
    )
    record = json.loads(out.read_text(encoding="utf-8"))["sprint"]
    stories, forecast, done, completed, share = page_figures(page)
    assert (record["forecast_stories"], record["forecast_points"]) == (stories, forecast)
    assert (record["completed_stories"], record["completed_points"]) == (done, completed)
    assert round(record["predictability"] * 100) == share == round(line[0])
    assert forecast_bars[0] == record["forecast_points"]
