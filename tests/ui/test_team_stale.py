"""The Team screen against settings or a member someone else saved meanwhile: refused next to
the form, nothing lost, and a Reload that keeps what was typed so one Save applies it."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from PySide6.QtWidgets import QDoubleSpinBox, QLabel, QLineEdit, QListWidget, QPushButton
from pytestqt.qtbot import QtBot

from facilitator.ops import team_model as ops
from facilitator.ops.changes import ActionContext
from facilitator.store.db import Store
from facilitator.ui.context import UiContext
from facilitator.ui.main_window import MainWindow
from facilitator.ui.screens.team import TeamScreen
from tests.helpers.team_page import scroll_to
from tests.helpers.transactions import counting
from tests.ui.test_team_screen import S1_MEMBERS, WINTER, _select_member

NOW = dt.datetime.combine(WINTER, dt.time(10, tzinfo=dt.UTC))


def _window(qtbot: QtBot, store: Store) -> tuple[MainWindow, TeamScreen]:
    ops.create_team_with_members(store, "Payments", 10, ["Tested"], S1_MEMBERS)
    window = MainWindow(UiContext(store=store, now=lambda: NOW))
    qtbot.addWidget(window)
    window.show()
    window.findChild(QListWidget, "nav").setCurrentRow(1)
    screen = window.current_screen()
    assert isinstance(screen, TeamScreen)
    return window, screen


def _someone_else_saves_the_overlap(store: Store, screen: TeamScreen) -> None:
    view = screen.view
    assert view is not None
    assert screen.team_id is not None
    settings = ops.TeamSettings(view.team.name, 10, ("Tested",), min_overlap_hours=2)
    ops.update_team(store, ActionContext(NOW, screen.team_id), settings, view.versions["team"])


def test_a_stale_settings_save_offers_a_reload_that_keeps_the_typed_name(
    qtbot: QtBot, store: Store
) -> None:
    window, screen = _window(qtbot, store)
    scroll_to(qtbot, window, "team_settings_place")
    name = window.findChild(QLineEdit, "team_name")
    name.setText("Payments Core")
    _someone_else_saves_the_overlap(store, screen)
    save = window.findChild(QPushButton, "team_save")
    save.click()
    error = window.findChild(QLabel, "team_settings_error")
    assert re.fullmatch(
        rf"✗ Team Payments was changed elsewhere by {re.escape(store.editor)} at \d\d:\d\d "
        "since you opened it — reload",
        error.text(),
    ), error.text()
    reload = window.findChild(QPushButton, "team_settings_reload")
    assert reload.isVisible()
    assert name.text() == "Payments Core"  # nothing typed is lost
    reload.click()
    assert not reload.isVisible()
    assert error.text() == ""
    assert name.text() == "Payments Core"
    # The overlap typed over is ours again too (the form is what the user sees); Save applies it.
    overlap = window.findChild(QDoubleSpinBox, "team_min_overlap")
    overlap.setValue(2)
    save.click()
    assert error.text() == ""
    view = ops.team_view(store, screen.team_id, WINTER, WINTER, WINTER)  # type: ignore[arg-type]
    assert (view.team.name, view.team.min_overlap_hours) == ("Payments Core", 2)
    assert window.findChild(QLabel, "team_label").text() == "Payments Core"  # the team list too


def test_a_stale_member_save_offers_a_reload(qtbot: QtBot, store: Store) -> None:
    window, screen = _window(qtbot, store)
    _select_member(qtbot, window, "Bea")
    view = screen.view
    assert view is not None
    assert screen.team_id is not None
    bea = next(m for m in view.members if m.name == "Bea")
    theirs = replace(S1_MEMBERS[3], name="Beatriz")
    ops.update_member(
        store, ActionContext(NOW, screen.team_id), bea.id, theirs, view.versions[f"member:{bea.id}"]
    )
    window.findChild(QLineEdit, "member_name").setText("Bea Souza")
    window.findChild(QPushButton, "member_save").click()
    error = window.findChild(QLabel, "member_name_error")
    assert re.fullmatch(
        rf"✗ Beatriz was changed elsewhere by {re.escape(store.editor)} at \d\d:\d\d "
        "since you opened it — reload",
        error.text(),
    ), error.text()
    reload = window.findChild(QPushButton, "member_reload")
    assert reload.isVisible()
    reload.click()
    assert not reload.isVisible()
    assert window.findChild(QLineEdit, "member_name").text() == "Bea Souza"  # kept
    window.findChild(QPushButton, "member_save").click()
    assert not error.isVisible()
    names = {m.name for m in ops.team_view(store, screen.team_id, WINTER, WINTER, WINTER).members}
    assert "Bea Souza" in names


def test_a_revisit_of_the_team_screen_reads_nothing(qtbot: QtBot, store: Store) -> None:
    _, screen = _window(qtbot, store)
    assert screen.team_id is not None
    with counting(store) as tally:
        screen.show_team(screen.team_id)
    assert tally.statements == []
