"""Lay a filled screen out before its first paint, so that it paints once: what filling it
leaves to the event loop (layout and polish requests, item views' delayed layouts, scroll bars
shown on the next turn, a table's column-resize repaint timer) otherwise comes after the first
paint and paints it again. Used by a screen's visit and by presenter mode's F11; a screen that is
filled and then changed by the main window (the timer shown, the mode's look) lays itself out by
:class:`LaidOutBeforePaint`, and holds its layouts while it is filled (:func:`layouts_held`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QLabel,
    QTableView,
    QWidget,
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
        # QLabel's own measure: a WrappedLabel would answer from what it remembers instead.
        QLabel.heightForWidth(label, label.width())
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


class LaidOutBeforePaint(QObject):
    """Lays ``screen`` out when the event loop next delivers posted events, before the paint.

    A visit fills the screen, and then the main window shows the timer and restyles for the
    mode; what all that leaves to the event loop (layout requests, the views' scroll bars, the
    labels' text layout) came after the first paint, each part painting the screen again
    (three or four paints of the window for a Standup visit). The window's paint is a posted
    event of low priority: a queued call made now is delivered before it, after everything
    the visit does synchronously.
    """

    _due = Signal()

    def __init__(
        self,
        screen: QWidget,
        areas: Callable[[], Sequence[QAbstractScrollArea]],
        tables: Sequence[QTableView] = (),
    ) -> None:
        """Lay ``screen`` out with its scroll ``areas`` (and every label shown on it).

        ``tables``: tables of the screen, just built, whose columns the screen's first layout
        sizes (a stretched column follows the screen's width). Their headers are quiet until
        that first layout (see :func:`columns_settled`): the window showing the new screen
        lays it out before it is filled, and the tables' column-resize timers then fired
        after the first paint and painted them again.
        """
        super().__init__(screen)
        self.screen = screen
        self.areas = areas
        self._pending = False
        self._quiet = [(h, h.blockSignals(True)) for h in (t.horizontalHeader() for t in tables)]
        self._due.connect(self._lay_out, Qt.ConnectionType.QueuedConnection)

    def request(self) -> None:
        """Lay the screen out before its next paint (once, however often asked meanwhile)."""
        if not self._pending:
            self._pending = True
            self._due.emit()

    def _lay_out(self) -> None:
        self._pending = False
        if self.screen.isVisible():
            labels = [w for w in self.screen.findChildren(QLabel) if w.isVisible()]
            lay_out_now(self.areas(), labels)
            for header, was_blocked in self._quiet:
                header.blockSignals(was_blocked)
            self._quiet = []


@contextmanager
def layouts_held(widgets: Sequence[QWidget], *, now: bool = False) -> Iterator[None]:
    """Lay ``widgets`` out once after the block, not as each child is shown or hidden in it.

    Showing a child of a widget on display lays that widget out there and then, and each of
    its shown ancestors up to the window (QWidget's setVisible): on a first Standup visit the
    flag line shown after the fill laid the lists and forms out at once (4–6 ms), then again
    for everything the visit changed after it; leaving presenter mode showed the chrome, the
    status bar and the timer's buttons one by one, each laying the whole window out at a size
    it was about to leave. Meanwhile their layouts are off.

    After the block the layouts are asked for again (a posted layout request), or, ``now``,
    laid out there and then, once each, in the order given (``widgets`` outermost first: the
    requests were posted innermost first, and a screen laid out before the window had given it
    its new size was laid out twice); ``now`` redoes only those whose widget changed size.
    """
    held = []
    for widget in widgets:
        layout = widget.layout()
        if layout is not None and layout.isEnabled():
            held.append((widget, layout, widget.size()))
            layout.setEnabled(False)
    try:
        yield
    finally:
        for widget, layout, size in held:
            layout.setEnabled(True)
            if not now or widget.size() != size:
                layout.invalidate()
        if now:
            for _widget, layout, _size in held:
                layout.activate()
