"""The timer widget driven by keyboard with an injected clock: what the room sees."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from facilitator.domain.ids import TeamId
from facilitator.domain.timebox import Ceremony, format_clock
from facilitator.ops import timebox as ops
from facilitator.ops.teams import create_team
from facilitator.store.db import Store
from facilitator.ui.context import UiContext
from facilitator.ui.widgets.timer import TimerWidget
from facilitator.ui.widgets.timer_text import suggestion_text
from tests.helpers.records import session_records

T0 = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)


class Clock:
    """A wall clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


@pytest.fixture
def team(store: Store) -> TeamId:
    return create_team(store, "Payments", 10, ["Tested"])


def _timer(
    qtbot: QtBot, store: Store, team: TeamId, clock: Clock, beeps: list[str] | None = None
) -> TimerWidget:
    sink = beeps if beeps is not None else []
    widget = TimerWidget(UiContext(store=store, now=clock), beep=lambda: sink.append("beep"))
    qtbot.addWidget(widget)
    widget.show_timer(team, Ceremony.REFINEMENT, [("Refine", 1.0)])
    _show(qtbot, widget)
    return widget


def _show(qtbot: QtBot, widget: QWidget) -> None:
    with qtbot.waitActive(widget):
        widget.show()
        widget.activateWindow()
    widget.setFocus()


def _text(widget: QWidget, name: str) -> str:
    label = widget.findChild(QLabel, name)
    assert label is not None
    # Long texts are elided to fit; the tooltip always holds the full text.
    return label.toolTip() or label.text()


def test_space_starts_and_pauses_and_time_follows_the_clock(
    qtbot: QtBot, store: Store, team: TeamId
) -> None:
    clock = Clock()
    widget = _timer(qtbot, store, team, clock)
    assert _text(widget, "timer_clock") == "2:00:00"
    assert "Space to start" in _text(widget, "timer_status")
    qtbot.keyClick(widget, Qt.Key.Key_Space)
    clock.advance(minutes=10)
    widget.refresh()
    assert _text(widget, "timer_clock") == "1:50:00"
    qtbot.keyClick(widget, Qt.Key.Key_Space)
    assert "paused" in _text(widget, "timer_status")
    clock.advance(hours=5)
    widget.refresh()
    assert _text(widget, "timer_clock") == "1:50:00"
    assert widget.findChild(QAbstractButton, "timer_start_pause").text() == "▶ Resume"


def test_warning_and_overtime_show_words_and_beep_once(
    qtbot: QtBot, store: Store, team: TeamId
) -> None:
    clock = Clock()
    beeps: list[str] = []
    widget = _timer(qtbot, store, team, clock, beeps)
    qtbot.keyClick(widget, Qt.Key.Key_Space)
    clock.advance(minutes=118, seconds=30)
    widget.refresh()
    assert _text(widget, "timer_status").startswith("! 1:30 left")
    assert widget.clock.property("phase") == "warning"
    assert beeps == ["beep"]
    clock.advance(minutes=5, seconds=40)
    widget.refresh()
    widget.refresh()
    assert _text(widget, "timer_clock") == "+4:10 over"
    assert "✗ +4:10 over the timebox" in _text(widget, "timer_status")
    assert widget.clock.property("phase") == "overtime"
    assert beeps == ["beep", "beep"]


def test_muted_timer_stays_silent_and_remembers(qtbot: QtBot, store: Store, team: TeamId) -> None:
    clock = Clock()
    beeps: list[str] = []
    widget = _timer(qtbot, store, team, clock, beeps)
    qtbot.mouseClick(widget.findChild(QAbstractButton, "timer_sound"), Qt.MouseButton.LeftButton)
    qtbot.keyClick(widget, Qt.Key.Key_Space)
    clock.advance(hours=3)
    widget.refresh()
    assert beeps == []
    assert ops.presenter_settings(store, team).sound is False


def test_plus_extends_with_a_reason_recorded(qtbot: QtBot, store: Store, team: TeamId) -> None:
    clock = Clock()
    widget = _timer(qtbot, store, team, clock)
    qtbot.keyClick(widget, Qt.Key.Key_Space)
    qtbot.keyClick(widget, Qt.Key.Key_Plus)
    reason = widget.findChild(QLineEdit, "timer_extend_reason")
    assert reason.isVisible()
    qtbot.keyClick(reason, Qt.Key.Key_Return)
    assert "say why" in _text(widget, "timer_extend_error")
    qtbot.keyClicks(reason, "Two stories left")
    qtbot.keyClick(reason, Qt.Key.Key_Return)
    assert not reason.isVisible()
    widget.refresh()
    assert _text(widget, "timer_clock") == "2:05:00"
    (record,) = session_records(store, team)
    assert record.extension_minutes == 5


def test_escape_cancels_the_extension(qtbot: QtBot, store: Store, team: TeamId) -> None:
    widget = _timer(qtbot, store, team, Clock())
    qtbot.keyClick(widget, Qt.Key.Key_Plus)
    reason = widget.findChild(QLineEdit, "timer_extend_reason")
    qtbot.keyClick(reason, Qt.Key.Key_Escape)
    assert not reason.isVisible()


def test_n_moves_to_the_next_agenda_item(qtbot: QtBot, store: Store, team: TeamId) -> None:
    clock = Clock()
    widget = TimerWidget(UiContext(store=store, now=clock), beep=lambda: None)
    qtbot.addWidget(widget)
    widget.show_timer(team, Ceremony.RETRO)
    _show(qtbot, widget)
    assert "(1 of 6)" in _text(widget, "timer_item")
    qtbot.keyClick(widget, Qt.Key.Key_Space)
    clock.advance(minutes=3)
    qtbot.keyClick(widget, Qt.Key.Key_N)
    assert "Gather (2 of 6)" in _text(widget, "timer_item")
    assert _text(widget, "timer_clock") == "18:00"


def test_a_new_widget_restores_the_running_timer(qtbot: QtBot, store: Store, team: TeamId) -> None:
    clock = Clock()
    first = _timer(qtbot, store, team, clock)
    qtbot.keyClick(first, Qt.Key.Key_Space)
    first.close()
    # The app crashes and restarts 25 minutes later.
    clock.advance(minutes=25)
    second = _timer(qtbot, store, team, clock)
    assert _text(second, "timer_clock") == "1:35:00"
    assert second.view is not None
    assert second.view.state.is_running


def test_finish_records_the_session(qtbot: QtBot, store: Store, team: TeamId) -> None:
    clock = Clock()
    widget = _timer(qtbot, store, team, clock)
    qtbot.keyClick(widget, Qt.Key.Key_Space)
    clock.advance(minutes=130)
    qtbot.mouseClick(widget.findChild(QAbstractButton, "timer_finish"), Qt.MouseButton.LeftButton)
    assert "✓ Finished" in _text(widget, "timer_status")
    (record,) = session_records(store, team)
    assert record.overtime_seconds == 600


def test_suggestion_from_history_can_be_picked(qtbot: QtBot, store: Store, team: TeamId) -> None:
    for day in range(3):
        view = ops.load_timer(store, team, Ceremony.REFINEMENT, [("Refine", 1.0)])
        view = ops.start_timer(store, view, T0 - dt.timedelta(days=day + 1))
        ops.finish_timer(store, view, T0 - dt.timedelta(days=day + 1, minutes=-45))
    widget = _timer(qtbot, store, team, Clock())
    assert _text(widget, "timer_suggestion") == "Recent sessions suggest Refine 45:00 (now 2:00:00)"
    qtbot.mouseClick(
        widget.findChild(QPushButton, "timer_use_suggestion"), Qt.MouseButton.LeftButton
    )
    assert _text(widget, "timer_clock") == "45:00"


def test_the_suggestion_names_only_the_items_it_would_change(store: Store, team: TeamId) -> None:
    # Every agenda item was listed, "suggested 9:00 (default 9:00)" included: the demo
    # retro's line wrapped to four lines and made the top bar 150 px tall at 1280 px.
    view = ops.load_timer(store, team, Ceremony.RETRO, [("Gather", 0.5), ("Discuss", 0.5)])
    same, shorter = view.defaults[0], view.defaults[1] - 60
    suggested = replace(view, suggestions=(same, shorter))
    assert suggested.has_suggestion
    assert suggestion_text(suggested) == (
        f"Recent sessions suggest Discuss {format_clock(shorter)} "
        f"(now {format_clock(view.defaults[1])})"
    )
    assert suggestion_text(replace(view, suggestions=(same, None))) == ""


def test_begin_starts_resumes_and_restarts_after_finish(
    qtbot: QtBot, store: Store, team: TeamId
) -> None:
    """The ceremony screen's Start calls begin(): never a pause, a finished timer starts anew."""
    clock = Clock()
    widget = _timer(qtbot, store, team, clock)
    widget.begin()
    assert widget.view is not None
    assert widget.view.state.is_running
    clock.advance(minutes=10)
    widget.begin()  # already running: keeps running
    assert widget.view.state.is_running
    qtbot.keyClick(widget, Qt.Key.Key_Space)
    widget.begin()  # paused: resumes
    assert widget.view.state.is_running
    widget.finish()
    first = widget.view.run_id
    clock.advance(minutes=1)
    widget.begin()
    assert widget.view.state.is_running
    assert widget.view.run_id != first
    assert _text(widget, "timer_clock") == "2:00:00"
    assert len(session_records(store, team)) == 2


def test_sound_button_uses_glyphs_the_font_has(qtbot: QtBot, store: Store, team: TeamId) -> None:
    widget = _timer(qtbot, store, team, Clock())
    sound = widget.findChild(QAbstractButton, "timer_sound")
    assert sound.text() == "♪ On"
    qtbot.mouseClick(sound, Qt.MouseButton.LeftButton)
    assert sound.text() == "♪ Off"
