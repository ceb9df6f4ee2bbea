"""Labels that always show user text as plain text (never as accidental rich text)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QWidget


def plain_label(
    text: str = "",
    *,
    name: str | None = None,
    parent: QWidget | None = None,
    wrap: bool = False,
    point_scale: float = 1.0,
    bold: bool = False,
) -> QLabel:
    """A QLabel in PlainText format, optionally named, wrapped, scaled and bold."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if name:
        label.setObjectName(name)
        label.setAccessibleName(name.replace("_", " "))
    if point_scale != 1.0 or bold:
        font = QFont(label.font())
        if point_scale != 1.0 and font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * point_scale)
        font.setBold(bold)
        label.setFont(font)
    return label
