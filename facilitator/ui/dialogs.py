"""The only place that opens message boxes; tests replace :class:`Dialogs` with a fake."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget


class Dialogs:
    """Modal messages for what blocks the whole screen (everything else is inline)."""

    def error(self, parent: QWidget | None, title: str, text: str) -> None:
        """Show an error the user must acknowledge; ``text`` is shown as plain text."""
        box = QMessageBox(QMessageBox.Icon.Critical, title, text, QMessageBox.StandardButton.Ok)
        box.setParent(parent, box.windowFlags())
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setObjectName("error_dialog")
        box.setAccessibleName(title)
        box.exec()

    def warning(self, parent: QWidget | None, title: str, text: str) -> None:
        """Tell the user about a problem that does not stop the app; ``text`` is plain text."""
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok)
        box.setParent(parent, box.windowFlags())
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.setObjectName("warning_dialog")
        box.setAccessibleName(title)
        box.exec()

    def confirm(self, parent: QWidget | None, title: str, text: str) -> bool:
        """Ask a yes/no question about an action that cannot be undone."""
        box = QMessageBox(
            QMessageBox.Icon.Question,
            title,
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        )
        box.setParent(parent, box.windowFlags())
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setObjectName("confirm_dialog")
        box.setAccessibleName(title)
        return box.exec() == QMessageBox.StandardButton.Yes

    def save_path(
        self, parent: QWidget | None, title: str, suggested: Path, kinds: str
    ) -> Path | None:
        """Ask where to save a file (``kinds``: Qt's filter, e.g. ``"PNG (*.png);;SVG (*.svg)"``);
        None when the user cancels."""
        chosen, _ = QFileDialog.getSaveFileName(parent, title, str(suggested), kinds)
        return Path(chosen) if chosen else None
