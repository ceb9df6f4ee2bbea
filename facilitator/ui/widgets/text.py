"""Labels that always show user text as plain text (never as accidental rich text)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFont, QResizeEvent
from PySide6.QtGui import Qt as QtGuiNamespace
from PySide6.QtWidgets import QLabel, QLayout, QWidget


def drop_lines(layout: QLayout, labels: list[QLabel]) -> None:
    """Take ``labels`` out of ``layout`` and delete them (empties the list): hidden at once,
    and nameless, so that nothing finds them by name before they are deleted."""
    for label in labels:
        layout.removeWidget(label)
        label.hide()
        label.setObjectName("")
        label.deleteLater()
    labels.clear()


def plain_tip(text: str) -> str:
    """``text`` as a tooltip Qt shows literally.

    Qt renders a tooltip as rich text whenever ``Qt.mightBeRichText`` guesses so, so a title
    like ``<h1>BIG</h1><img src=…>`` would be a heading loading a local image (and "&lt;"
    would lose its letters). Every tooltip that holds user text goes through here: text Qt
    would take for markup is escaped (line breaks kept, long lines wrap); other text is
    returned as it is, since Qt already shows it literally.
    """
    if not QtGuiNamespace.mightBeRichText(text):
        return text
    return QtGuiNamespace.convertFromPlainText(text, Qt.WhiteSpaceMode.WhiteSpaceNormal)


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


class ElidedLabel(QLabel):
    """A one-line plain-text label that elides to its current width; the tooltip has it all."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        """Create an empty label named ``name`` (object and accessible name)."""
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setObjectName(name)
        self.setAccessibleName(name.replace("_", " "))
        self._full = ""

    def set_full_text(self, text: str) -> None:
        """Show ``text``, elided if it does not fit."""
        self._full = text
        self.setToolTip(plain_tip(text))
        self.setAccessibleDescription(text)
        self._elide()

    def full_text(self) -> str:
        """The text before eliding."""
        return self._full

    def _elide(self) -> None:
        self.ensurePolished()  # measure with the style sheet's font (presenter mode changes it)
        width = max(self.contentsRect().width(), 1)
        self.setText(self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, width))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        """Re-elide for the new width."""
        super().resizeEvent(event)
        self._elide()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        """Re-elide when the font or style changes."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._elide()
