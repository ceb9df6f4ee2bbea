"""The decision log is a view over plain rows: a refill of a long log is one model reset (no
item per cell), shows what :func:`decision_cells` says for every decision, and aging on a
revisit announces only the open decisions' rows; the decision picked stays picked."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QLineEdit, QTableView, QTableWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from facilitator.domain.decisions import Decision, DecisionKind
from facilitator.ops import decisions
from facilitator.ops.changes import ActionContext
from facilitator.store.db import Store
from facilitator.store.standup_repository import StandupRepository
from facilitator.ui.main_window import MainWindow
from facilitator.ui.models.plain_rows import ID_ROLE, PlainRowsModel
from facilitator.ui.screens.decisions import DecisionsScreen, decision_cells
from facilitator.ui.widgets.text import plain_tip
from tests.helpers.backlog_team import BacklogTeam, make_team
from tests.helpers.scenario import (
    Clock,
    click,
    click_row,
    find,
    open_window,
    text,
    window_key,
)

NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)
CTRL = Qt.KeyboardModifier.ControlModifier


def _raise_400(store: Store) -> BacklogTeam:
    """400 decisions a team raised over the last weeks: a third still waiting for a decision,
    a third decided, a third acted on; some linked to a story, some with a long question."""
    team = make_team(store, stories=3)
    with store.session() as session:
        repo = StandupRepository(session)
        for n in range(400):
            raised = NOW - dt.timedelta(hours=2 + 3 * n, minutes=n % 60)
            decided = None if n % 3 == 0 else raised + dt.timedelta(hours=n % 40)
            acted = decided + dt.timedelta(hours=1) if decided and n % 3 == 2 else None
            repo.add_decision(
                Decision(
                    0,
                    team.team,
                    f"Question {n}: " + "which retry policy for failed captures? " * (n % 7),
                    team.engineer if n % 2 else team.qa,
                    raised,
                    team.po,
                    DecisionKind.OTHER,
                    decided,
                    "" if decided is None else f"Decision {n} <b>as typed</b>",
                    acted,
                    None,
                    team.stories[n % 3] if n % 5 == 0 else None,
                )
            )
    return team


def _decisions(qtbot: QtBot, store: Store, clock: Clock) -> tuple[MainWindow, DecisionsScreen]:
    window = open_window(qtbot, store, clock)
    window_key(qtbot, window, Qt.Key.Key_7, CTRL)
    screen = window.current_screen()
    assert isinstance(screen, DecisionsScreen)
    return window, screen


def _assert_shows_the_log(screen: DecisionsScreen, now: dt.datetime) -> None:
    """Every cell shows (and tells a screen reader, and tips) what decision_cells says."""
    log = screen.log
    assert log is not None
    model = screen.table.model()
    newest_first = list(reversed(log.decisions))
    assert model.rowCount() == len(newest_first) == 400
    for row, decision in enumerate(newest_first):
        cells = decision_cells(decision, log, decision.cycle(now).label)
        for column, cell in enumerate(cells):
            index = model.index(row, column)
            assert index.data() == cell, (row, column)
            assert index.data(Qt.ItemDataRole.AccessibleTextRole) == cell
            assert index.data(Qt.ItemDataRole.ToolTipRole) == (plain_tip(cell) if cell else None)
        assert model.index(row, 0).data(ID_ROLE) == decision.id


def test_a_refill_of_400_decisions_is_one_reset_with_the_same_texts(
    qtbot: QtBot, qtmodeltester: ModelTester, store: Store
) -> None:
    team = _raise_400(store)
    clock = Clock(NOW)
    window, screen = _decisions(qtbot, store, clock)
    view = find(window, QTableView, "decisions_log")
    assert not isinstance(view, QTableWidget)  # no QTableWidgetItem per cell
    assert isinstance(view.model(), PlainRowsModel)
    _assert_shows_the_log(screen, clock.now)
    qtmodeltester.check(view.model())

    resets: list[None] = []
    changed: list[QModelIndex] = []
    inserted: list[int] = []
    view.model().modelReset.connect(lambda: resets.append(None))
    view.model().dataChanged.connect(lambda first, _last, _roles=(): changed.append(first))
    view.model().rowsInserted.connect(lambda _p, first, _last: inserted.append(first))
    elsewhere = ActionContext(clock.now, team.team)  # another window raised one
    decisions.raise_decision(store, elsewhere, "Which PSP?", team.qa, team.po)
    screen.reload()
    assert (len(resets), changed, inserted) == (1, [], [])  # one reset, nothing cell by cell
    assert view.model().rowCount() == 401
    assert view.model().index(0, 1).data() == "Which PSP?"


def test_aging_changes_only_the_open_decisions_rows(qtbot: QtBot, store: Store) -> None:
    team = _raise_400(store)
    clock = Clock(NOW)
    window, screen = _decisions(qtbot, store, clock)
    model = screen.table.model()
    log = screen.log
    assert log is not None
    newest_first = list(reversed(log.decisions))
    before = [[model.index(r, c).data() for c in range(7)] for r in range(400)]
    changed: set[int] = set()

    def announced(first: QModelIndex, last: QModelIndex) -> None:
        assert (first.column(), last.column()) == (0, 6)
        changed.update(range(first.row(), last.row() + 1))

    model.dataChanged.connect(lambda first, last, _roles=(): announced(first, last))
    window_key(qtbot, window, Qt.Key.Key_1, CTRL)
    clock.advance(hours=5)
    with qtbot.assertNotEmitted(model.modelReset):
        window_key(qtbot, window, Qt.Key.Key_7, CTRL)  # unchanged log: aged, not refilled
    waiting = {r for r, d in enumerate(newest_first) if d.decided_at is None}
    still_open = {r for r, d in enumerate(newest_first) if d.acted_on_at is None}
    assert waiting <= changed <= still_open  # each wait grew; acted-on rows are untouched
    for row in range(400):
        now = [model.index(row, c).data() for c in range(7)]
        assert (now != before[row]) == (row in changed), row
    _assert_shows_the_log(screen, clock.now)
    assert team.team == screen.team_id


def test_the_decision_picked_stays_picked_when_the_log_is_refilled(
    qtbot: QtBot, store: Store
) -> None:
    team = make_team(store, stories=1)
    ctx = ActionContext(NOW - dt.timedelta(hours=3), team.team)
    older = decisions.raise_decision(store, ctx, "Which PSP?", team.engineer, team.po).created
    decisions.raise_decision(store, ctx, "Retry policy?", team.qa, team.po)
    clock = Clock(NOW)
    window, screen = _decisions(qtbot, store, clock)
    view = find(window, QTableView, "decisions_log")
    click_row(qtbot, view, 1)  # the older question, below the newer one
    assert screen.rows.row_id(view.currentIndex().row()) == older
    decisions.raise_decision(store, ActionContext(NOW, team.team), "Stub?", team.qa, team.po)
    screen.reload()  # a third question on top: the picked one moves down, still picked
    assert view.currentIndex().row() == 2
    assert view.selectionModel().isRowSelected(2)
    screen.decision_text.setText("Adyen")
    click(qtbot, window, "decision_decide")
    click(qtbot, window, "decision_act")
    assert view.model().index(2, 1).data() == "Which PSP?"
    assert view.model().index(2, 4).data() == "acted on"


def test_plain_rows_announce_each_run_of_changed_rows_once(qtmodeltester: ModelTester) -> None:
    model = PlainRowsModel(("A", "B"))
    model.set_rows([("a", "<b>x</b>"), ("b",), ("c", ""), ("d", "")], [10, 11, 12, 13])
    qtmodeltester.check(model)
    assert model.index(1, 1).data() == ""  # a short row is padded
    assert model.index(0, 1).data(Qt.ItemDataRole.ToolTipRole) == plain_tip("<b>x</b>")
    assert model.index(0, 1).data(Qt.ItemDataRole.ToolTipRole) != "<b>x</b>"  # never markup
    assert model.index(2, 0).data(ID_ROLE) == 12
    assert model.index(2, 1).data(ID_ROLE) is None  # the id is on the first cell
    assert (model.row_of(13), model.row_of(99), model.row_id(4)) == (3, None, None)
    runs: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda first, last, _roles=(): runs.append((first.row(), last.row())))
    changed = model.update_rows({0: ("a", "y"), 1: ("b", ""), 2: ("C", ""), 3: ("D", "")})
    assert changed == [0, 2, 3]  # row 1 is the same text: not announced
    assert runs == [(0, 0), (2, 3)]
    assert model.texts() == [["a", "b", "C", "D"], ["y", "", "", ""]]


def test_the_question_column_keeps_its_share_of_the_width_in_presenter_mode(
    qtbot: QtBot, store: Store
) -> None:
    # Fitted to presenter mode's type, Flag, Raised by, Decision-maker, Stage and Cycle time
    # took all but ~50 px: each question wrapped a word a line, one row filled the table.
    _raise_400(store)
    window, screen = _decisions(qtbot, store, Clock(NOW))
    window.resize(1280, 720)
    table = screen.table
    header = table.horizontalHeader()
    stretch = header.sectionResizeMode(1)  # the question's (and the decision's) columns
    wrapping = [c for c in range(header.count()) if header.sectionResizeMode(c) == stretch]
    assert 1 in wrapping
    looks: list[list[int]] = []
    for presenting in (False, True, False):
        if window.presenter.active != presenting:
            window_key(qtbot, window, Qt.Key.Key_F11)
        qtbot.wait(100)
        room = table.viewport().width()
        for column in wrapping:  # the wrapping columns share 40 % of the width at least
            assert header.sectionSize(column) >= 0.4 * room / len(wrapping) - 1, presenting
        assert header.length() <= room  # and no sideways scrolling
        looks.append([header.sectionSize(c) for c in range(header.count())])
    assert looks[2] == looks[0]  # back out of presenter mode, as it was


def test_a_refused_question_says_so_with_its_cross_and_a_raised_one_with_its_tick(
    qtbot: QtBot, store: Store
) -> None:
    """The screen's one message line carries the signal in a symbol, not in colour alone."""
    make_team(store, stories=1)
    window, _screen = _decisions(qtbot, store, Clock(NOW))
    click(qtbot, window, "decision_raise")  # nothing typed
    assert text(window, "decisions_error") == "✗ Question: must not be empty"
    find(window, QLineEdit, "decision_question").setText("Which PSP?")
    click(qtbot, window, "decision_raise")
    assert text(window, "decisions_error") == "✓ Question raised"
