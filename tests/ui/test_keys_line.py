"""The key lines of presenter mode at 1280×720 wrap only between key groups, never inside one
("G" at the end of a line and "goal" at the start of the next)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt, QTextBoundaryFinder
from PySide6.QtGui import QTextLayout, QTextOption
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from facilitator.domain.retro_phases import RetroPhase
from facilitator.store.db import Store
from facilitator.ui import presenter, room_window
from facilitator.ui.keys_line import GROUP_GAP, PART_GAP, key_group, keys_line
from facilitator.ui.main_window import MainWindow
from facilitator.ui.screens import (
    planning_layout,
    refinement_layout,
    retro_view,
    review_layout,
    standup_layout,
)
from tests.conftest import DEMO_TODAY
from tests.helpers.scenario import BERLIN, Clock, open_window, window_key

START = dt.datetime.combine(DEMO_TODAY, dt.time(10), tzinfo=BERLIN)
CTRL = Qt.KeyboardModifier.ControlModifier
_GAP = re.compile(f"{re.escape(GROUP_GAP)}|{re.escape(PART_GAP)}")


def _groups(line: str) -> Iterator[tuple[int, int]]:
    """The (start, end) of each group of ``line``: the text between two gaps."""
    start = 0
    for gap in _GAP.finditer(line):
        yield start, gap.start()
        start = gap.end()
    yield start, len(line)


def _break_chances(line: str) -> list[int]:
    """Where Qt's line breaking may wrap ``line`` (the offsets a new line could start at)."""
    finder = QTextBoundaryFinder(QTextBoundaryFinder.BoundaryType.Line, line)
    chances = []
    while (at := finder.toNextBoundary()) not in (-1, len(line)):
        chances.append(at)
    return chances


def _inside_a_group(line: str, offsets: list[int]) -> list[str]:
    """The groups of ``line`` that one of ``offsets`` falls inside, cut there with a "|"."""
    return [
        f"{line[start:at]}|{line[at:end]}"
        for at in offsets
        for start, end in _groups(line)
        if start < at < end
    ]


def _laid_out(label: QLabel) -> list[int]:
    """Where each line of ``label`` starts, laid out as Qt lays out a wrapped label at its
    width and in its (presenter) font."""
    label.ensurePolished()
    layout = QTextLayout(label.text(), label.font())
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    starts = []
    layout.beginLayout()
    while (line := layout.createLine()).isValid():
        line.setLineWidth(label.contentsRect().width())
        starts.append(line.textStart())
    layout.endLayout()
    # The replica agrees with the label: as many lines as the label is tall.
    assert len(starts) * label.fontMetrics().lineSpacing() == label.height(), label.text()
    return starts


def _check_key_lines(window: MainWindow) -> int:
    """Every key line on show breaks only between groups; returns the most lines of one."""
    labels = [
        label
        for label in window.findChildren(QLabel)
        if label.property("role") == "keys" and label.isVisible()
    ]
    assert labels, "no key line on show"
    most = 0
    for label in labels:
        line = label.text()
        assert not _inside_a_group(line, _break_chances(line)), line  # at any width
        starts = _laid_out(label)
        assert not _inside_a_group(line, starts), line  # at this one
        most = max(most, len(starts))
    return most


def _presenting(qtbot: QtBot, store: Store, screen_key: Qt.Key) -> MainWindow:
    window = open_window(qtbot, store, Clock(START))
    window_key(qtbot, window, screen_key, CTRL)
    window_key(qtbot, window, Qt.Key.Key_F11)
    window.resize(1280, 720)  # the offscreen screen is 800 wide: the room's projector is not
    qtbot.waitUntil(lambda: window.presenter.hints.width() > 1200)
    assert window.presenter.active
    assert window.size().width() == 1280
    return window


K = Qt.Key
# Per screen: its navigation key, then the keys pressed in presenter mode, each with a group
# the line must then hold and the fewest lines it must wrap to at 1280×720.
WALKS = {
    "refinement": (
        K.Key_4,
        (
            (K.Key_S, key_group("P", "poker"), 2),  # walking: the screen's own line wraps
            (K.Key_P, key_group("Esc", "close poker"), 1),
            (K.Key_Escape, key_group("F", "finish"), 2),
            (K.Key_E, key_group("Esc", "cancel"), 1),  # a criterion typed on the stage
        ),
    ),
    "planning": (
        K.Key_5,
        (
            (K.Key_O, key_group("G", "goal"), 2),
            (K.Key_A, key_group("Return", "confirm"), 1),  # the capacity asked on the stage
        ),
    ),
    "standup": (
        K.Key_6,
        (
            (K.Key_S, key_group("R", "resolve"), 2),
            (K.Key_R, key_group("Return", "confirm"), 1),  # the resolution typed
        ),
    ),
    "review": (
        K.Key_8,
        (
            (K.Key_O, key_group("M", "make a story of the feedback"), 3),
            (K.Key_Q, key_group("Return", "confirm"), 1),  # a question typed
        ),
    ),
    "retro": (
        K.Key_9,
        (
            (K.Key_O, key_group("E", "evaluate last experiment"), 2),
            (K.Key_E, key_group("Return", "confirm"), 1),  # the evaluation asked
        ),
    ),
}


@pytest.mark.parametrize("screen", WALKS)
def test_the_key_lines_wrap_between_groups(qtbot: QtBot, demo_store: Store, screen: str) -> None:
    screen_key, presses = WALKS[screen]
    window = _presenting(qtbot, demo_store, screen_key)
    assert window.current_screen().key == screen
    _check_key_lines(window)  # before the ceremony opens
    for pressed, group, fewest in presses:
        window_key(qtbot, window, pressed)
        qtbot.wait(1)  # the labels are laid out again before they are measured
        shown = " ".join(label.text() for label in window.findChildren(QLabel) if label.isVisible())
        assert group in shown, pressed
        assert _check_key_lines(window) >= fewest, pressed


@pytest.mark.parametrize(
    "line",
    [
        presenter.HINTS,
        presenter.WINDOW_HINTS,
        room_window.ROOM_HINTS,
        *refinement_layout.KEYS_LINES.values(),
        planning_layout.KEYS_LINE,
        planning_layout.KEYS_IDLE,
        planning_layout.KEYS_PROMPT,
        planning_layout.KEYS_CHOOSE,
        standup_layout.KEYS_WALK,
        review_layout.KEYS_WALK,
        *(retro_view.phase_keys(phase) for phase in RetroPhase),
    ],
)
def test_no_key_line_can_break_inside_a_group(line: str) -> None:
    assert not _inside_a_group(line, _break_chances(line))


def test_a_group_is_glued_where_unicode_would_break_it() -> None:
    for keys, words in (("Space", "start/pause"), ("Ctrl+=/-", "size"), ("M", "mid-sprint")):
        plain = f"{keys} {words}"
        assert _break_chances(plain)  # the plain text could wrap inside the group
        assert not _break_chances(key_group(keys, words))
    line = keys_line(("←", "previous"), ("→", "next"))
    assert _break_chances(line) == [len(key_group("←", "previous")) + len(GROUP_GAP)]
