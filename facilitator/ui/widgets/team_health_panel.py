"""Home's compact operating-model health panel: a one-line tally and what is not passing.

The panel reads nothing: Home reads the checks with the rest of its summary, in the one
transaction of :func:`~facilitator.ops.teams.home_summary` (or of start-up's opening view).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

from facilitator.domain.health import Check, Status
from facilitator.ui.widgets.text import drop_lines, plain_label

MAX_LINES = 5


class HealthPanel(QGroupBox):
    """Tally of the health checks and the failing and warning ones, worst first, in words."""

    def __init__(self, parent: QWidget | None = None) -> None:
        """Build an empty panel; :meth:`show_checks` fills it."""
        super().__init__("Operating-model health", parent)
        self.setObjectName("home_health_box")
        self.summary = plain_label(name="home_health_summary", wrap=True)
        self.lines: list[QLabel] = []
        self.column = QVBoxLayout(self)
        self.column.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.column.addWidget(self.summary)

    def _clear(self) -> None:
        drop_lines(self.column, self.lines)

    def show_checks(self, checks: Sequence[Check]) -> None:
        """Show checks already computed (Home reads them with its summary)."""
        self._clear()
        counts = {status: 0 for status in Status}
        for check in checks:
            counts[check.status] += 1
        self.summary.setText(
            f"{counts[Status.PASS]} pass · {counts[Status.WARN]} warning · "
            f"{counts[Status.FAIL]} fail · {counts[Status.NO_DATA]} no data yet "
            "(details on Team)"
        )
        order = {Status.FAIL: 0, Status.WARN: 1}
        shown = sorted((c for c in checks if c.status in order), key=lambda c: order[c.status])
        for index, check in enumerate(shown[:MAX_LINES]):
            label = plain_label(check.line, name=f"home_health_{index}", wrap=True)
            label.setProperty("level", check.status.value)
            self.column.addWidget(label)
            self.lines.append(label)
        if not shown:
            label = plain_label("✓ Every recorded check passes.", name="home_health_0", wrap=True)
            self.column.addWidget(label)
            self.lines.append(label)
