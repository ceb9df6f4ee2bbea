"""The timer's tick repaints only what changed: a clock that is not running (ready, paused)
leaves its buttons unpainted tick after tick (a tick used to enable the Next and Finish buttons
and disable them again, painting them and the timer's part of the window every 250 ms)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QAbstractButton, QApplication
from pytestqt.qtbot import QtBot

from facilitator.domain.ids import TeamId
from facilitator.store.db import Store
from tests.ui.test_timer_widget import Clock, _timer, team  # noqa: F401 - the team fixture


class Paints(QObject):
    """Counts the paints of the widgets it is installed on."""

    def __init__(self) -> None:
        """Count from zero."""
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Note a paint."""
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def test_ticks_of_a_clock_not_running_paint_no_button(
    qtbot: QtBot,
    store: Store,
    team: TeamId,  # noqa: F811 - the fixture
) -> None:
    clock = Clock()
    timer = _timer(qtbot, store, team, clock)
    qtbot.wait(50)  # shown and painted
    paints = Paints()
    buttons = timer.findChildren(QAbstractButton)
    for button in buttons:
        button.installEventFilter(paints)
    for _ in range(3):
        clock.advance(seconds=1)
        timer.refresh()  # what each 250 ms tick does
        QApplication.processEvents()
    assert not timer.next_button.isEnabled()  # one agenda item, not started: nothing next
    assert not timer.finish_button.isEnabled()
    assert paints.count == 0
