"""The timer's words and its compact buttons: what each reading says, built from the state."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton

from facilitator.domain.timebox import Phase, Reading, TimerState, format_clock
from facilitator.ops.timebox import TimerView


def compact_button(text: str, name: str, accessible: str) -> QToolButton:
    """A tight text button with objectName, accessible name and tooltip (keyboard focusable)."""
    button = QToolButton()
    button.setText(text)
    button.setObjectName(name)
    button.setAccessibleName(accessible)
    button.setToolTip(accessible)
    button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    return button


def steady_width(button: QToolButton, texts: Sequence[str]) -> None:
    """Fix ``button``'s minimum width to its widest text; it ends showing the last one."""
    widths = []
    for text in texts:
        button.setText(text)
        widths.append(button.sizeHint().width())
    button.setMinimumWidth(max(widths))


def status_text(reading: Reading, state: TimerState, now: dt.datetime) -> str:
    """The line under the clock: ready, time left or over, paused, or how long it took."""
    if reading.phase is Phase.READY:
        return f"Ready · timebox {format_clock(reading.timebox)} · Space to start"
    if reading.phase is Phase.FINISHED:
        took = format_clock(state.total_elapsed(now))
        return f"✓ Finished · took {took} of {format_clock(state.total_timebox)}"
    if reading.phase is Phase.OVERTIME:
        text = f"✗ +{format_clock(int(reading.overtime))} over the timebox"
    elif reading.phase is Phase.WARNING:
        text = f"! {format_clock(reading.remaining)} left"
    else:
        text = f"{format_clock(reading.remaining)} left"
    paused = "" if reading.running else "❚❚ paused · "
    if reading.item_count == 1:  # the item is the whole ceremony: say it once
        return f"{paused}{text}"
    left = reading.ceremony_remaining
    total = f"ceremony {format_clock(abs(left))} {'left' if left >= 0 else 'over'}"
    return f"{paused}{text} · {total}"


def suggestion_text(view: TimerView) -> str:
    """What recent runs suggest for the agenda items whose timebox they would change, or an
    empty text when they would change none (the defaults already match what the team takes).

    E.g. ``Recent sessions suggest Gather 17:00 (now 18:00) · Discuss 30:00 (now 31:00)``.
    """
    parts = [
        f"{item.title} {format_clock(s)} (now {format_clock(d)})"
        for item, s, d in zip(view.state.items, view.suggestions, view.defaults, strict=True)
        if s is not None and round(s) != round(d)
    ]
    return "Recent sessions suggest " + " · ".join(parts) if parts else ""
