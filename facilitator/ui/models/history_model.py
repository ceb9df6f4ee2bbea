"""History's sprint list as a model/view pair: newest sprint first, filtered by a search that
matches the sprint's name, goal and stories (every word must match)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from facilitator.domain.ids import SprintId
from facilitator.ops.history import HistoryRow

HEADERS = ("Sprint", "Dates", "State", "Predictability", "Done")
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole  # the row's position in the history, oldest first = 0

Index = QModelIndex | QPersistentModelIndex


def cells(row: HistoryRow) -> tuple[str, ...]:
    """What the list shows of a sprint."""
    m = row.metrics
    share = "no forecast" if m.predictability is None else f"{round(m.predictability * 100)} %"
    return (
        m.name,
        f"{m.start.isoformat()} – {m.end.isoformat()}",
        m.state,
        share,
        f"{m.throughput} stories",
    )


class HistoryModel(QAbstractTableModel):
    """Sprints newest first; ``ROW_ROLE`` gives a row's index in the oldest-first history."""

    def __init__(self) -> None:
        """An empty list."""
        super().__init__()
        self._rows: list[HistoryRow] = []
        self._cells: list[tuple[str, ...]] = []
        self._search: list[str] = []

    def set_rows(self, rows: Sequence[HistoryRow]) -> None:
        """Show ``rows`` (oldest first, as the history gives them)."""
        self.beginResetModel()
        self._rows = list(reversed(rows))
        self._cells = [cells(r) for r in self._rows]
        self._search = [r.search_text for r in self._rows]
        self.endResetModel()

    def add_story_texts(self, texts: Mapping[SprintId, str]) -> None:
        """Let the search match each sprint's stories too (``texts`` by sprint id, as
        :func:`facilitator.ops.history.story_texts` reads them, after the rows' own text)."""
        self._search = [f"{r.search_text}{texts.get(r.sprint_id, '')}" for r in self._rows]
        if self._rows:
            last = self.index(len(self._rows) - 1, 0)
            self.dataChanged.emit(self.index(0, 0), last, [SEARCH_ROLE])

    def texts(self) -> list[list[str]]:
        """The cells' texts column by column (every sprint, newest first)."""
        return [[cells[c] for cells in self._cells] for c in range(len(HEADERS))]

    def view_row(self, history_index: int) -> int:
        """The model row of the sprint at ``history_index`` (oldest first)."""
        return len(self._rows) - 1 - history_index

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        """Sprints shown (a table model: children only under the root)."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        """The columns of :data:`HEADERS`."""
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Plain text cells, the search text and the row's history index."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r, c = index.row(), index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._cells[r][c]
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return ", ".join(self._cells[r])
        if role == SEARCH_ROLE:
            return self._search[r]
        if role == ROW_ROLE:
            return len(self._rows) - 1 - r
        return None

    def headerData(  # noqa: N802 - Qt override
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        """Column titles."""
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(HEADERS)
        ):
            return HEADERS[section]
        return None


class HistoryFilter(QSortFilterProxyModel):
    """Keeps the sprints whose name, goal or stories hold every word of the search."""

    def __init__(self) -> None:
        """No search: every sprint."""
        super().__init__()
        self._words: list[str] = []

    def set_search(self, text: str) -> None:
        """Filter by the words of ``text`` (any case)."""
        self.beginFilterChange()
        self._words = text.casefold().split()
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        """Whether every word is in the sprint's search text."""
        if not self._words:
            return True
        model = self.sourceModel()
        text = str(model.data(model.index(source_row, 0, source_parent), SEARCH_ROLE) or "")
        return all(word in text for word in self._words)
