"""The timer's inline extension row: minutes and a reason, Esc cancels, Enter confirms."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QSpinBox, QWidget

from facilitator.domain.timebox import MAX_EXTENSION_MINUTES
from facilitator.ui.widgets.text import plain_label

DEFAULT_EXTENSION_MINUTES = 5


def button(text: str, name: str, accessible: str) -> QPushButton:
    """A push button with objectName, accessible name and tooltip."""
    button = QPushButton(text)
    button.setObjectName(name)
    button.setAccessibleName(accessible)
    button.setToolTip(accessible)
    return button


class ExtendPanel(QWidget):
    """Inline row asking how many minutes to add and why (no dialog: the room keeps the view).

    Signals:
        confirmed(int, str): minutes and reason.
        cancelled: the facilitator changed their mind.
    """

    confirmed = Signal(int, str)
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        """Build the hidden row."""
        super().__init__(parent)
        self.setObjectName("timer_extend_panel")
        self.minutes = QSpinBox()
        self.minutes.setObjectName("timer_extend_minutes")
        self.minutes.setAccessibleName("Minutes to add")
        self.minutes.setRange(1, MAX_EXTENSION_MINUTES)
        self.minutes.setValue(DEFAULT_EXTENSION_MINUTES)
        self.minutes.setSuffix(" min")
        self.reason = QLineEdit()
        self.reason.setObjectName("timer_extend_reason")
        self.reason.setAccessibleName("Reason for the extension")
        self.reason.setPlaceholderText("Why does the room need more time?")
        self.reason.returnPressed.connect(self._confirm)
        ok = button("Extend", "timer_extend_ok", "Extend the timebox")
        ok.clicked.connect(self._confirm)
        cancel = button("Cancel", "timer_extend_cancel", "Cancel the extension")
        cancel.clicked.connect(self.cancelled)
        self.error = plain_label(name="timer_extend_error", wrap=True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(plain_label("+"))
        layout.addWidget(self.minutes)
        layout.addWidget(self.reason, 1)
        layout.addWidget(ok)
        layout.addWidget(cancel)
        layout.addWidget(self.error)
        for widget in (self.minutes, self.reason):
            widget.installEventFilter(self)

    def open(self) -> None:
        """Show the row with a fresh reason and focus it."""
        self.reason.clear()
        self.error.clear()
        self.minutes.setValue(DEFAULT_EXTENSION_MINUTES)
        self.show()
        self.reason.setFocus()

    def show_error(self, text: str) -> None:
        """Say inline why the extension was refused."""
        self.error.setText(f"! {text}")

    def _confirm(self) -> None:
        self.confirmed.emit(self.minutes.value(), self.reason.text())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Esc cancels the extension before any window shortcut (e.g. leaving presenter mode)."""
        if isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Escape:
            if event.type() == QEvent.Type.ShortcutOverride:
                event.accept()
                return True
            if event.type() == QEvent.Type.KeyPress:
                self.cancelled.emit()
                return True
        return super().eventFilter(watched, event)
