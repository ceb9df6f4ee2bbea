"""A Standup visit reads in one transaction, a revisit only when something it shows changed;
a visit is laid out before it is painted, once.

The screen read its members, its stories and its standup in three transactions on a first visit,
and on every revisit read the team, its members and their working weeks again (nothing an action
named had changed them); what filling it left to the event loop (layout requests, the tables'
scroll bars, the flag line shown, the combo boxes' re-fit) came after the first paint and painted
the window three or four times; on a first visit the tables' column-resize timers, started
as they were built and as the window first laid the new screen out, painted them again. Every
revisit then read the updates, the blockers and the slot's run again (4 of a visit's 10
statements) though nothing had changed: now an action's record marks them, and what other
programs write on a shared database is read once the last read is older than ``REREAD_S``
(by the twice-a-minute tick too while the screen shows).
"""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from facilitator.ops import standup as standup_ops
from facilitator.ops.changes import ActionContext, Changes
from facilitator.store.db import Store
from facilitator.ui.main_window import MainWindow
from facilitator.ui.screens import standup as standup_screen
from facilitator.ui.screens.standup import StandupScreen
from facilitator.ui.screens.warming import NO_WARM
from tests.helpers.paints import visit
from tests.helpers.transactions import counting
from tests.ui.test_backlog_first_paint import _visit, _window


def test_a_first_visit_reads_once_and_a_revisit_reads_nothing_of_the_screens(
    qtbot: QtBot, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(NO_WARM, "1")
    window = _window(qtbot, demo_store)
    with counting(demo_store) as first:
        _visit(qtbot, window, "Standup")
    # One for the screen (members, stories, updates, blockers, the slot's run), one the timer's.
    assert first.begins == 2
    _visit(qtbot, window, "Planning")
    with counting(demo_store) as again:
        _visit(qtbot, window, "Standup")
    assert again.begins == 1  # the timer's clock only: nothing the screen shows has changed
    read = " ".join(again.statements)
    assert "FROM daily_update" not in read
    assert "FROM blocker" not in read
    assert "FROM member" not in read


def _screen(window: MainWindow) -> StandupScreen:
    row = next(i for i, f in enumerate(window.factories) if f.key == "standup")
    screen = window.screens[row]
    assert isinstance(screen, StandupScreen)
    return screen


def _raise(store: Store, window: MainWindow, what: str) -> Changes:
    screen = _screen(window)
    assert screen.team_id is not None
    assert screen.view is not None
    ctx = ActionContext(screen.ctx.now(), screen.team_id)
    raiser = screen.view.active_members[0].id
    return standup_ops.raise_blocker(store, ctx, raiser, what)


def _blockers_shown(window: MainWindow) -> list[str]:
    model = _screen(window).blockers.model()
    return [str(model.index(r, 1).data()) for r in range(model.rowCount())]


def test_a_blocker_raised_in_any_window_shows_on_the_next_visit(
    qtbot: QtBot, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(NO_WARM, "1")
    window = _window(qtbot, demo_store)
    _visit(qtbot, window, "Standup")
    _visit(qtbot, window, "Planning")
    # Another window's action: its record reaches every window (the blocker slot's own go
    # through the screen and reach it the same way).
    window.apply_changes(_raise(demo_store, window, "Vendor sandbox is down"))
    with counting(demo_store) as again:
        _visit(qtbot, window, "Standup")
    assert "FROM blocker" in " ".join(again.statements)
    assert any("Vendor sandbox is down" in cell for cell in _blockers_shown(window))


def test_what_another_program_wrote_shows_once_the_last_read_is_older_than_the_reread_age(
    qtbot: QtBot, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(NO_WARM, "1")
    window = _window(qtbot, demo_store)
    _visit(qtbot, window, "Standup")
    _raise(demo_store, window, "Written on another machine")  # no record reaches this window
    screen = _screen(window)
    screen.ticker.timeout.emit()
    assert not any("another machine" in cell for cell in _blockers_shown(window))
    later = screen.read_at + standup_screen.REREAD_S
    monkeypatch.setattr(standup_screen, "monotonic", lambda: later)
    screen.ticker.timeout.emit()  # while on screen: the twice-a-minute tick reads it
    assert any("another machine" in cell for cell in _blockers_shown(window))
    _visit(qtbot, window, "Planning")
    _raise(demo_store, window, "And another one")
    later += standup_screen.REREAD_S
    with counting(demo_store) as again:
        _visit(qtbot, window, "Standup")  # a visit reads it
    read = " ".join(again.statements)
    assert "FROM daily_update" in read
    assert "FROM blocker" in read
    assert "FROM member " not in read  # no action named the members: not read again
    assert "FROM member_week" not in read
    assert "ORDER BY story.rank" not in read  # the forms' stories neither
    assert any("And another one" in cell for cell in _blockers_shown(window))


def test_a_revisit_paints_the_screen_once(
    qtbot: QtBot, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(NO_WARM, "1")
    window = _window(qtbot, demo_store)
    _visit(qtbot, window, "Planning")  # the timer is in the top bar already, as between screens
    _visit(qtbot, window, "Standup")
    _visit(qtbot, window, "Planning")
    again = visit(qtbot, window, "Standup", "standup_screen")
    assert window.current_screen().objectName() == "standup_screen"
    assert again.passes == 1, f"painted again after the first paint: {sorted(again.painted)}"


def test_a_first_visit_paints_the_screen_once(
    qtbot: QtBot, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(NO_WARM, "1")  # the screen is built by the visit, not beforehand
    window = _window(qtbot, demo_store)
    _visit(qtbot, window, "Planning")  # the timer is in the top bar already, as between screens
    first = visit(qtbot, window, "Standup", "standup_screen")
    screen = window.current_screen()
    assert screen is not None
    assert screen.objectName() == "standup_screen"
    assert first.passes == 1, f"painted again after the first paint: {sorted(first.painted)}"
