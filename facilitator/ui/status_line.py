"""The status bar's line: which database is open, and how long ago the last action was saved."""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QMainWindow

from facilitator.ui.widgets.text import plain_label, plain_tip

# How often "saved N s ago" is brought up to date, in ms.
TICK_MS = 5000


class StatusLine(QObject):
    """The database on the left of ``window``'s status bar, "✓ saved … ago" on the right."""

    def __init__(self, window: QMainWindow, opening: str) -> None:
        """Say ``opening`` until :meth:`attach` names the open database."""
        super().__init__(window)
        self.saved_at: float | None = None
        self.db_label = plain_label(opening, name="status_db")
        self.saved_label = plain_label(name="status_saved")
        window.statusBar().addWidget(self.db_label, 1)
        window.statusBar().addPermanentWidget(self.saved_label)
        self._tick = QTimer(self)
        self._tick.setInterval(TICK_MS)
        self._tick.timeout.connect(self._show_saved)

    def attach(self, display: str) -> None:
        """Name the open database (``display``: never a password) and start the saved clock."""
        self.db_label.setText(display)
        self.db_label.setToolTip(plain_tip(display))
        self._tick.start()
        self._show_saved()

    def mark_saved(self) -> None:
        """An action was just committed."""
        self.saved_at = time.monotonic()
        self._show_saved()

    def stop(self) -> None:
        """Stop the saved clock (the window closes)."""
        self._tick.stop()

    def _show_saved(self) -> None:
        if self.saved_at is None:
            self.saved_label.setText("✓ all changes saved")
            return
        ago = int(time.monotonic() - self.saved_at)
        self.saved_label.setText(f"✓ saved {ago} s ago" if ago < 120 else "✓ all changes saved")
