"""Read-only tables of plain-text cells (the standup's updates and blockers, the decision log),
filled and fitted to their text once per fill, their rows measured only when in view.

A table is a QTableWidget (:func:`table`: an item per cell) or a QTableView over a
:class:`~facilitator.ui.models.plain_rows.PlainRowsModel` (:func:`table_view`: a fill is one
model reset, for a long log); filling and fitting read either through the view's model.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
)

from facilitator.ui.models.plain_rows import PlainRowsModel
from facilitator.ui.widgets.column_fit import fitted_width
from facilitator.ui.widgets.settle import columns_settled
from facilitator.ui.widgets.text import plain_tip


def table(
    name: str, accessible: str, headers: Sequence[str], stretch: Sequence[int] = ()
) -> QTableWidget:
    """A read-only table of plain-text cells (Tab moves past it, arrows move inside it);
    the ``stretch`` columns share the width and wrap, the others fit their contents."""
    widget = QTableWidget(0, len(headers))
    widget.setHorizontalHeaderLabels(list(headers))
    _configure(widget, name, accessible, stretch)
    return widget


def table_view(
    name: str, accessible: str, model: PlainRowsModel, stretch: Sequence[int] = ()
) -> QTableView:
    """:func:`table` as a view over ``model``, for tables long enough that an item per cell
    costs: a fill is one model reset."""
    view = QTableView()
    view.setModel(model)
    view.setItemDelegate(PlainRowsDelegate(model, view))
    _configure(view, name, accessible, stretch)
    return view


class PlainRowsDelegate(QStyledItemDelegate):
    """Paints and measures a :class:`PlainRowsModel`'s cells from its strings.

    The standard delegate asks the model for seven roles per cell painted or measured (font,
    alignment, colour, check state, icon, text, background), each a call into Python: painting
    and measuring the rows in view cost more than making the QTableWidgetItems had (measuring
    30 rows of a decision log: 3.3 ms, 0.8 ms for items; 2.2 ms with this delegate). This model
    has only text, so the text is all it reads, and it shows it as the standard delegate does.
    """

    def __init__(self, model: PlainRowsModel, parent: QObject | None = None) -> None:
        """Show ``model``'s cells."""
        super().__init__(parent)
        self.model = model

    def initStyleOption(  # noqa: N802 - Qt override
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        """What the standard delegate sets for a cell with text and no other role."""
        if index.model() is not self.model or not isinstance(index, QModelIndex):
            super().initStyleOption(option, index)
            return
        option.index = index
        # Every cell has text, if empty ("" is text to the standard delegate: its margins
        # count when a column is fitted).
        option.features |= QStyleOptionViewItem.ViewItemFeature.HasDisplay
        option.text = self.model.shown(index.row(), index.column())
        # As the standard delegate: no style animations in a cell (QTBUG-30146).
        option.styleObject = None  # type: ignore[assignment]


def _configure(widget: QTableView, name: str, accessible: str, stretch: Sequence[int]) -> None:
    widget.setObjectName(name)
    widget.setAccessibleName(accessible)
    widget.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    widget.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    widget.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    widget.setTabKeyNavigation(False)  # Tab leaves the table: no focus trap
    widget.setWordWrap(True)
    widget.verticalHeader().setVisible(False)
    header = widget.horizontalHeader()
    # Sized before it is shown: no column-resize timer left to repaint it after its first
    # paint (a new Decisions screen's log was painted twice).
    with columns_settled(widget):
        # The other columns are fitted to their text by fill (measured once, not on every
        # layout pass as ResizeToContents does: 25 ms for a 400-decision log).
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column in stretch:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(not stretch)
        fit_columns(widget)
    # Wrapped rows follow the width: a wider window gives them back their height (the rows
    # in view are measured, the others when scrolled to).
    RowFitter(widget)


def fill(widget: QTableView, rows: Sequence[Sequence[str]], data: Sequence[int] = ()) -> None:
    """Replace the table's rows (``data``: an id per row, kept on the first cell).

    Columns and rows are fitted to their text once, at the end: fitted after every cell (each
    new cell measured its whole column again, and resized it, which refitted every row) a
    400-decision log took 17 s to show. A :func:`table_view` keeps the row with the same id
    current (a reset forgets the current row; the widget keeps the row at the same place).
    """
    if isinstance(widget, QTableWidget):
        _fill_items(widget, rows, data)
        columns = [
            [cells[c] if c < len(cells) else "" for cells in rows]
            for c in range(widget.columnCount())
        ]
    else:
        model = widget.model()
        if not isinstance(model, PlainRowsModel):
            raise TypeError(f"{widget.objectName()}: not a table_view")
        current = model.row_id(widget.currentIndex().row())
        model.set_rows(rows, data)
        row = None if current is None else model.row_of(current)
        if row is not None:
            widget.selectionModel().setCurrentIndex(
                model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        columns = model.texts()
    fitter = widget.findChild(RowFitter, "row_fitter")
    if fitter is not None and not widget.isVisible():
        fitter.fit_when_shown(columns)  # at the font and width it is shown with
        return
    fit_columns(widget, columns)
    fit_rows(widget, columns)


def show_rows(widget: QTableView, rows: Sequence[Sequence[str]], data: Sequence[int] = ()) -> bool:
    """:func:`fill` a :func:`table_view` with ``rows`` unless it shows them (and ``data``)
    already: a revisit or a clock tick that changed no text measures and repaints nothing.

    Returns:
        Whether the table was filled.
    """
    model = widget.model()
    if isinstance(model, PlainRowsModel) and model.shows(rows, data):
        return False
    fill(widget, rows, data)
    return True


def _fill_items(widget: QTableWidget, rows: Sequence[Sequence[str]], data: Sequence[int]) -> None:
    header = widget.horizontalHeader()
    was_blocked = header.blockSignals(True)
    widget.setUpdatesEnabled(False)
    try:
        widget.setRowCount(len(rows))
        for r, cells in enumerate(rows):
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(plain_tip(text))
                if c == 0 and r < len(data):
                    item.setData(Qt.ItemDataRole.UserRole, data[r])
                widget.setItem(r, c, item)
    finally:
        header.blockSignals(was_blocked)
        widget.setUpdatesEnabled(True)


def table_texts(widget: QTableView) -> list[list[str]]:
    """The table's texts column by column, as its model gives them (an empty cell: "")."""
    model = widget.model()
    if isinstance(model, PlainRowsModel):
        return model.texts()
    return [_texts(widget, c) for c in range(model.columnCount())]


def _texts(widget: QTableView, column: int) -> list[str]:
    model = widget.model()
    cells = (model.index(r, column).data() for r in range(model.rowCount()))
    return ["" if text is None else str(text) for text in cells]


def fit_columns(widget: QTableView, texts: Sequence[Sequence[str]] | None = None) -> None:
    """Fit each column that does not stretch to its header and its widest cell (``texts``:
    the cells' texts column by column; None: read from the cells), measured once, not on every
    layout pass as ResizeToContents does (25 ms for a 400-decision log)."""
    header = widget.horizontalHeader()
    last = header.count() - 1
    natural: dict[int, int] = {}
    for column in range(header.count()):
        if (
            header.isSectionHidden(column)  # a column presenter mode leaves out
            or header.sectionResizeMode(column) != QHeaderView.ResizeMode.Interactive
            or (column == last and header.stretchLastSection())
        ):
            continue
        cells = _texts(widget, column) if texts is None else texts[column]
        natural[column] = fitted_width(widget, column, cells)
    fitter = widget.findChild(RowFitter, "row_fitter")
    if fitter is not None:
        fitter.natural = natural  # kept: a wider or narrower view shares its width again
    share_width(widget, natural)


# The wrapping columns' least share of the width: fitted to long texts (or to presenter
# mode's type) the other columns left a Question or Blocker column some 50 px, a word a line.
STRETCH_SHARE = 0.4
# A table's own least share for them (a float property), where its wrapping columns carry what
# the room reads: the decision log in presenter mode.
STRETCH_SHARE_PROPERTY = "stretch_share"


def share_width(widget: QTableView, natural: Mapping[int, int]) -> None:
    """Give the fitted columns their ``natural`` widths; where the stretched columns would keep
    less than their share of the view's width, the widest are narrowed first, all to one
    width (a narrowed cell elides or wraps its text; its tooltip has all of it), so that a
    short column (a flag, a key, an hour count) keeps its text whole. No column is narrowed
    below its header's text: in presenter mode's type "Decision-maker" was cut to "cision-mak"
    (a header has no tooltip, and the room reads it from afar)."""
    header = widget.horizontalHeader()
    hidden = sum(1 for c in range(header.count()) if header.isSectionHidden(c))
    stretched = header.count() - hidden - len(natural)
    room = widget.viewport().width()
    share = widget.property(STRETCH_SHARE_PROPERTY)
    allowed = int(room * (1 - (share if isinstance(share, float) else STRETCH_SHARE)))
    shown = dict(natural)
    if stretched > 0 and room > 0 and sum(natural.values()) > allowed:
        floors = {c: header.sectionSizeHint(c) for c in natural}
        shown.update(capped(natural, allowed, header.minimumSectionSize(), floors))
    for column, width in shown.items():
        if header.sectionSize(column) != width:
            header.resizeSection(column, width)


def capped(
    natural: Mapping[int, int],
    budget: int,
    least: int,
    floors: Mapping[int, int] | None = None,
) -> dict[int, int]:
    """The widths ``natural`` (column → width) within ``budget`` in all: the narrowest keep
    theirs while the rest can share what is left at a width at least as large; those are
    all given that width (never below ``least``, nor below a column's ``floors`` width, its
    header's: such a column keeps its floor and the others share what is left)."""
    widths: dict[int, int] = {}
    left = sorted(natural.items(), key=lambda item: item[1])
    while left:
        column, width = left[0]
        if width * len(left) > budget:
            break
        widths[column] = width
        budget -= width
        left.pop(0)
    floors = floors or {}
    while left:
        level = max(least, budget // len(left))
        needy = [(c, w) for c, w in left if min(w, floors.get(c, 0)) > level]
        if not needy:
            widths.update({column: level for column, _width in left})
            break
        for column, width in needy:
            widths[column] = min(width, floors[column])
            budget -= widths[column]
            left.remove((column, width))
    return widths


class RowFitter(QObject):
    """Fits a table's rows to their wrapped text, the rows in view only.

    Measuring every row (resizeRowsToContents) took 20–35 ms for a 400-decision log. The rows
    in view are measured exactly; the others get a height estimated from their text's length
    and are measured when they scroll into view, when the view grows taller, or when the
    columns' widths change.
    """

    def __init__(self, widget: QTableView) -> None:
        """Fit ``widget``'s rows from now on (kept alive by the table)."""
        super().__init__(widget)
        self.widget = widget
        self.setObjectName("row_fitter")
        self.measured: set[int] = set()
        self.texts: list[list[str]] = []
        # After the view has taken the new widths in (in the signal it still measures at the
        # old ones), once however many columns the layout resized.
        self.resized = QTimer(self)
        self.resized.setSingleShot(True)
        self.resized.setInterval(0)
        self.resized.timeout.connect(lambda: self.refit(self.texts))
        widget.horizontalHeader().sectionResized.connect(lambda *_: self.resized.start())
        widget.verticalScrollBar().valueChanged.connect(lambda _v: self.fit_visible())
        widget.viewport().installEventFilter(self)
        # Filled while hidden, or given another font (presenter mode's type): columns and rows
        # are fitted when it is shown. Fitted while hidden under presenter mode's larger type,
        # a table kept its wide columns and tall rows after presenter mode ended.
        self.stale = False
        self.natural: dict[int, int] = {}  # the fitted columns' widths before any sharing
        widget.installEventFilter(self)

    def fit_when_shown(self, texts: list[list[str]] | None = None) -> None:
        """Fit the columns and rows to ``texts`` (None: read them) when the table is shown."""
        self.texts = texts if texts is not None else []
        self.stale = True

    def fit_stale(self) -> None:
        """Fit now, hidden or not, when filled while hidden (a hidden screen laid out at the
        size it is shown at: its showing then has nothing left to fit)."""
        if self.stale:
            self.fit_all()

    def _fit_if_stale(self) -> None:
        if self.stale and self.widget.isVisible():
            self.fit_all()

    def fit_all(self) -> None:
        """Fit the columns, then the rows, to the texts and the font the table has now."""
        self.stale = False
        texts = self.texts or table_texts(self.widget)
        fit_columns(self.widget, texts)
        self.refit(texts)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """A taller view shows rows not measured yet (a wider or narrower one refits them); a
        new font or a fill while hidden refits the table where it shows."""
        if watched is self.widget:
            if event.type() == QEvent.Type.FontChange:
                # Measured once the style has settled: in the change itself a cell's size hint
                # still had the old type's margins (columns came out 50-150 px too wide).
                self.stale = True
                QTimer.singleShot(0, self._fit_if_stale)
            elif event.type() == QEvent.Type.Show:
                self._fit_if_stale()
            return super().eventFilter(watched, event)
        if event.type() == QEvent.Type.Resize and isinstance(event, QResizeEvent):
            if event.size().width() != event.oldSize().width():
                share_width(self.widget, self.natural)  # the rows follow the new widths
            elif event.size().height() > event.oldSize().height():
                self.fit_visible()
        return super().eventFilter(watched, event)

    def refit(self, texts: list[list[str]] | None = None) -> None:
        """The texts (``texts``, column by column; None: read them) or the widths changed:
        estimate every row, measure those in view."""
        widget = self.widget
        model = widget.model()
        self.measured.clear()
        self.texts = texts if texts is not None else table_texts(widget)
        rows = model.rowCount()
        if rows == 0 or len(self.texts) != model.columnCount():
            return
        metrics = widget.fontMetrics()
        char, line = max(1, metrics.averageCharWidth()), metrics.lineSpacing()
        # An estimate: the header's least height, a line and its margins per wrapped line.
        one_line = max(widget.verticalHeader().sectionSizeHint(0), line + 4)
        estimates: list[list[int]] = []  # per column that wraps, each row's lines
        hidden = widget.horizontalHeader().isSectionHidden
        for c, column in enumerate(self.texts):
            if hidden(c):  # a column presenter mode leaves out wraps nothing
                continue
            room = max(1, widget.columnWidth(c) - 2 * char)
            if max(map(len, column)) * char > room:
                estimates.append([-(-len(text) * char // room) for text in column])
            if any("\n" in text for text in column):
                estimates.append([text.count("\n") + 1 for text in column])
        lines = list(map(max, zip(*estimates, strict=True))) if estimates else [1] * rows
        with _rows_quiet(widget):
            for r, count in enumerate(lines):
                widget.setRowHeight(r, one_line + (max(1, count) - 1) * line)
        self._settle()
        self.fit_visible()

    def _settle(self) -> None:
        """Lay the view out for the heights just set, so that the rows are measured at the
        widths they are shown at.

        WORKAROUND: a scroll area shows or hides a scroll bar in a queued call after its range
        changes (QAbstractScrollArea's _q_showOrHideScrollBars); a long log's rows in view were
        measured, then the bar took 14 px from the stretched columns and they were measured
        again (a second refit on a first Decisions visit), and painted twice.
        """
        widget = self.widget
        widget.executeDelayedItemsLayout()  # a fill's layout, due later (a second paint)
        widget.updateGeometries()  # the scroll bars' ranges
        QCoreApplication.sendEvent(widget, QEvent(QEvent.Type.LayoutRequest))  # their bars
        widget.horizontalHeader().length()  # the stretched columns' new widths (posted)
        self.resized.stop()  # measured at the widths from now on: nothing left to refit

    def fit_visible(self) -> None:
        """Measure the rows in view not measured yet (until the rows in view stay the same)."""
        widget = self.widget
        header = widget.verticalHeader()
        rows = widget.model().rowCount()
        for _ in range(4):  # a measured row grows or shrinks: other rows come into view
            top = max(0, header.visualIndexAt(0))
            bottom = header.visualIndexAt(widget.viewport().height())
            bottom = rows - 1 if bottom < 0 else bottom
            due = [r for r in range(top, bottom + 1) if r not in self.measured]
            if not due:
                return
            least = header.sectionSizeHint(top)  # as resizeRowsToContents: never below it
            with _rows_quiet(widget):
                for r in due:
                    self.measured.add(r)
                    height = max(least, widget.sizeHintForRow(r))
                    if widget.rowHeight(r) != height:
                        widget.setRowHeight(r, height)


@contextmanager
def _rows_quiet(widget: QTableView) -> Iterator[None]:
    """Set row heights without the view repainting the rows on a zero timer afterwards.

    QTableView answers a row resize with a zero timer that repaints the rows resized (and
    updates its scroll bars): on a first Decisions visit it fired after the first paint and
    painted the log again. Its vertical header is quiet meanwhile; the view's geometry and
    rows are updated at once instead, before the paint.
    """
    header = widget.verticalHeader()
    was_blocked = header.blockSignals(True)
    try:
        yield
    finally:
        header.blockSignals(was_blocked)
        widget.updateGeometries()
        widget.viewport().update()


def fit_rows(widget: QTableView, texts: list[list[str]] | None = None) -> None:
    """Fit the rows of a :func:`table` to its texts (``texts`` column by column, else read
    from the cells): those in view now, the others when seen."""
    fitter = widget.findChild(RowFitter, "row_fitter")
    if fitter is not None:
        fitter.refit(texts)
    else:
        widget.resizeRowsToContents()
