"""The Team screen's Timeboxes panel: per-ceremony minutes, the warning point, inline checks."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton
from pytestqt.qtbot import QtBot

from facilitator.domain.ids import TeamId
from facilitator.domain.timebox import Ceremony
from facilitator.ops import timebox as ops
from facilitator.ops.teams import create_team
from facilitator.store.db import Store
from facilitator.ui.context import UiContext
from facilitator.ui.widgets.timebox_settings import TimeboxSettings, minutes_text, parse_minutes

NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def team(store: Store) -> TeamId:
    return create_team(store, "Payments", 10, ["Tested"])


def _panel(qtbot: QtBot, store: Store, team: TeamId) -> TimeboxSettings:
    panel = TimeboxSettings(UiContext(store=store, now=lambda: NOW))
    qtbot.addWidget(panel)
    panel.show_team(team)
    panel.show()
    return panel


def _edit(panel: TimeboxSettings, key: str) -> QLineEdit:
    edit = panel.findChild(QLineEdit, f"timebox_minutes_{key}")
    assert edit is not None
    return edit


def _label(panel: TimeboxSettings, name: str) -> QLabel:
    label = panel.findChild(QLabel, name)
    assert label is not None
    return label


def test_shows_each_timebox_with_its_rule_9_default(
    qtbot: QtBot, store: Store, team: TeamId
) -> None:
    panel = _panel(qtbot, store, team)
    # A two-week sprint: planning 4 h, refinement 2 h, review 2 h, retro 1 h 30, standup 15.
    expected = {"planning": 240, "refinement": 120, "review": 120, "retro": 90, "standup": 15}
    for key, minutes in expected.items():
        assert _edit(panel, key).text() == str(minutes)
        assert _label(panel, f"timebox_default_{key}").text() == f"default {minutes_text(minutes)}"
    assert _edit(panel, "warn").text() == "2"
    assert _label(panel, "timebox_default_warn").text() == "default 2 min"


def test_saving_changes_the_next_timer_and_the_warning(
    qtbot: QtBot, store: Store, team: TeamId
) -> None:
    panel = _panel(qtbot, store, team)
    _edit(panel, "refinement").setText("45")
    _edit(panel, "warn").setText("5")
    with qtbot.waitSignal(panel.changed):
        qtbot.mouseClick(panel.findChild(QPushButton, "timebox_save"), Qt.MouseButton.LeftButton)
    assert ops.ceremony_minutes(store, team)[Ceremony.REFINEMENT] == (45, 120)
    assert ops.presenter_settings(store, team).warn_seconds == 300
    view = ops.load_timer(store, team, Ceremony.REFINEMENT)
    assert view.state.total_timebox == 45 * 60
    assert view.state.warn_seconds == 300
    assert _label(panel, "timebox_status").text().startswith("✓ Timeboxes saved")


def test_out_of_range_values_are_refused_inline_and_nothing_is_saved(
    qtbot: QtBot, store: Store, team: TeamId
) -> None:
    panel = _panel(qtbot, store, team)
    _edit(panel, "planning").setText("600")
    _edit(panel, "warn").setText("two")
    _edit(panel, "retro").setText("60")
    changed: list[bool] = []
    panel.changed.connect(lambda: changed.append(True))
    qtbot.keyClick(_edit(panel, "retro"), Qt.Key.Key_Return)
    assert changed == []
    planning_error = _label(panel, "timebox_error_planning")
    assert planning_error.isVisible()
    assert planning_error.text() == "! 600 min is outside 1–480 min"
    assert _label(panel, "timebox_error_warn").text() == "! “two” is not a whole number of minutes"
    assert not _label(panel, "timebox_error_retro").isVisible()
    assert ops.ceremony_minutes(store, team)[Ceremony.RETRO] == (90, 90)  # nothing saved
    assert "Nothing saved" in _label(panel, "timebox_status").text()


def test_reset_goes_back_to_the_default_and_follows_sprint_length(
    qtbot: QtBot, store: Store, team: TeamId
) -> None:
    ops.set_ceremony_minutes(store, team, Ceremony.PLANNING, 100)
    ops.set_warning_minutes(store, team, 10)
    panel = _panel(qtbot, store, team)
    assert _edit(panel, "planning").text() == "100"
    qtbot.mouseClick(
        panel.findChild(QPushButton, "timebox_reset_planning"), Qt.MouseButton.LeftButton
    )
    qtbot.mouseClick(panel.findChild(QPushButton, "timebox_reset_warn"), Qt.MouseButton.LeftButton)
    assert _edit(panel, "planning").text() == "240"
    assert ops.ceremony_minutes(store, team)[Ceremony.PLANNING] == (240, 240)
    assert ops.presenter_settings(store, team).warn_seconds == 120


def test_warning_change_keeps_the_other_presenter_settings(store: Store, team: TeamId) -> None:
    ops.update_presenter_settings(store, team, lambda s: s.zoomed(5))
    ops.set_warning_minutes(store, team, 3)
    settings = ops.presenter_settings(store, team)
    assert (settings.scale, settings.warn_seconds) == (1.5, 180)
    with pytest.raises(Exception, match="outside 1–60"):
        ops.set_warning_minutes(store, team, 61)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30", (30, "")),
        (" 45 min ", (45, "")),
        ("", (None, "! Enter the minutes")),
        ("0", (None, "! 0 min is outside 1–480 min")),
        ("-5", (None, "! “-5” is not a whole number of minutes")),
    ],
)
def test_parse_minutes(text: str, expected: tuple[int | None, str]) -> None:
    assert parse_minutes(text, 1, 480) == expected
