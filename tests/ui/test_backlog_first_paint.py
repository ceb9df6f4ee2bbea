"""A first visit to the Backlog is laid out before it is painted, and painted once.

What the visit left to the event loop (layout requests from the screen's push buttons, combo
boxes re-fitting 20 ms later, the table repainting its rows after each column resize, scroll
bars shown meanwhile) came after the first paint and painted the window twice more.
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QTableView, QWidget
from pytestqt.qtbot import QtBot

from facilitator.domain.ids import MemberId, TeamId
from facilitator.domain.model import Member, Role, Seniority, Side
from facilitator.store.db import Store
from facilitator.ui.context import UiContext
from facilitator.ui.main_window import MainWindow
from facilitator.ui.screens.warming import NO_WARM
from facilitator.ui.widgets.story_form import fill_members
from tests.conftest import DEMO_TODAY

NOW = dt.datetime.combine(DEMO_TODAY, dt.time(10, tzinfo=dt.UTC))


class PaintPasses(QObject):
    """Counts the window's paint passes: the update requests that paint something in it."""

    def __init__(self, window: QWidget) -> None:
        """Count for ``window`` (install on the application)."""
        super().__init__()
        self.window = window
        self.passes = 0
        self._requested = False
        self.painted: set[str] = set()  # what each pass painted, for the failure message

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Note an update request, then the first paint in the window after it."""
        if event.type() == QEvent.Type.UpdateRequest and watched is self.window:
            self._requested = True
        elif (
            event.type() == QEvent.Type.Paint
            and isinstance(watched, QWidget)
            and watched.window() is self.window
        ):
            if self._requested:
                self._requested = False
                self.passes += 1
            if self.passes > 1:
                parent = watched.parentWidget()
                where = parent.objectName() if parent is not None else ""
                self.painted.add(f"{where}/{watched.objectName() or type(watched).__name__}")
        return False


def _window(qtbot: QtBot, store: Store) -> MainWindow:
    window = MainWindow(UiContext(store=store, now=lambda: NOW))
    qtbot.addWidget(window)
    window.resize(1000, 700)
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(100)  # Home is painted and what start-up left to the event loop has run
    return window


def _visit(qtbot: QtBot, window: MainWindow, title: str = "Backlog") -> PaintPasses:
    """Ctrl+<digit> to the screen ``title``, counting the paint passes until it settles."""
    passes = PaintPasses(window)
    app = QApplication.instance()
    assert app is not None
    app.installEventFilter(passes)
    try:
        titles = [window.nav.item(i).text().split("   ")[0] for i in range(window.nav.count())]
        digit = Qt.Key(Qt.Key.Key_0.value + titles.index(title) + 1)
        qtbot.keyClick(window.windowHandle(), digit, Qt.KeyboardModifier.ControlModifier)
        # Zero timers, the combo boxes' 20 ms re-fit and what they set off have all run.
        qtbot.wait(100)
    finally:
        app.removeEventFilter(passes)
    return passes


def test_a_cold_first_visit_paints_the_window_once(
    qtbot: QtBot, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(NO_WARM, "1")  # the screen is built by the visit, not beforehand
    window = _window(qtbot, demo_store)
    passes = _visit(qtbot, window)
    screen = window.findChild(QWidget, "backlog_screen")
    assert screen is not None
    assert screen.isVisible()
    assert passes.passes == 1, f"painted again after the first paint: {sorted(passes.painted)}"


def test_a_revisit_paints_the_window_once(
    qtbot: QtBot, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(NO_WARM, "1")
    window = _window(qtbot, demo_store)
    _visit(qtbot, window)
    _visit(qtbot, window, "Home")
    again = _visit(qtbot, window)
    assert again.passes == 1, f"painted again after the first paint: {sorted(again.painted)}"


def _text_width(box: QComboBox) -> int:
    return max(box.fontMetrics().horizontalAdvance(box.itemText(i)) for i in range(box.count()))


def test_the_editor_member_pickers_fit_the_names_after_a_refill(
    qtbot: QtBot, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(NO_WARM, "1")
    window = _window(qtbot, demo_store)
    _visit(qtbot, window)
    author = window.findChild(QComboBox, "criterion_author")
    assert author is not None
    assert author.isVisible()
    assert author.sizeHint().width() > _text_width(author)  # measured when first shown
    # Another team's story: its members refill the picker, which measures them again.
    long_name = Member(
        id=MemberId(999),
        team_id=TeamId(999),
        name="Maximiliana Bartholomew-Featherstonehaugh",
        role=Role.PRODUCT_OWNER,
        side=Side.IN_HOUSE,
        seniority=Seniority.SENIOR,
        timezone="UTC",
        work_start_min=540,
        work_end_min=1020,
    )
    before = author.sizeHint().width()
    fill_members(author, [long_name])
    assert author.sizeHint().width() > max(before, _text_width(author))


def test_the_table_columns_are_fitted_and_the_rows_shown_after_a_visit(
    qtbot: QtBot, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(NO_WARM, "1")
    window = _window(qtbot, demo_store)
    _visit(qtbot, window)
    table = window.findChild(QTableView, "backlog_table")
    assert table is not None
    header = table.horizontalHeader()
    widths = [header.sectionSize(c) for c in range(header.count())]
    # The title stretches over what the fitted columns leave of the rows' width.
    assert sum(w for c, w in enumerate(widths) if not table.isColumnHidden(c)) == header.width()
    assert table.columnViewportPosition(2) == widths[0] + widths[1]
    assert table.indexAt(table.visualRect(table.model().index(0, 2)).center()).column() == 2
