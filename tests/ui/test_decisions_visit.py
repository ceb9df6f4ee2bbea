"""A Decisions visit reads the log in one transaction and paints the screen once; a revisit
reads the decisions alone (others raise, decide and act on them too, on a shared database).

A revisit read the members, the decisions, the linked stories' keys and the decision authority
again (four statements) though no action had named the team or its members; what a first
visit left to the event loop (the log's column-resize timers from its construction and its
first layout, the combo boxes' 20 ms re-fit) came after the first paint and painted the log
and the forms again, and a revisit painted the screen twice.
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from facilitator.domain.ids import MemberId
from facilitator.ops import decisions
from facilitator.store.db import Store
from facilitator.ui.main_window import MainWindow
from facilitator.ui.screens.warming import NO_WARM
from tests.helpers.paints import visit
from tests.helpers.transactions import Tally, counting
from tests.ui.test_backlog_first_paint import _window

TRANSACTION_CONTROL = {"BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE"}


def _reads(tally: Tally) -> list[str]:
    return [s for s in tally.statements if s.split()[0].upper() not in TRANSACTION_CONTROL]


def _decisions(qtbot: QtBot, window: MainWindow) -> Tally:
    with counting(window.ctx.store) as tally:
        visit(qtbot, window, "Decisions", "decisions_screen")
    return tally


def test_a_revisit_reads_only_the_decisions_in_one_transaction(
    qtbot: QtBot, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(NO_WARM, "1")
    window = _window(qtbot, demo_store)
    first = _decisions(qtbot, window)
    assert first.begins == 1
    visit(qtbot, window, "Standup", "standup_screen")
    again = _decisions(qtbot, window)
    assert again.begins == 1
    read = _reads(again)
    assert len(read) == 1, read  # no members, story keys or decision authority
    assert "FROM decision " in read[0]


def test_a_revisit_after_an_action_named_the_team_reads_who_decides_again(
    qtbot: QtBot, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(NO_WARM, "1")
    window = _window(qtbot, demo_store)
    _decisions(qtbot, window)
    visit(qtbot, window, "Standup", "standup_screen")
    team = window.team_id
    maker = window.findChild(QComboBox, "decision_maker")
    kind = window.findChild(QComboBox, "decision_kind")
    assert team is not None
    assert maker is not None
    assert kind is not None
    kind.setCurrentIndex(kind.findData("technical"))
    others = [MemberId(int(maker.itemData(i))) for i in range(maker.count())]
    chosen = next(m for m in others if m != MemberId(int(maker.currentData())))
    done = window.ctx.actions.run(
        lambda store, ctx: decisions.set_authority(store, ctx, chosen, None, None, ""),
        window.ctx.action(team),
    )
    assert done is not None
    again = _decisions(qtbot, window)
    assert any("FROM decision_authority" in s for s in _reads(again))
    assert MemberId(int(maker.currentData())) == chosen  # the new technical decision-maker


def test_a_first_visit_paints_the_screen_once(
    qtbot: QtBot, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(NO_WARM, "1")  # the screen is built by the visit, not beforehand
    window = _window(qtbot, demo_store)
    visit(qtbot, window, "Standup", "standup_screen")  # the timer hides as Decisions shows
    first = visit(qtbot, window, "Decisions", "decisions_screen")
    screen = window.current_screen()
    assert screen is not None
    assert screen.objectName() == "decisions_screen"
    assert first.passes == 1, f"painted again after the first paint: {sorted(first.painted)}"


def test_a_revisit_paints_the_screen_once(
    qtbot: QtBot, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(NO_WARM, "1")
    window = _window(qtbot, demo_store)
    visit(qtbot, window, "Decisions", "decisions_screen")
    visit(qtbot, window, "Standup", "standup_screen")
    again = visit(qtbot, window, "Decisions", "decisions_screen")
    assert again.passes == 1, f"painted again after the first paint: {sorted(again.painted)}"
