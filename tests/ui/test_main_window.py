"""The main window opens on real databases and shows what a user expects."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QListWidget, QWidget
from pytestqt.qtbot import QtBot

from facilitator.ops.teams import current_sprint, list_teams
from facilitator.store.db import Store
from facilitator.ui.context import UiContext
from facilitator.ui.main_window import MainWindow
from tests.conftest import DEMO_TODAY
from tests.helpers.scenario import Clock


def _window(qtbot: QtBot, store: Store) -> MainWindow:
    ctx = UiContext(
        store=store, now=lambda: dt.datetime.combine(DEMO_TODAY, dt.time(10, tzinfo=dt.UTC))
    )
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    return window


def test_demo_database_opens_on_home_with_team_and_sprint(qtbot: QtBot, demo_store: Store) -> None:
    window = _window(qtbot, demo_store)
    home = window.findChild(QWidget, "home_screen")
    assert window.current_screen() is home
    assert window.findChild(QLabel, "home_team_name").text() == "Payments"
    assert window.findChild(QLabel, "home_sprint_name").text() == "Sprint 7 · active"
    # The forecast once, as planning froze it (not also "Forecast: 8 stories, 51 points").
    assert window.findChild(QLabel, "home_frozen_forecast").text().startswith("Sprint 7 forecast: ")
    assert not window.findChild(QLabel, "home_sprint_forecast").isVisible()
    assert "day 3 of 10" in window.findChild(QLabel, "top_sprint_label").text()
    assert str(demo_store.target.sqlite_path) in window.findChild(QLabel, "status_db").text()


def test_an_active_sprint_past_its_end_says_it_ended(qtbot: QtBot, demo_store: Store) -> None:
    # Opened three days after its last day, with its review not closed, the sprint said
    # "day 10 of 10", as if it were its last day.
    teams = list_teams(demo_store)
    sprint = current_sprint(demo_store, teams[0].id)
    assert sprint is not None
    clock = Clock(
        dt.datetime.combine(sprint.end + dt.timedelta(days=3), dt.time(10, tzinfo=dt.UTC))
    )
    window = MainWindow(UiContext(store=demo_store, now=clock))
    qtbot.addWidget(window)
    window.show()
    assert window.findChild(QLabel, "home_sprint_name").text() == f"{sprint.name} · ended"
    top = window.findChild(QLabel, "top_sprint_label").text()
    assert top.endswith(f"{sprint.name} · ended {sprint.end.day} {sprint.end:%b}")
    progress = window.findChild(QLabel, "home_sprint_progress").text()
    start, end = sprint.start, sprint.end  # no leading zero: "4 Dec", not "04 Dec"
    assert progress == (
        f"Ended 3 days ago · {start.day} {start:%b} – {end.day} {end:%b} {end.year}"
    )
    clock.now -= dt.timedelta(days=3)  # on its last day it is still its last day
    window.reload_teams()
    assert "day 10 of 10" in window.findChild(QLabel, "top_sprint_label").text()
    assert window.findChild(QLabel, "home_sprint_name").text() == f"{sprint.name} · active"


def test_team_switcher_appears_with_two_teams_and_switches(qtbot: QtBot, demo_store: Store) -> None:
    window = _window(qtbot, demo_store)
    switcher = window.findChild(QComboBox, "team_switcher")
    assert switcher.isVisible()
    assert [switcher.itemText(i) for i in range(switcher.count())] == ["Payments", "Risk Platform"]
    switcher.setCurrentIndex(1)
    assert window.findChild(QLabel, "home_team_name").text() == "Risk Platform"


def test_every_interactive_widget_is_named(qtbot: QtBot, demo_store: Store) -> None:
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QAbstractSpinBox,
        QComboBox,
        QLineEdit,
        QPlainTextEdit,
        QTextEdit,
    )

    window = _window(qtbot, demo_store)
    kinds = (
        QAbstractButton,
        QAbstractItemView,
        QAbstractSpinBox,
        QComboBox,
        QLineEdit,
        QPlainTextEdit,
        QTextEdit,
    )
    unnamed: set[str] = set()
    checked = 0
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        for kind in kinds:
            for widget in window.findChildren(kind):
                inner = widget.objectName().startswith("qt_") or isinstance(
                    widget.parent(), (QComboBox, QAbstractSpinBox)
                )
                if not widget.isVisibleTo(window) or inner:
                    continue
                if widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
                    continue
                checked += 1
                if not (widget.objectName() and widget.accessibleName()):
                    unnamed.add(
                        f"{window.nav.item(row).text()}: {type(widget).__name__} "
                        f"{widget.objectName()!r} {widget.accessibleName()!r}"
                    )
    assert checked > 100  # the walk really saw the screens
    assert sorted(unnamed) == []


def test_ctrl_number_jumps_to_screens(qtbot: QtBot, demo_store: Store) -> None:
    window = _window(qtbot, demo_store)
    qtbot.waitActive(window)
    nav = window.findChild(QListWidget, "nav")
    # Key events go through the window handle, as real key presses do, so shortcuts apply.
    handle = window.windowHandle()
    qtbot.keyClick(handle, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert nav.currentRow() == 1
    assert window.current_screen() is not window.findChild(QWidget, "home_screen")
    qtbot.keyClick(handle, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert nav.currentRow() == 0
    assert window.current_screen() is window.findChild(QWidget, "home_screen")
    # Ctrl+1 … Ctrl+9 and Ctrl+0 reach the first ten screens, each named in its tooltip.
    digits = [Qt.Key(Qt.Key.Key_0.value + (row + 1) % 10) for row in range(min(10, nav.count()))]
    for row, digit in enumerate(digits):
        qtbot.keyClick(handle, digit, Qt.KeyboardModifier.ControlModifier)
        assert nav.currentRow() == row
        assert nav.item(row).toolTip().endswith(f"(Ctrl+{(row + 1) % 10})")


def test_lazy_screens_are_named_like_their_classes(qtbot: QtBot, demo_store: Store) -> None:
    from facilitator.ui.main_window import SCREENS

    window = _window(qtbot, demo_store)
    for row, factory in enumerate(SCREENS):
        assert window.screen_at(row).title == factory.title
        assert window.nav.item(row).text() == factory.title


def test_opening_the_window_does_not_import_other_screens() -> None:
    import subprocess
    import sys

    code = (
        "import sys; import facilitator.ui.main_window; "
        "late = [m for m in ('facilitator.ui.screens.backlog', 'facilitator.ui.screens.team', "
        "'facilitator.ui.screens.refinement', 'facilitator.ui.screens.welcome') "
        "if m in sys.modules]; print(late)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_navigation_badges_count_what_needs_attention(qtbot: QtBot, demo_store: Store) -> None:
    from facilitator.ops.backlog import readiness_report

    window = _window(qtbot, demo_store)
    nav = window.findChild(QListWidget, "nav")
    unready = sum(
        1
        for line in readiness_report(demo_store, window.team_id, top=10).lines
        if not line.readiness.ready
    )
    assert unready > 0  # the demo backlog mixes ready and unready stories
    qtbot.waitUntil(lambda: nav.item(2).text() == f"Backlog   ! {unready}")
    words = nav.item(2).data(Qt.ItemDataRole.AccessibleTextRole)
    assert words == f"Backlog: {unready} of the top 10 stories are not Ready"
    assert nav.item(0).text() == "Home"  # nothing flagged there


@pytest.mark.parametrize("key", [Qt.Key.Key_0, Qt.Key.Key_2, Qt.Key.Key_9])  # History, Team, Retro
def test_a_screen_picked_while_the_window_still_opens_is_the_one_shown(
    qtbot: QtBot, demo_store: Store, key: Qt.Key
) -> None:
    # The shell is on screen before storage is attached; a user who already pressed Ctrl+0
    # gets that screen, with the sprint line, once the database is open (no bug dialog).
    window = MainWindow(opening="Opening demo.sqlite3…")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitActive(window)
    qtbot.keyClick(window.windowHandle(), key, Qt.KeyboardModifier.ControlModifier)
    nav = window.findChild(QListWidget, "nav")
    picked = nav.currentRow()
    assert picked > 0
    now = dt.datetime.combine(DEMO_TODAY, dt.time(10, tzinfo=dt.UTC))
    window.attach(UiContext(store=demo_store, now=lambda: now))
    assert nav.currentRow() == picked
    assert window.current_screen().title == nav.item(picked).text().split()[0]
    assert "day 3 of 10" in window.findChild(QLabel, "top_sprint_label").text()
