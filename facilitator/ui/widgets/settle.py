"""Lay a filled screen out before its first paint, so that it paints once: what filling it
leaves to the event loop (layout and polish requests, item views' delayed layouts, scroll bars
shown on the next turn, a table's column-resize repaint timer) otherwise comes after the first
paint and paints it again. Used by a screen's visit and by presenter mode's F11."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QLabel,
    QTableView,
)


def lay_out_now(areas: Sequence[QAbstractScrollArea], labels: Sequence[QLabel] = ()) -> None:
    """Lay the filled screen out before it is painted, with the scroll ``areas``' scroll bars
    placed and the item views' items laid out at their sizes, so that a visit paints once.

    What filling the list and the editor leaves to the event loop came after the first paint,
    each part setting off another (three paints of the whole screen on a first visit; a layout
    done under the QTabWidget repaints all of it, some 7 ms):

    - layout requests, and the item views' delayed layouts;
    - a new screen's polish requests, posted as each widget is created: a push button's asks
      its layout again (QPushButton::event), so every row of buttons was laid out again;
    - a scroll area shows or hides a scroll bar on the next turn after its range changes (a
      queued call), which resizes its viewport (and lays its items out again);
    - what was shown meanwhile asks to be painted later (QWidget posts an UpdateLater as it
      shows): the scroll bars that the rows and the form now need were painted again;
    - ``labels``: a selectable label on one line (it has a text control) lays its text out at
      its first paint after a resize, and that asks for another paint (QLabel::paintEvent).
    """
    QApplication.sendPostedEvents(None, QEvent.Type.PolishRequest)
    for _ in range(2):  # scroll bars placed can change the viewports' sizes: once more then
        for _ in range(3):  # a layout done can ask its parent's again
            QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        for area in areas:
            if isinstance(area, QAbstractItemView):
                area.doItemsLayout()  # at the size just laid out
            QApplication.sendPostedEvents(area, QEvent.Type.MetaCall)  # its scroll bars
    for label in labels:  # its text laid out at its width now (heightForWidth does), not painting
        label.heightForWidth(label.width())
    QApplication.sendPostedEvents(None, QEvent.Type.UpdateLater)


@contextmanager
def columns_settled(table: QTableView) -> Iterator[None]:
    """Size the table's columns (fitted, the stretch column following the layout) without the
    view repainting its rows for each resize after the screen is painted.

    QTableView answers a column resize with a zero timer that repaints the rows from that
    column rightwards: on a first visit it fired after the first paint and painted the whole
    table again (4–5 ms at 20,000 stories). Its header is quiet meanwhile; laying the view's
    items out (:func:`lay_out_now`) updates its geometry and repaints it, as the timer would.
    """
    header = table.horizontalHeader()
    was_blocked = header.blockSignals(True)
    try:
        yield
    finally:
        header.blockSignals(was_blocked)
