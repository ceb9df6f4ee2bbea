"""Builders for the story editor's widgets, each with an objectName and an accessibleName."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QStylePainter,
    QWidget,
)

from facilitator.domain.model import Member
from facilitator.ui.widgets.text import plain_label, plain_tip


def button(name: str, text: str, tip: str = "") -> QPushButton:
    """A push button named ``name``."""
    widget = QPushButton(text)
    widget.setObjectName(name)
    widget.setAccessibleName(text.replace("&", ""))
    if tip:
        widget.setToolTip(tip)
    return widget


def line(
    name: str, accessible: str, placeholder: str = "", max_length: int | None = None
) -> QLineEdit:
    """A one-line text field named ``name``.

    Text fields get no ``max_length``: Qt would cut a long paste silently, whereas the domain
    refuses it with a message naming the field and its limit.
    """
    widget = QLineEdit()
    widget.setObjectName(name)
    widget.setAccessibleName(accessible)
    widget.setPlaceholderText(placeholder)
    if max_length is not None:
        widget.setMaxLength(max_length)
    return widget


# How a combo box is sized to its items (see :func:`combo`).
FIT_ON_SHOW = QComboBox.SizeAdjustPolicy.AdjustToContentsOnFirstShow
FIT_EACH_CHANGE = QComboBox.SizeAdjustPolicy.AdjustToContents


def combo(
    name: str,
    accessible: str,
    items: Sequence[tuple[str, object]] | None = None,
    *,
    fit_on_show: bool = False,
) -> QComboBox:
    """A combo box named ``name`` holding ``(text, data)`` items, as wide as the widest.

    ``fit_on_show`` measures the items when the combo is first shown and when
    :func:`fill_members` refills it, not 20 ms after each item added or removed: Qt then
    resizes the combo to fit and its layout resizes it back (QComboBox's adjustSizeTimer),
    which on a screen built and shown at once came after its first paint and laid out and
    painted the screen again. Nor does adding the items build the popup list (Qt does so to
    time the re-fit).
    """
    widget = QComboBox()
    widget.setObjectName(name)
    widget.setAccessibleName(accessible)
    widget.setSizeAdjustPolicy(FIT_ON_SHOW if fit_on_show else FIT_EACH_CHANGE)
    for text, data in items or []:
        widget.addItem(text, data)
    return widget


def refit(box: QComboBox) -> None:
    """Measure a ``fit_on_show`` combo's items again (after a refill) for its next layout.

    Changing the policy is how Qt drops the size it measured (QComboBox::sizeHint); the timer
    that starts does nothing once the policy is back.
    """
    box.setSizeAdjustPolicy(FIT_EACH_CHANGE)
    box.setSizeAdjustPolicy(FIT_ON_SHOW)


def item_list(name: str, accessible: str, height: int = 110) -> QListWidget:
    """A short list of plain-text lines named ``name`` (word-wrapped)."""
    widget = QListWidget()
    widget.setObjectName(name)
    widget.setAccessibleName(accessible)
    widget.setWordWrap(True)
    widget.setMinimumHeight(height)
    widget.setMaximumHeight(height + 50)
    return widget


def error_label(name: str) -> QLabel:
    """An inline, initially hidden message for a refused action."""
    label = plain_label(name=name, wrap=True)
    label.setProperty("level", "problem")
    label.setVisible(False)
    return label


def fill_members(box: QComboBox, members: list[Member], keep: object = None) -> None:
    """Refill a member picker with ``Name (Role)`` entries, keeping the current choice."""
    current = box.currentData() if keep is None else keep
    box.blockSignals(True)
    box.clear()
    for member in members:
        box.addItem(f"{member.name} ({member.role_label})", int(member.id))
    index = box.findData(current)
    box.setCurrentIndex(max(0, index))
    box.blockSignals(False)
    if box.sizeAdjustPolicy() == FIT_ON_SHOW:
        refit(box)  # as wide as these members' names


def row(*widgets: QWidget, stretch_first: bool = True) -> QWidget:
    """Widgets side by side in one container."""
    holder = QWidget()
    layout = QHBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    for index, widget in enumerate(widgets):
        layout.addWidget(widget, 1 if (index == 0 and stretch_first) else 0)
    return holder


class ElidedCheckBox(QCheckBox):
    """A checkbox whose long text is elided (full text in the tooltip) rather than widening
    the form; :meth:`text` stays the full text."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        """A checkbox for ``text``, which also becomes its tooltip and accessible name."""
        super().__init__(text, parent)
        self.setToolTip(plain_tip(text))
        self.setAccessibleName(text)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        """Room for the box and a few letters; the rest of the text elides."""
        hint = super().minimumSizeHint()
        return QSize(
            min(hint.width(), self.fontMetrics().horizontalAdvance("M") * 8), hint.height()
        )

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        """Draw the checkbox with its text elided to the width it has."""
        del event
        option = QStyleOptionButton()
        self.initStyleOption(option)
        room = self.style().subElementRect(QStyle.SubElement.SE_CheckBoxContents, option, self)
        option.text = self.fontMetrics().elidedText(
            self.text(), Qt.TextElideMode.ElideRight, room.width()
        )
        QStylePainter(self).drawControl(QStyle.ControlElement.CE_CheckBox, option)
