"""First run: the guided "create your team" wizard and the demo team."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QListWidget, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from facilitator.domain.model import Role
from facilitator.ops.teams import list_teams
from facilitator.store.db import Store
from facilitator.store.repositories import TeamRepository
from facilitator.ui.context import UiContext
from facilitator.ui.main_window import MainWindow
from facilitator.ui.widgets.timezone_picker import TimezonePicker

WINTER = dt.date(2026, 1, 12)


def _window(qtbot: QtBot, store: Store) -> MainWindow:
    ctx = UiContext(
        store=store, now=lambda: dt.datetime.combine(WINTER, dt.time(10, tzinfo=dt.UTC))
    )
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    return window


def _click(qtbot: QtBot, window: MainWindow, name: str) -> None:
    qtbot.mouseClick(window.findChild(QPushButton, name), Qt.MouseButton.LeftButton)


def _add_member(
    qtbot: QtBot,
    window: MainWindow,
    name: str,
    role: Role | None,
    zone: str,
    span: tuple[int, int],
) -> None:
    window.findChild(QLineEdit, "welcome_member_name").setText(name)
    combo = window.findChild(QComboBox, "welcome_member_role")
    combo.setCurrentIndex(combo.findData(role.value) if role else -1)
    window.findChild(TimezonePicker, "welcome_member_timezone").set_zone(zone)
    window.findChild(QWidget, "welcome_member_work_start").setTime(dt.time(span[0]))
    window.findChild(QWidget, "welcome_member_work_end").setTime(dt.time(span[1]))
    _click(qtbot, window, "welcome_add_member")


def test_wizard_creates_the_team_with_members_step_by_step(qtbot: QtBot, store: Store) -> None:
    window = _window(qtbot, store)
    assert window.current_screen() is window.findChild(QWidget, "welcome_screen")
    assert window.findChild(QLabel, "welcome_step").text() == "Step 1 of 3 · Your team"
    window.findChild(QLineEdit, "welcome_team_name").setText("Payments")
    _click(qtbot, window, "welcome_next")
    assert window.findChild(QLabel, "welcome_step").text() == "Step 2 of 3 · Members"

    _add_member(qtbot, window, "Anna", None, "Europe/Berlin", (9, 17))
    error = window.findChild(QLabel, "welcome_member_role_error")
    assert error.isVisible()
    assert error.text() == "✗ Role: choose the member's role"
    _add_member(qtbot, window, "Anna", Role.PRODUCT_OWNER, "Europe/Berlin", (9, 17))
    _add_member(qtbot, window, "João", Role.SCRUM_MASTER, "Europe/Lisbon", (9, 18))
    _add_member(qtbot, window, "Lucas", Role.TECH_LEAD, "America/Sao_Paulo", (9, 18))
    _add_member(qtbot, window, "Ghost", Role.ENGINEER, "Atlantis/Capital", (9, 18))
    tz_error = window.findChild(QLabel, "welcome_member_timezone_error")
    assert "'Atlantis/Capital' is not a known IANA time zone" in tz_error.text()
    members = window.findChild(QListWidget, "welcome_members")
    assert members.count() == 3
    assert members.item(2).text() == (
        "Lucas · Tech lead · in-house · America/Sao_Paulo 09:00–18:00"
    )

    _click(qtbot, window, "welcome_back")
    assert window.findChild(QLineEdit, "welcome_team_name").text() == "Payments"
    _click(qtbot, window, "welcome_next")
    _click(qtbot, window, "welcome_next")
    assert window.findChild(QLabel, "welcome_step").text() == "Step 3 of 3 · Definition of Done"
    _click(qtbot, window, "welcome_create")

    assert window.current_screen() is window.findChild(QWidget, "home_screen")
    (team,) = list_teams(store)
    assert team.name == "Payments"
    assert team.sprint_length_days == 10
    assert team.definition_of_done[0] == "Tested"
    with store.session() as session:
        names = [m.name for m in TeamRepository(session).members(team.id)]
    assert names == ["Anna", "João", "Lucas"]


def test_blank_name_sends_the_user_back_to_step_one(qtbot: QtBot, store: Store) -> None:
    window = _window(qtbot, store)
    _click(qtbot, window, "welcome_next")
    _click(qtbot, window, "welcome_next")
    _click(qtbot, window, "welcome_create")
    assert window.findChild(QLabel, "welcome_step").text() == "Step 1 of 3 · Your team"
    assert window.findChild(QLabel, "welcome_error").text() == "✗ Team name: must not be empty"
    assert list_teams(store) == []


def test_explore_the_demo_team(qtbot: QtBot, store: Store) -> None:
    window = _window(qtbot, store)
    _click(qtbot, window, "welcome_demo")
    assert window.findChild(QLabel, "home_team_name").text() == "Payments"
    summary = window.findChild(QLabel, "home_health_summary").text()
    assert "no data yet" in summary
    assert window.findChild(QLabel, "home_health_0") is not None


def test_enter_on_a_focused_button_clicks_it(qtbot: QtBot, store: Store) -> None:
    window = _window(qtbot, store)
    window.activateWindow()
    qtbot.waitActive(window)
    window.findChild(QLineEdit, "welcome_team_name").setText("Payments")
    next_button = window.findChild(QPushButton, "welcome_next")
    next_button.setFocus()
    qtbot.waitUntil(next_button.hasFocus)  # as a user's Tab puts it there
    qtbot.keyClick(next_button, Qt.Key.Key_Return)
    assert window.findChild(QLabel, "welcome_step").text() == "Step 2 of 3 · Members"
    window.findChild(QLineEdit, "welcome_member_name").setText("Anna")
    combo = window.findChild(QComboBox, "welcome_member_role")
    combo.setCurrentIndex(combo.findData(Role.PRODUCT_OWNER.value))
    window.findChild(TimezonePicker, "welcome_member_timezone").set_zone("Europe/Berlin")
    add = window.findChild(QPushButton, "welcome_add_member")
    add.setFocus()
    qtbot.waitUntil(add.hasFocus)
    qtbot.keyClick(add, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    members = window.findChild(QListWidget, "welcome_members")
    assert members.count() == 1
    assert "Anna" in members.item(0).text()


def test_home_after_exploring_the_demo_shows_whole_member_names(qtbot: QtBot, store: Store) -> None:
    from PySide6.QtWidgets import QTableView

    window = _window(qtbot, store)
    window.resize(1280, 720)
    _click(qtbot, window, "welcome_demo")
    view = window.findChild(QTableView, "home_members")
    assert view.isVisibleTo(window)
    model = view.model()
    assert model.rowCount() >= 6
    for column in range(model.columnCount()):
        assert view.columnWidth(column) >= view.sizeHintForColumn(column), column
