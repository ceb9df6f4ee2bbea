"""A story's open blockers on its Backlog row and in its editor: the flag, its words, the age
following the clock past the SLA, and a raise or resolve on the standup patching that row only."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTableView
from pytestqt.qtbot import QtBot

from facilitator.ops import standup
from facilitator.ops.backlog import load_backlog
from facilitator.ops.changes import ActionContext
from facilitator.store.db import Store
from facilitator.ui.main_window import MainWindow
from facilitator.ui.models.backlog_filter import BLOCKED, BacklogFilter
from facilitator.ui.models.backlog_model import BLOCKED_COLUMN, BacklogModel
from facilitator.ui.screens.backlog import BacklogScreen
from facilitator.ui.screens.home import HomeScreen
from facilitator.ui.screens.standup import StandupScreen
from tests.helpers.backlog_team import BacklogTeam, make_team
from tests.helpers.scenario import Clock, click, find, open_window, text, type_into, window_key
from tests.helpers.transactions import counting

START = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)
CTRL = Qt.KeyboardModifier.ControlModifier
TIP = Qt.ItemDataRole.ToolTipRole


def _raise(store: Store, team: BacklogTeam, hours_ago: float, story: int | None) -> int:
    ctx = ActionContext(START - dt.timedelta(hours=hours_ago), team.team)
    story_id = None if story is None else team.stories[story]
    changes = standup.raise_blocker(store, ctx, team.engineer, "Sandbox keys missing", story_id)
    assert changes.created is not None
    return int(changes.created)


def _cell(model: BacklogModel, row: int, role: int = Qt.ItemDataRole.DisplayRole) -> object:
    return model.data(model.index(row, BLOCKED_COLUMN), role)


def test_the_row_shows_the_open_blockers_and_the_filter_keeps_the_blocked(
    qtbot: QtBot, store: Store
) -> None:
    team = make_team(store, stories=4)
    _raise(store, team, 30, 0)
    _raise(store, team, 2, 0)
    _raise(store, team, 5, 1)
    done = _raise(store, team, 40, 2)
    standup.resolve_blocker(store, ActionContext(START, team.team), done, "Keys issued")
    _raise(store, team, 50, None)  # on no story: no row shows it
    clock = Clock(START)
    model = BacklogModel(now=clock)
    model.set_listing(load_backlog(store, team.team))
    assert [_cell(model, r) for r in range(4)] == [
        "! 30 h, over SLA",
        "! 5 h",
        "",
        "",
    ]
    assert _cell(model, 0, TIP) == (
        "Blocked for 1 d 6 h, over the team's 24 h SLA (2 open blockers, the oldest counts)"
    )
    assert _cell(model, 1, TIP) == ("Blocked for 5 h, within the team's 24 h SLA (1 open blocker)")
    assert _cell(model, 2, TIP) is None
    spoken = Qt.ItemDataRole.AccessibleTextRole  # a screen reader hears the full words
    assert _cell(model, 0, spoken) == _cell(model, 0, TIP)
    assert _cell(model, 2, spoken) == "Not blocked"
    model.set_filter(BacklogFilter(status="all", readiness=BLOCKED))
    assert [model.story_id(r) for r in range(model.rowCount())] == team.stories[:2]


def test_the_age_follows_the_clock_and_flips_past_the_sla_without_a_read(
    qtbot: QtBot, store: Store
) -> None:
    team = make_team(store, stories=2)
    _raise(store, team, 20, 1)
    clock = Clock(START)
    window = open_window(qtbot, store, clock)
    window_key(qtbot, window, Qt.Key.Key_3, CTRL)
    screen = window.current_screen()
    assert isinstance(screen, BacklogScreen)
    model = screen.model
    assert _cell(model, 1) == "! 20 h"
    assert screen.select_story(team.stories[1])
    assert text(window, "story_blocked") == (
        "! Blocked for 20 h, within the team's 24 h SLA (1 open blocker)"
    )
    painted: list[int] = []
    model.dataChanged.connect(lambda first, last, *_: painted.append(first.column()))
    clock.advance(hours=4, minutes=30)
    with counting(store) as tally:
        model.ticker.timeout.emit()  # the twice-a-minute repaint
        screen.editor.ticker.timeout.emit()
    assert tally.statements == []
    assert painted == [BLOCKED_COLUMN]
    assert _cell(model, 1) == "! 24 h, over SLA"
    assert "over the team's 24 h SLA" in str(_cell(model, 1, TIP))
    assert text(window, "story_blocked") == (
        "! Blocked for 1 d, over the team's 24 h SLA (1 open blocker)"
    )
    assert not screen.table.isColumnHidden(BLOCKED_COLUMN)
    window_key(qtbot, window, Qt.Key.Key_F11)  # the card under the list says it in full
    assert text(window, "backlog_card_readiness").startswith(
        "Blocked for 1 d, over the team's 24 h SLA (1 open blocker) · Not ready"
    )


def _visit(qtbot: QtBot, window: MainWindow, digit: Qt.Key) -> object:
    window_key(qtbot, window, digit, CTRL)
    return window.current_screen()


def test_a_raise_and_a_resolve_on_the_standup_patch_that_row_only(
    qtbot: QtBot, store: Store
) -> None:
    team = make_team(store, stories=3)
    clock = Clock(START)
    window = open_window(qtbot, store, clock)
    backlog = _visit(qtbot, window, Qt.Key.Key_3)
    assert isinstance(backlog, BacklogScreen)
    resets: list[int] = []
    backlog.model.modelReset.connect(lambda: resets.append(1))
    changed: list[int] = []
    backlog.model.dataChanged.connect(lambda first, *_: changed.append(first.row()))
    screen = _visit(qtbot, window, Qt.Key.Key_6)
    assert isinstance(screen, StandupScreen)
    screen.raiser.setCurrentIndex(screen.raiser.findData(int(team.qa)))
    screen.story_box.setCurrentIndex(screen.story_box.findData(int(team.stories[1])))
    type_into(qtbot, window, "blocker_description", "Test data expired")
    click(qtbot, window, "blocker_raise")
    assert [_cell(backlog.model, r) for r in range(3)] == ["", "! under 1 min", ""]
    assert changed == [1]  # that row, no other
    clock.advance(minutes=50)
    blockers = find(window, QTableView, "standup_blockers")
    blockers.setCurrentIndex(blockers.model().index(0, 0))
    type_into(qtbot, window, "blocker_resolution", "Fresh data loaded")
    click(qtbot, window, "blocker_resolve")
    assert [_cell(backlog.model, r) for r in range(3)] == ["", "", ""]
    assert changed == [1, 1]
    assert resets == []  # patched, never reloaded
    assert _visit(qtbot, window, Qt.Key.Key_3) is backlog
    assert resets == []


def test_home_flags_a_blocker_the_moment_it_passes_the_sla_and_ages_it(
    qtbot: QtBot, store: Store
) -> None:
    team = make_team(store, stories=1)
    _raise(store, team, 23.5, 0)
    clock = Clock(START)
    window = open_window(qtbot, store, clock)
    home = window.current_screen()
    assert isinstance(home, HomeScreen)
    assert home.findChild(QLabel, "home_blockers") is None
    clock.advance(minutes=31)
    with counting(store) as tally:
        home.ticker.timeout.emit()
    assert tally.statements == []
    assert text(window, "home_blockers") == ("! 1 blocker open over the 24 h SLA, the oldest 1 d")
    clock.advance(hours=2)
    home.ticker.timeout.emit()
    assert text(window, "home_blockers") == (
        "! 1 blocker open over the 24 h SLA, the oldest 1 d 2 h"
    )


def test_with_the_blocked_filter_a_raise_brings_the_row_in_and_a_resolve_takes_it_out(
    qtbot: QtBot, store: Store
) -> None:
    team = make_team(store, stories=3)
    window = open_window(qtbot, store, Clock(START))
    backlog = _visit(qtbot, window, Qt.Key.Key_3)
    assert isinstance(backlog, BacklogScreen)
    box = backlog.readiness_filter
    box.setCurrentIndex(box.findData(BLOCKED))
    model = backlog.model
    assert model.rowCount() == 0
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    inserted: list[int] = []
    model.rowsInserted.connect(lambda _parent, first, _last: inserted.append(first))
    removed: list[int] = []
    model.rowsRemoved.connect(lambda _parent, first, _last: removed.append(first))
    screen = _visit(qtbot, window, Qt.Key.Key_6)
    assert isinstance(screen, StandupScreen)
    screen.raiser.setCurrentIndex(screen.raiser.findData(int(team.qa)))
    screen.story_box.setCurrentIndex(screen.story_box.findData(int(team.stories[2])))
    type_into(qtbot, window, "blocker_description", "Test data expired")
    click(qtbot, window, "blocker_raise")
    assert [model.story_id(r) for r in range(model.rowCount())] == [team.stories[2]]
    assert inserted == [0]
    blockers = find(window, QTableView, "standup_blockers")
    blockers.setCurrentIndex(blockers.model().index(0, 0))
    type_into(qtbot, window, "blocker_resolution", "Fresh data loaded")
    click(qtbot, window, "blocker_resolve")
    assert model.rowCount() == 0
    assert removed == [0]
    assert resets == []
