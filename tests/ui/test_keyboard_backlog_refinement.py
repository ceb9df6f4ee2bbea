"""No keyboard traps on the Backlog and Refinement screens: Tab walks every control in reading
order and leaves the tables; Return submits the single-line fields (UI.md, Behaviour)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QListWidget, QWidget
from pytestqt.qtbot import QtBot

from facilitator.store.db import Store
from facilitator.ui.main_window import MainWindow
from tests.conftest import DEMO_TODAY
from tests.helpers.scenario import (
    BERLIN,
    Clock,
    click,
    find,
    focused,
    key,
    open_window,
    rows,
    tab_to,
    type_here,
    window_key,
)
from tests.helpers.tab_walk import names, walk_tab_order

START = dt.datetime.combine(DEMO_TODAY, dt.time(10), tzinfo=BERLIN)
CTRL = Qt.KeyboardModifier.ControlModifier

BACKLOG_ORDER = [
    "backlog_search",
    "backlog_status_filter",
    "backlog_table",
    "backlog_new_title",
    "backlog_add",
    "backlog_move_up",
    "backlog_move_top",
    "story_title",
    "story_type",
    "story_description",
    "story_save",
    "story_criteria",
    "criterion_text",
    "criterion_author",
    "criterion_add",
    "story_assumptions",
    "assumption_text",
    "assumption_add",
    "assumption_reviewer",
    "assumption_review",
    "estimate_value",
    "estimate_by",
    "estimate_commit",
    "dependency_target",
    "dependency_add",
    "risk_text",
    "risk_add",
    "dor_item_text",
    "dor_item_add",
]


def _window(qtbot: QtBot, store: Store, screen_key: Qt.Key) -> MainWindow:
    window = open_window(qtbot, store, Clock(START))
    window_key(qtbot, window, screen_key, CTRL)
    return window


def _in_order(walked: list[str], expected: list[str]) -> None:
    missing = [name for name in expected if name not in walked]
    assert not missing, f"Tab never reaches {missing}: {' → '.join(walked)}"
    positions = [walked.index(name) for name in expected]
    assert positions == sorted(positions), f"not in reading order: {' → '.join(walked)}"


def test_backlog_tab_leaves_the_table_and_reaches_the_editor(
    qtbot: QtBot, demo_store: Store
) -> None:
    window = _window(qtbot, demo_store, Qt.Key.Key_3)
    walked = names(walk_tab_order(qtbot, find(window, QLineEdit, "backlog_search")))
    _in_order(walked, BACKLOG_ORDER)
    # The arrows still move between rows of the table.
    table = find(window, QWidget, "backlog_table")
    table.setFocus()
    row = table.currentIndex().row()  # type: ignore[attr-defined]
    key(qtbot, Qt.Key.Key_Down)
    assert table.currentIndex().row() == row + 1  # type: ignore[attr-defined]


def test_backlog_return_adds_criterion_and_assumption_and_tab_into_criteria_starts_empty(
    qtbot: QtBot, demo_store: Store
) -> None:
    window = _window(qtbot, demo_store, Qt.Key.Key_3)  # PAY-56, four criteria, selected
    find(window, QListWidget, "story_criteria").setFocus(Qt.FocusReason.TabFocusReason)
    tab_to(qtbot, "criterion_text")
    assert focused().text() == ""  # passing through the list did not pick criterion 1
    type_here(qtbot, "The receipt names the merchant")
    key(qtbot, Qt.Key.Key_Return)
    assert focused().objectName() == "criterion_text"  # ready for the next one
    assert focused().text() == ""
    tab_to(qtbot, "assumption_text")
    type_here(qtbot, "The receipt service is up")
    key(qtbot, Qt.Key.Key_Return)
    assert focused().text() == ""
    story = "(SELECT id FROM story WHERE key = 'PAY-56')"
    assert ("The receipt names the merchant",) in rows(
        demo_store, f"SELECT text FROM acceptance_criterion WHERE story_id = {story}"
    )
    assert ("The receipt service is up",) in rows(
        demo_store, f"SELECT text FROM assumption WHERE story_id = {story}"
    )


def test_refinement_idle_tab_reaches_start(qtbot: QtBot, demo_store: Store) -> None:
    window = _window(qtbot, demo_store, Qt.Key.Key_4)
    walked = names(walk_tab_order(qtbot, find(window, QWidget, "nav")))
    _in_order(walked, ["nav", "timer_start_pause", "refine_start"])


def test_refinement_walking_tab_reaches_every_control_in_reading_order(
    qtbot: QtBot, demo_store: Store
) -> None:
    window = _window(qtbot, demo_store, Qt.Key.Key_4)
    click(qtbot, window, "refine_start")
    walked = names(walk_tab_order(qtbot, find(window, QWidget, "refine_next")))
    _in_order(
        walked,
        [
            "refine_next",
            "refine_reviewed",
            "refine_finish",
            "story_title",
            "criterion_text",
            "criterion_add",
            "assumption_text",
            "estimate_commit",
            "dor_item_add",
            *(f"poker_vote_{i}" for i in range(6)),
            "poker_reveal",
            "poker_agreed",
            "poker_by",
            "poker_commit",
        ],
    )
    assert "refine_prev" in walked  # before refine_next: the walk comes back round to it
