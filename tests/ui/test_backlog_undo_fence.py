"""A move, an undo and a save rename the Undo button without repainting the whole screen: the
button's new size hint no longer climbs to the tab widget, which repainted all of itself (the
editor beside the list included) on every action."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from facilitator.store.db import Store
from facilitator.ui.context import UiContext
from facilitator.ui.screens.backlog import BacklogScreen
from tests.conftest import DEMO_TODAY
from tests.helpers.backlog_team import AnsweringDialogs, make_team

NOW = dt.datetime.combine(DEMO_TODAY, dt.time(10, tzinfo=dt.UTC))


class Paints(QObject):
    """Counts the paint events of one widget."""

    def __init__(self, widget: QWidget) -> None:
        """Count ``widget``'s paints from now on."""
        super().__init__()
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Count a paint."""
        del watched
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def _settle(qtbot: QtBot) -> None:
    for _ in range(3):
        QApplication.processEvents()
        qtbot.wait(10)


def test_a_move_and_its_undo_do_not_repaint_the_editor(qtbot: QtBot, store: Store) -> None:
    team = make_team(store)
    ctx = UiContext(store=store, dialogs=AnsweringDialogs(), now=lambda: NOW)
    screen = BacklogScreen(ctx)
    ctx.actions.changed.connect(screen.apply_changes)
    qtbot.addWidget(screen)
    screen.resize(1280, 720)
    screen.show()
    screen.show_team(team.team)
    qtbot.waitExposed(screen)
    top = screen.findChild(QPushButton, "backlog_move_top")
    undo = screen.findChild(QPushButton, "backlog_undo")
    screen.select_story(team.stories[8])
    top.click()  # the first name on the button
    _settle(qtbot)
    editor = Paints(screen.editor)
    for story, text in ((4, "Undo move PAYM-5 to top"), (6, "Undo move PAYM-7 to top")):
        screen.select_story(team.stories[story])
        _settle(qtbot)
        editor.count = 0
        top.click()
        _settle(qtbot)
        assert undo.text() == text  # renamed, on screen
        assert editor.count == 0
    undo.click()
    _settle(qtbot)
    assert undo.text() == "Undo move PAYM-5 to top"
    assert editor.count == 0
