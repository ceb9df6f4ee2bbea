"""In presenter mode the window's hint line starts where the screen's own text starts."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from facilitator.store.db import Store
from tests.helpers.backlog_team import make_team
from tests.helpers.scenario import BERLIN, Clock, find, open_window, window_key

CTRL = Qt.KeyboardModifier.ControlModifier


def _text_left(label: QLabel) -> int:
    """Where the label's text starts, in window coordinates (its margins and indent inside)."""
    inside = label.contentsRect().left() + max(0, label.indent())
    return label.mapTo(label.window(), QPoint(inside, 0)).x()


def test_the_hint_line_lines_up_with_the_screens_text(qtbot: QtBot, store: Store) -> None:
    # It sat a layout margin to the left of everything above it; on Refinement, whose own
    # keys line is inside the screen, the two key lines under each other did not line up.
    make_team(store, stories=3)
    window = open_window(qtbot, store, Clock(dt.datetime(2026, 11, 27, 14, 0, tzinfo=BERLIN)))
    window_key(qtbot, window, Qt.Key.Key_4, CTRL)
    window_key(qtbot, window, Qt.Key.Key_F11)
    hints = find(window, QLabel, "presenter_hints")
    keys = find(window, QLabel, "refine_keys")
    assert hints.isVisible()
    assert keys.isVisible()
    assert _text_left(hints) == _text_left(keys)
    window_key(qtbot, window, Qt.Key.Key_8, CTRL)  # the review's stage: the heading above it
    assert _text_left(hints) == _text_left(find(window, QLabel, "review_progress"))


def _left_on(screen: QWidget, label: QLabel) -> int:
    """Where the label's text starts, in the screen's coordinates."""
    return label.mapTo(screen, QPoint(label.contentsRect().left() + max(0, label.indent()), 0)).x()


def test_the_refinement_stage_starts_where_its_buttons_and_keys_start(
    qtbot: QtBot, store: Store
) -> None:
    # The story sits in a scroll area; its own layout margin put the heading, the title and the
    # criteria one margin to the right of the buttons above them and of the keys under them.
    make_team(store, stories=3)
    window = open_window(qtbot, store, Clock(dt.datetime(2026, 11, 27, 14, 0, tzinfo=BERLIN)))
    window_key(qtbot, window, Qt.Key.Key_4, CTRL)
    screen = find(window, QWidget, "refinement_screen")
    bar = find(window, QWidget, "refine_bar")
    assert bar.isVisible()
    edge = bar.mapTo(screen, QPoint(0, 0)).x()
    stage = [find(window, QLabel, n) for n in ("refine_progress", "refine_criteria_heading")]
    assert [_left_on(screen, label) for label in stage] == [edge, edge]
    window_key(qtbot, window, Qt.Key.Key_F11)
    keys = find(window, QLabel, "refine_keys")
    assert keys.isVisible()
    assert [_left_on(screen, label) for label in (keys, *stage)] == [edge, edge, edge]


@pytest.mark.parametrize(
    ("digit", "heading"),
    [
        (Qt.Key.Key_4, "refine_progress"),
        (Qt.Key.Key_5, "plan_progress"),
        (Qt.Key.Key_6, "standup_progress"),
        (Qt.Key.Key_8, "review_progress"),
        (Qt.Key.Key_9, "retro_progress"),
    ],
)
def test_every_ceremony_stage_starts_where_the_hint_line_starts(
    qtbot: QtBot, store: Store, digit: Qt.Key, heading: str
) -> None:
    # Planning's stage sat 18 px, the Standup's and the Retro's 9 px right of the key line.
    make_team(store, stories=3)
    window = open_window(qtbot, store, Clock(dt.datetime(2026, 11, 27, 14, 0, tzinfo=BERLIN)))
    window_key(qtbot, window, digit, CTRL)
    window_key(qtbot, window, Qt.Key.Key_F11)
    hints = find(window, QLabel, "presenter_hints")
    assert hints.isVisible()
    assert _text_left(find(window, QLabel, heading)) == _text_left(hints)
