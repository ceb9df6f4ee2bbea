"""Rows of plain-text cells as a table model: a refill is one model reset, not an item per cell.

A QTableWidget made a QTableWidgetItem (with its tooltip) for every cell of every fill: some
2,900 of them, 6.7 ms, for a 400-decision log. Here a row is a tuple of strings; the view asks
for what it paints.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from facilitator.ui.widgets.text import plain_tip

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole  # the row's id, on its first cell

_TEXT_ROLES = frozenset(
    int(role) for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole)
)


class PlainRowsModel(QAbstractTableModel):
    """Read-only rows of plain text under ``headers``, each row with an optional id.

    Every cell's tooltip is its full text (shown literally, never as markup) and a screen reader
    hears the text itself; the id is under :data:`ID_ROLE` on the row's first cell. A cell is
    selectable, never editable: the table model's own flags (not overridden: a view asks for
    them for every cell it paints, and each call into Python costs).
    """

    def __init__(self, headers: Sequence[str], parent: QObject | None = None) -> None:
        """An empty table with ``headers``."""
        super().__init__(parent)
        self.headers = tuple(headers)
        self._rows: list[tuple[str, ...]] = []
        self._ids: list[int] = []

    def set_rows(self, rows: Sequence[Sequence[str]], ids: Sequence[int] = ()) -> None:
        """Show ``rows`` (missing cells are empty) with ``ids``, one per row (or none)."""
        width = len(self.headers)
        self.beginResetModel()
        self._rows = [_padded(cells, width) for cells in rows]
        self._ids = list(ids)
        self.endResetModel()

    def shows(self, rows: Sequence[Sequence[str]], ids: Sequence[int] = ()) -> bool:
        """Whether the model holds exactly ``rows`` (missing cells empty) with ``ids``."""
        width = len(self.headers)
        return self._ids == list(ids) and self._rows == [_padded(cells, width) for cells in rows]

    def update_rows(self, rows: Mapping[int, Sequence[str]]) -> list[int]:
        """Replace the cells of the rows in ``rows`` (row → cells) whose text differs; only
        those rows are announced as changed (each run of adjacent rows at once).

        Returns:
            The rows that changed, in order.
        """
        width = len(self.headers)
        changed: list[int] = []
        for row in sorted(rows):
            if not 0 <= row < len(self._rows):
                continue
            cells = _padded(rows[row], width)
            if cells != self._rows[row]:
                self._rows[row] = cells
                changed.append(row)
        start = 0
        for i in range(1, len(changed) + 1):
            if i == len(changed) or changed[i] != changed[i - 1] + 1:
                first, last = changed[start], changed[i - 1]
                self.dataChanged.emit(self.index(first, 0), self.index(last, width - 1))
                start = i
        return changed

    def shown(self, row: int, column: int) -> str:
        """The text of a cell as a view shows it (line breaks as Unicode line separators, as
        ``QStyledItemDelegate.displayText`` gives them); "" outside the table."""
        if not (0 <= row < len(self._rows) and 0 <= column < len(self.headers)):
            return ""
        text = self._rows[row][column]
        return text.replace("\n", "\u2028") if "\n" in text else text

    def cells(self, row: int) -> tuple[str, ...]:
        """The texts of ``row``."""
        return self._rows[row]

    def texts(self) -> list[list[str]]:
        """The cells' texts column by column."""
        return [list(column) for column in zip(*self._rows, strict=True)] or [
            [] for _ in self.headers
        ]

    def row_id(self, row: int) -> int | None:
        """The id of ``row`` (None: no such row, or no id given for it)."""
        return self._ids[row] if 0 <= row < len(self._ids) and row < len(self._rows) else None

    def row_of(self, row_id: int) -> int | None:
        """The row whose id is ``row_id``, if any."""
        try:
            return self._ids.index(row_id, 0, len(self._rows))
        except ValueError:
            return None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        """The rows (a table model: children only under the root)."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        """One column per header."""
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """The cell's text (shown and heard), its full text as a tooltip, the row's id."""
        if not index.isValid():
            return None
        r, c = index.row(), index.column()
        if not (0 <= r < len(self._rows) and 0 <= c < len(self.headers)):
            return None
        if role in _TEXT_ROLES:
            return self._rows[r][c]
        if role == Qt.ItemDataRole.ToolTipRole:
            text = self._rows[r][c]
            return plain_tip(text) if text else None
        if role == ID_ROLE and c == 0:
            return self.row_id(r)
        return None

    def headerData(  # noqa: N802 - Qt override
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        """Column titles."""
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.headers)
        ):
            return self.headers[section]
        return None


def _padded(cells: Sequence[str], width: int) -> tuple[str, ...]:
    row = tuple(cells[:width])
    return row + ("",) * (width - len(row)) if len(row) < width else row
