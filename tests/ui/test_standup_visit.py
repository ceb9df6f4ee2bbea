"""A Standup visit reads in one transaction; a visit is laid out before it is painted, once.

The screen read its members, its stories and its standup in three transactions on a first visit,
and on every revisit read the team, its members and their working weeks again (nothing an action
named had changed them); what filling it left to the event loop (layout requests, the tables'
scroll bars, the flag line shown, the combo boxes' re-fit) came after the first paint and painted
the window three or four times; on a first visit the tables' column-resize timers, started
as they were built and as the window first laid the new screen out, painted them again.
"""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from facilitator.store.db import Store
from facilitator.ui.screens.warming import NO_WARM
from tests.helpers.paints import visit
from tests.helpers.transactions import counting
from tests.ui.test_backlog_first_paint import _visit, _window


def test_a_first_visit_reads_once_and_a_revisit_reads_only_what_members_write(
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
    assert again.begins == 2
    read = " ".join(again.statements)
    assert "FROM daily_update" in read  # written on other machines too: read on every visit
    assert "FROM blocker" in read
    assert "FROM member " not in read  # no action named the members: not read again
    assert "FROM member_week" not in read
    assert "ORDER BY story.rank" not in read  # the forms' stories neither


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
