"""The Team screen's operating-model health: one line per check, coloured by its level."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

from facilitator.ops import team_model as ops
from facilitator.ui.widgets.text import drop_lines, plain_label


class HealthBox(QGroupBox):
    """The health checks of the view shown, each a plain-text line (``team_health_<key>``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        """An empty box; :meth:`show_view` lists the checks."""
        super().__init__("Operating-model health", parent)
        self.setObjectName("team_health_box")
        self._column = QVBoxLayout(self)
        self._column.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.labels: list[QLabel] = []

    def show_view(self, view: ops.TeamView) -> None:
        """Replace the lines with the view's checks."""
        drop_lines(self._column, self.labels)
        for check in view.checks:
            label = plain_label(check.line, name=f"team_health_{check.key}", wrap=True)
            label.setProperty("level", check.status.value)
            self._column.addWidget(label)
            label.show()  # now, not when the layout gets round to it
            self.labels.append(label)
