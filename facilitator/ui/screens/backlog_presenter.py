"""The Backlog screen's presenter layout: the ranked list in room-size type and the story picked.

The table's rows, header and fixed columns are measured from the font the table has now (the
presenter style sheet's, or the OS font), so nothing overlaps or is cut at any type scale.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt, QTimer
from PySide6.QtWidgets import QHeaderView, QSizePolicy, QTableView, QVBoxLayout, QWidget

from facilitator.ui.models.backlog_model import BacklogModel
from facilitator.ui.widgets.text import ElidedLabel, plain_label

# The keys that work on the Backlog screen in presenter mode (the table has focus).
PRESENTER_KEYS = "↑ ↓ select   Ctrl+↑ ↓ move   Ctrl+Home to top   Ctrl+Z undo   Ctrl+Y redo"
# Samples of the widest content of each fixed column (the title column stretches); the
# readiness cell elides to its sample unless the width left once the first rows' titles fit
# lets it say more (the card under the list and the tooltip have it all); the blocked cell
# fits an age of days in hours and the SLA flag, or only its title while none of the first
# rows is blocked.
SAMPLES = {0: "000", 1: "PAY-00", 3: "00", 4: "! acceptance crit…", 5: "! 000 h, over SLA"}
MEASURED_ROWS = 100  # the rank, key and estimate columns fit the widest of the first rows


def _title_width(table: QTableView, column: int) -> int:
    """The column's title measured bold-wide (header text is bold in most styles)."""
    model = table.model()
    name = str(model.headerData(column, Qt.Orientation.Horizontal)) if model else ""
    return round(table.horizontalHeader().fontMetrics().horizontalAdvance(name) * 1.15)


def _rows_read(model: QAbstractItemModel) -> int:
    """The rows there is data for without reading more (a backlog's first page)."""
    return model.rows_read() if isinstance(model, BacklogModel) else model.rowCount()


@dataclass(frozen=True)
class Measures:
    """What a table's sizing measured from its font and first rows (see :func:`measure`)."""

    font: str  # the cell and header fonts measured with
    row: int  # row height
    header: int  # header height
    pad: int  # padding either side of a cell's text
    widths: dict[int, int]  # each fixed column's wanted width
    floor: int  # the narrowest the readiness cell gets
    blocked_floor: int  # the narrowest the blocked cell gets
    title: int = 0  # what the first rows' titles need
    readiness: int = 0  # what the first rows' readiness texts need
    blocked: bool = True  # whether any of the first rows is blocked


def _font_key(table: QTableView) -> str:
    return table.font().key() + "|" + table.horizontalHeader().font().key()


def measure(table: QTableView) -> Measures:
    """Measure the rows, the header and every fixed column from the table's current font
    and its first rows."""
    table.ensurePolished()
    header = table.horizontalHeader()
    header.ensurePolished()
    cells, titles = table.fontMetrics(), header.fontMetrics()
    pad = max(8, cells.height() // 3)
    model = table.model()
    widths: dict[int, int] = {}
    for column, sample in SAMPLES.items():
        texts = [sample]
        if model is not None and column < 4:
            for row in range(min(_rows_read(model), MEASURED_ROWS)):
                texts.append(str(model.data(model.index(row, column, QModelIndex())) or ""))
        widest = max(cells.horizontalAdvance(t) for t in texts)
        wanted = max(widest, _title_width(table, column))
        widths[column] = wanted + 2 * pad
    needs = {2: 0, 4: 0}
    blocked = False
    if model is not None:
        for row in range(min(_rows_read(model), MEASURED_ROWS)):
            for column in needs:
                text = str(model.data(model.index(row, column, QModelIndex())) or "")
                needs[column] = max(needs[column], cells.horizontalAdvance(text))
            blocked = blocked or bool(model.data(model.index(row, 5, QModelIndex())))
    return Measures(
        font=_font_key(table),
        row=cells.height() + pad,
        header=titles.height() + pad,
        pad=pad,
        widths=widths,
        floor=max(cells.horizontalAdvance("✓ Ready"), _title_width(table, 4)) + 2 * pad,
        blocked_floor=_title_width(table, 5) + 2 * pad,
        title=needs[2] + 2 * pad,
        readiness=needs[4] + 2 * pad,
        blocked=blocked,
    )


def fit(table: QTableView, measures: Measures) -> None:
    """Size the rows, the header and every fixed column to ``measures`` in the table's
    current width."""
    # Each setter only when its value changes: setting one again makes the header lay its
    # sections out again (and the view repaint) on the next turn of the event loop.
    rows = table.verticalHeader()
    if rows.defaultSectionSize() != measures.row or rows.minimumSectionSize() != measures.row:
        # The default first: a minimum above it resizes every row one by one (20,000 of them).
        rows.setDefaultSectionSize(measures.row)
        rows.setMinimumSectionSize(measures.row)
    widths = dict(measures.widths)
    if not measures.blocked:  # an empty column: its title only
        widths[5] = min(widths[5], measures.blocked_floor)
    # Large type on a narrow screen: the title keeps at least a third of the width; the
    # blocked and readiness cells give way first (down to their titles; the cells elide), then
    # columns go rather than cut any header.
    room = table.horizontalHeader().width() or table.width()  # the header spans the rows
    spare = room * 2 // 3
    if sum(widths.values()) > spare:
        floor = measures.floor
        widths[4] = max(floor, spare - widths[0] - widths[1] - widths[3] - widths[5])
        # Then the blocked cell, down to its title (it elides; the card says it in full).
        over = sum(widths.values()) - spare
        if over > 0:
            widths[5] = max(measures.blocked_floor, widths[5] - over)
    else:
        # Room to spare once the titles fit: the readiness cell says more of what is missing.
        left = room - sum(widths.values()) - measures.title
        if left > 0 and measures.readiness > widths[4]:
            widths[4] = min(measures.readiness, widths[4] + left)
    # Still too wide: the estimate goes, then the blocked cell (the card under the list gives
    # both in full).
    hide_estimate = sum(widths.values()) > spare
    hidden = {3: hide_estimate, 5: hide_estimate and sum(widths.values()) - widths[3] > spare}
    for column, hide in hidden.items():
        if table.isColumnHidden(column) != hide:
            table.setColumnHidden(column, hide)
    header = table.horizontalHeader()
    for column, width in widths.items():
        if header.sectionSize(column) != width:
            header.resizeSection(column, width)
    if header.minimumHeight() != measures.header:
        header.setMinimumHeight(measures.header)
    if header.sectionResizeMode(2) != QHeaderView.ResizeMode.Stretch:
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)


def size_table(table: QTableView) -> None:
    """Size the rows, the header and every fixed column from the table's current font."""
    fit(table, measure(table))


class TableSizer:
    """Sizes a table once after a burst of font, style and size changes, not once per event.

    Entering presenter mode changes the table's style, font and size in one go (a dozen events);
    measuring after each of them was most of the cost of F11 on a long backlog. The columns
    are measured again only for a font not measured since the rows were (:meth:`now`): F11
    toggles between two; a new size only fits what was measured, at once (fitting after the
    first paint painted the screen again).
    """

    def __init__(self, table: QTableView) -> None:
        """Size ``table`` when the event loop next runs (unless :meth:`now` comes first)."""
        self.table = table
        self._measured: dict[str, Measures] = {}  # by font, for the rows measured last
        self.timer = QTimer(table)
        self.timer.setSingleShot(True)
        self.timer.setInterval(0)
        self.timer.timeout.connect(self.restyled)
        model = table.model()
        if model is not None:  # rows that change may be wider: measured again when asked
            for signal in (
                model.dataChanged,
                model.rowsInserted,
                model.rowsRemoved,
                model.rowsMoved,
                model.modelReset,
            ):
                signal.connect(self._forget)
        self.later()

    def _forget(self, *_args: object) -> None:
        self._measured.clear()

    def now(self) -> None:
        """Measure the rows (new ones) and size the table at once (a pending sizing is
        dropped)."""
        self._measured.clear()
        self.restyled()

    def restyled(self) -> None:
        """Size the table for its font now (measured again unless measured before)."""
        self.timer.stop()
        fit(self.table, self._measures())

    def later(self) -> None:
        """Size the table when the event loop next runs (repeated calls size it once)."""
        self.timer.start()

    def resized(self) -> None:
        """The table's size changed: fit the columns measured to it now."""
        measures = self._measured.get(_font_key(self.table))
        if measures is None:
            self.later()
        else:
            fit(self.table, measures)

    def _measures(self) -> Measures:
        font = _font_key(self.table)
        if font not in self._measured:
            self._measured[font] = measure(self.table)
        return self._measured[font]


class StoryCard(QWidget):
    """The picked story, read-only, under the list in presenter mode: key, title, readiness."""

    def __init__(self, parent: QWidget | None = None) -> None:
        """Build the hidden card."""
        super().__init__(parent)
        self.setObjectName("backlog_card")
        # One line each, elided with the full text in the tooltip: the list keeps the room.
        self.title = ElidedLabel("backlog_card_title")
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.readiness = ElidedLabel("backlog_card_readiness")
        for label in (self.title, self.readiness):
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.keys = plain_label(PRESENTER_KEYS, name="backlog_keys", wrap=True)
        self.keys.setProperty("role", "keys")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.readiness)
        layout.addWidget(self.keys)
        self.hide()

    def show_row(self, table: QTableView, row: int) -> None:
        """Show the story in ``row`` of the table (nothing when there is none)."""
        model = table.model()
        if model is None or not 0 <= row < model.rowCount():
            self.title.set_full_text("")
            self.readiness.set_full_text("")
            return

        def cell(column: int, role: Qt.ItemDataRole = Qt.ItemDataRole.DisplayRole) -> str:
            value = model.data(model.index(row, column, QModelIndex()), role)
            return "" if value is None else str(value)

        estimate = cell(3)
        self.title.set_full_text(
            f"#{cell(0)}  {cell(1)}  {cell(2)}"
            + (f" · {estimate} point{'' if estimate == '1' else 's'}" if estimate else "")
        )
        blocked = cell(5, Qt.ItemDataRole.ToolTipRole)
        readiness = cell(4, Qt.ItemDataRole.ToolTipRole) or cell(4)
        self.readiness.set_full_text(f"{blocked} · {readiness}" if blocked else readiness)
