"""Ceremony screens: screens whose ceremony drives the shared timebox timer in the top bar.

A ceremony screen does not own the timer. It says when its ceremony starts and finishes, and
when a key needs the editing controls back; the main window connects those signals to the
shared :class:`~facilitator.ui.widgets.timer.TimerWidget` and to the presenter controller, so
the room sees one flow ("Start refinement" starts the clock) and presenter mode has one owner.
"""

from __future__ import annotations

from PySide6.QtCore import Signal

from facilitator.ui.screens.base import Screen


class CeremonyScreen(Screen):
    """A :class:`Screen` that facilitates a timeboxed ceremony.

    Signals:
        ceremony_started: the ceremony began; the window starts (or resumes) the timer.
        ceremony_finished: the ceremony ended; the window finishes the timer session.
        leave_presenter: a key needs the editing controls; the window leaves presenter mode.
    """

    ceremony_started = Signal()
    ceremony_finished = Signal()
    leave_presenter = Signal()
