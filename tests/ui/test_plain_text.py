"""User text is plain text on every screen: markup in a title, a team or a member name is shown
literally by every label and every tooltip (a tooltip is rich text whenever Qt guesses so, which
would render ``<h1>`` as a heading and load a local ``<img>``)."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from PySide6 import QtGui
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QFont, QFontMetrics, QTextLayout, QTextOption
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QListWidget,
    QPushButton,
    QTabWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from facilitator.domain.model import StoryType
from facilitator.ops import story_editing as edit
from facilitator.ops.changes import ActionContext
from facilitator.store.db import Store
from facilitator.ui.context import UiContext
from facilitator.ui.main_window import SCREENS, MainWindow
from facilitator.ui.widgets.text import plain_label, plain_tip
from tests.conftest import DEMO_TODAY
from tests.helpers.backlog_team import make_team, new_assumption, new_criterion

NOW = dt.datetime.combine(DEMO_TODAY, dt.time(10, tzinfo=dt.UTC))
TITLE = "<h1>BIG</h1><img src='file:///tmp/facilitator-probe.png'>"
TEAM = "<b>Pay</b>ments"
MEMBER = "<i>Lucas</i> Engineer"
MARKUP = ("<h1>BIG</h1>", "<b>Pay</b>", "<i>Lucas</i>")


def _renders_markup(tip: str) -> bool:
    """Whether Qt would render user markup in this tooltip (it does when it guesses rich text)."""
    return any(m in tip for m in MARKUP) and QtGui.Qt.mightBeRichText(tip)


def _offenders(root: QWidget, where: str, seen: set[str]) -> list[str]:
    """Every label that could render the markup, and every tooltip that holds it unescaped."""
    bad: list[str] = []
    widgets = [root, *root.findChildren(QWidget)]
    for widget in widgets:
        name = f"{where}: {type(widget).__name__} {widget.objectName()!r}"
        if isinstance(widget, QLabel) and any(m in widget.text() for m in MARKUP):
            seen.add(f"{where} label {widget.objectName()}")
            if widget.textFormat() != Qt.TextFormat.PlainText:
                bad.append(f"{name} shows {widget.text()!r} as {widget.textFormat()}")
        tip = widget.toolTip()
        if _renders_markup(tip):
            bad.append(f"{name} tooltip {tip!r}")
        elif "&lt;" in tip:
            seen.add(f"{where} tooltip {widget.objectName()}")
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            try:
                columns = model.columnCount(QModelIndex())
            except TypeError:  # a list model's columnCount is private: one column
                columns = 1
            for row in range(min(model.rowCount(QModelIndex()), 50)):
                for column in range(columns):
                    index = model.index(row, column)
                    item_tip = model.data(index, Qt.ItemDataRole.ToolTipRole)
                    if isinstance(item_tip, str) and _renders_markup(item_tip):
                        bad.append(f"{name} row {row} column {column} tooltip {item_tip!r}")
                    elif isinstance(item_tip, str) and "&lt;" in item_tip:
                        seen.add(f"{where} item tooltip {widget.objectName()}")
    return bad


def _nav(window: MainWindow, title: str) -> None:
    row = next(i for i, factory in enumerate(SCREENS) if factory.title == title)
    window.findChild(QListWidget, "nav").setCurrentRow(row)


def test_markup_in_user_text_is_shown_literally_everywhere(qtbot: QtBot, store: Store) -> None:
    team = make_team(store, stories=3)
    edit.update_story(
        store,
        ActionContext(NOW),
        team.stories[0],
        title=TITLE,
        description=TITLE,
        kind=StoryType.STORY,
    )
    new_criterion(store, team.stories[0], f"Given {TITLE}", team.po)
    new_assumption(store, team.stories[0], TITLE, NOW)
    path = store.target.sqlite_path
    assert path is not None
    conn = sqlite3.connect(path)
    conn.execute("UPDATE team SET name = ?", (TEAM,))
    conn.execute("UPDATE member SET name = ? WHERE name = 'Lucas Engineer'", (MEMBER,))
    conn.commit()
    conn.close()

    window = MainWindow(UiContext(store=store, now=lambda: NOW))
    window.timer._beep = lambda: None
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    bad: list[str] = []
    seen: set[str] = set()

    bad += _offenders(window, "Home", seen)
    _nav(window, "Team")
    bad += _offenders(window, "Team", seen)
    _nav(window, "Backlog")  # the first story is selected: its editor is open
    bad += _offenders(window, "Backlog", seen)
    tabs = window.findChild(QTabWidget, "backlog_tabs")
    tabs.setCurrentIndex(1)
    bad += _offenders(window, "Readiness", seen)
    tabs.setCurrentIndex(0)

    _nav(window, "Refinement")
    window.findChild(QPushButton, "refine_start").click()
    bad += _offenders(window, "Refinement", seen)
    window.findChild(QPushButton, "refine_next").click()
    window.findChild(QPushButton, "refine_prev").click()
    bad += _offenders(window, "Refinement walked", seen)
    window.presenter.toggle()
    assert window.presenter.active
    bad += _offenders(window, "Presenter", seen)
    window.presenter.toggle()
    room = window.room.open()
    qtbot.addWidget(room)
    bad += _offenders(room, "Room window", seen)
    window.findChild(QPushButton, "refine_finish").click()
    bad += _offenders(window, "Refinement summary", seen)

    assert bad == []
    # The check really looked at the places that show the title (so it cannot pass vacuously).
    for place in (
        "Home label home_team_name",
        "Backlog item tooltip backlog_table",
        "Backlog label story_heading",
        "Backlog tooltip story_heading",
        "Readiness item tooltip readiness_table",
        "Refinement label refine_title",
        "Refinement tooltip refine_title",
        "Presenter label refine_title",
        "Room window label room_title",
        "Room window tooltip room_title",
    ):
        assert place in seen, sorted(seen)


@pytest.mark.parametrize(
    ("text", "tip"),
    [
        ("", ""),
        ("Story number 1", "Story number 1"),  # Qt shows it literally already: unchanged
        ("x\n<b>y</b>", "x\n<b>y</b>"),  # markup after the first line is not taken as rich
        ("PAY-1 <h1>BIG</h1>", "<p>PAY-1 &lt;h1&gt;BIG&lt;/h1&gt;</p>"),
        ("a &lt; b", "<p>a &amp;lt; b</p>"),  # would otherwise lose its letters
    ],
)
def test_plain_tip_escapes_what_qt_would_take_for_markup(text: str, tip: str) -> None:
    assert plain_tip(text) == tip


def _wrapped_lines(text: str, font: QFont, width: int) -> list[str]:
    """The lines Qt wraps ``text`` into at ``width`` pixels, as a word-wrapping label does."""
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    layout.setTextOption(option)
    layout.beginLayout()
    lines: list[str] = []
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        lines.append(text[line.textStart() : line.textStart() + line.textLength()].strip())
    layout.endLayout()
    return lines


def _starts_with_a_unit(line: str) -> bool:
    return line.split()[0].rstrip(",)") in {"h", "%", "pts", "d"}


@pytest.mark.parametrize(
    ("words", "fits"),
    [
        ("2 open over 24 h (oldest 337 h)", "2 open over 24"),
        ("Predictability, last 3 sprints: 100 %, 100 %", "Predictability, last 3 sprints: 100"),
        ("Sprint 201 forecast: 8 stories, 51 / 56 pts", "Sprint 201 forecast: 8 stories, 51 / 56"),
        ("the oldest open 14 d 1 h", "the oldest open 14"),
    ],
)
def test_a_wrapped_line_never_breaks_a_number_from_its_unit(
    qtbot: QtBot, words: str, fits: str
) -> None:
    label = plain_label(words, wrap=True)
    qtbot.addWidget(label)
    font = QFont(label.font())
    font.setPixelSize(28)  # presenter type
    width = QFontMetrics(font).horizontalAdvance(fits) + 4  # the number fits, its unit not
    unglued = _wrapped_lines(words, font, width)
    assert any(_starts_with_a_unit(line) for line in unglued[1:])  # as it was
    shown = _wrapped_lines(QLabel.text(label), font, width)  # what Qt lays out
    assert not any(_starts_with_a_unit(line) for line in shown[1:]), shown
    assert label.text() == words  # read back as given, plain spaces
