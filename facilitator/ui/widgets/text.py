"""Labels that always show user text as plain text (never as accidental rich text)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QFont, QResizeEvent
from PySide6.QtGui import Qt as QtGuiNamespace
from PySide6.QtWidgets import QFrame, QLabel, QLayout, QWidget


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
    """A QLabel in PlainText format, optionally named, wrapped, scaled and bold (a wrapped one
    remembers its heights: :class:`WrappedLabel`)."""
    label = WrappedLabel(parent) if wrap else QLabel(parent)
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


# The gaps a wrapped line must not break at: between a number and its unit ("24 h", "100 %",
# "5 pts", "14 d 1 h"). At presenter type "over 24 h" had wrapped as "over 24" over "h (oldest",
# and "100 %" as "100" over "%".
_UNIT_GAPS = re.compile(r"(?<=\d) (?=%|(?:h|d|min|pts?)\b)|(?<=\d [dh]) (?=\d)")
NO_BREAK_SPACE = "\u00a0"


def unit_glued(text: str) -> str:
    """``text`` with a no-break space in each gap between a number and its unit."""
    return _UNIT_GAPS.sub(NO_BREAK_SPACE, text)


# What a label's height for a width depends on besides its text and the setters below: a font
# or style sheet (padding, border) of its own or inherited, margins, direction.
_MEASURE_EVENTS = frozenset(
    {
        QEvent.Type.FontChange,
        QEvent.Type.StyleChange,
        QEvent.Type.Polish,
        QEvent.Type.ContentsRectChange,
        QEvent.Type.LayoutDirectionChange,
    }
)
_REMEMBERED_WIDTHS = 16
_REMEMBERED_LOOKS = 4  # the editing window's, presenter mode's and a zoom or two
Look = tuple[object, ...]


@dataclass(slots=True)
class _Measures:
    """What a wrapped label measured in one look: its heights per width, its size hints
    (each with the maximum width it was measured under: the preferred width follows it)."""

    heights: dict[int, int] = field(default_factory=dict)
    hint: tuple[int, QSize] | None = None
    minimum: tuple[int, QSize] | None = None


class WrappedLabel(QLabel):
    """A wrapping label that remembers its height for each width it was asked, for each look
    it had (font, margins), until its text changes.

    A layout pass asks a wrapped label its height for a width many times over: a box layout
    asks each item for its height and for its minimum height (the second never cached) and
    keeps one width's answer itself, so laying out boxes side by side asks again at each
    width tried. One F11 on and off on Home asked each of its wrapped lines some 90 times, at
    five widths; a selectable label lays its text out twice for each (at the width asked and
    back at its own). Presenter mode puts the same look on and off again: the heights of the
    look left are kept for its return (each F11 asked the same few widths in the same two
    looks, measured anew each time). The answers are QLabel's own, kept.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        """An empty label (see :func:`plain_label`)."""
        super().__init__(parent)
        self._plain = ""  # the text as given; Qt lays it out with its units glued
        self._text = ""
        self._look: Look | None = None  # None: read again at the next question
        self._looks: dict[Look, _Measures] = {}

    def setText(self, text: str) -> None:  # noqa: N802 - Qt override
        """Show ``text``, never wrapping a number apart from its unit (:func:`unit_glued`)."""
        self._plain = text
        super().setText(unit_glued(text))

    def text(self) -> str:
        """The text as it was given (its gaps as typed)."""
        return self._plain

    def _measured(self) -> Look:
        """What the heights depend on besides the text (the setters below forget them all)."""
        margins = self.contentsMargins()
        return (
            self.font().key(),
            margins.left(),
            margins.top(),
            margins.right(),
            margins.bottom(),
            self.frameWidth(),
            self.margin(),
            self.indent(),
            self.layoutDirection(),
        )

    def _measures(self) -> _Measures:
        """What is remembered for the text and look the label has now."""
        text = self.text()
        if text != self._text:
            self._text = text
            self._looks.clear()
        if self._look is None:
            self._look = self._measured()
        measures = self._looks.get(self._look)
        if measures is None:
            if len(self._looks) >= _REMEMBERED_LOOKS:
                self._looks.clear()
            measures = self._looks[self._look] = _Measures()
        return measures

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        """QLabel's height for ``width``, measured once for the text and look it has."""
        heights = self._measures().heights
        height = heights.get(width)
        if height is None:
            if len(heights) >= _REMEMBERED_WIDTHS:
                heights.clear()
            height = heights[width] = super().heightForWidth(width)
        return height

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        """QLabel's preferred size, measured once for the text, look and maximum width (a
        selectable label lays its text out six times to measure its two hints)."""
        measures, most = self._measures(), self.maximumWidth()
        if measures.hint is None or measures.hint[0] != most:
            measures.hint = (most, super().sizeHint())
        return QSize(measures.hint[1])

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        """QLabel's minimum size, measured once for the text, look and maximum width."""
        measures, most = self._measures(), self.maximumWidth()
        if measures.minimum is None or measures.minimum[0] != most:
            measures.minimum = (most, super().minimumSizeHint())
        return QSize(measures.minimum[1])

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        """Lay the text out at the new width now, as QLabel's own measure does, not at the
        first paint: the layout's questions, answered from what is remembered, no longer do
        it on the way, and a label laid out at its paint asks to be painted again (the
        Backlog's first visit painted the editor's heading twice)."""
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            QLabel.heightForWidth(self, event.size().width())

    def event(self, event: QEvent) -> bool:
        """Read the look again when the font, style or margins change."""
        if event.type() in _MEASURE_EVENTS:
            self._look = None
        return super().event(event)

    def _forget(self) -> None:
        self._looks.clear()
        self._look = None

    # The setters that change the measure without an event to the label.
    def setWordWrap(self, on: bool) -> None:  # noqa: N802 - Qt override
        """Wrap or not (the heights are measured again)."""
        self._forget()
        super().setWordWrap(on)

    def setIndent(self, indent: int) -> None:  # noqa: N802 - Qt override
        """Indent the text (the heights are measured again)."""
        self._forget()
        super().setIndent(indent)

    def setMargin(self, margin: int) -> None:  # noqa: N802 - Qt override
        """Set the margin (the heights are measured again)."""
        self._forget()
        super().setMargin(margin)

    def setAlignment(self, alignment: Qt.AlignmentFlag) -> None:  # noqa: N802 - Qt override
        """Align the text (the heights are measured again)."""
        self._forget()
        super().setAlignment(alignment)

    def setTextFormat(self, text_format: Qt.TextFormat) -> None:  # noqa: N802 - Qt override
        """Set the text format (the heights are measured again)."""
        self._forget()
        super().setTextFormat(text_format)

    def setTextInteractionFlags(self, flags: Qt.TextInteractionFlag) -> None:  # noqa: N802
        """Set how the text can be selected (the heights are measured again)."""
        self._forget()
        super().setTextInteractionFlags(flags)

    def setFrameShape(self, shape: QFrame.Shape) -> None:  # noqa: N802 - Qt override
        """Set the frame (the heights are measured again)."""
        self._forget()
        super().setFrameShape(shape)

    def setLineWidth(self, width: int) -> None:  # noqa: N802 - Qt override
        """Set the frame's line width (the heights are measured again)."""
        self._forget()
        super().setLineWidth(width)


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
