"""The Product Owner's "are we ready for planning?" view: top stories, what is missing, verdict."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.ids import TeamId
from facilitator.ops.backlog import ReadinessReport, readiness_report
from facilitator.ui.context import UiContext
from facilitator.ui.widgets.story_form import button
from facilitator.ui.widgets.text import plain_label, plain_tip

COLUMNS = ("#", "Key", "Title", "Points", "Readiness", "What is missing")
STORY_ROLE = Qt.ItemDataRole.UserRole + 1


class ReadinessView(QWidget):
    """Top of the backlog in rank order with each story's readiness and the verdict.

    Signals:
        open_story(int): the PO asked to edit this story.
    """

    open_story = Signal(int)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        """Build the empty view; :meth:`show_team` fills it."""
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("readiness_view")
        self.setAccessibleName("Ready for planning")
        self.report: ReadinessReport | None = None
        self.verdict = plain_label(name="readiness_verdict", point_scale=1.4, bold=True, wrap=True)
        self.totals = plain_label(name="readiness_totals", wrap=True)
        self.basis = plain_label(name="readiness_basis", wrap=True)
        self.next_label = plain_label(name="readiness_refine_next", wrap=True)
        self.model = QStandardItemModel(0, len(COLUMNS), self)
        self.model.setHorizontalHeaderLabels(list(COLUMNS))
        self.table = QTableView()
        self.table.setObjectName("readiness_table")
        self.table.setAccessibleName("Top of the backlog and readiness")
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self._open)
        self.edit_button = button("readiness_edit", "Edit selected story")
        self.edit_button.clicked.connect(lambda: self._open(self.table.currentIndex()))
        layout = QVBoxLayout(self)
        layout.addWidget(self.verdict)
        layout.addWidget(self.totals)
        layout.addWidget(self.basis)
        layout.addWidget(self.next_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignRight)

    def show_team(self, team_id: TeamId) -> None:
        """Compute and show the report for ``team_id``."""
        report = readiness_report(self.ctx.store, team_id)
        self.report = report
        self.verdict.setText(report.verdict)
        self.verdict.setProperty("level", "ok" if report.enough else "warning")
        self.totals.setText(report.totals)
        self.basis.setText(report.capacity_basis)
        if report.enough or not report.refine_next:
            self.next_label.setText("")
        else:
            self.next_label.setText("Refine next: " + ", ".join(report.refine_next))
        self.model.removeRows(0, self.model.rowCount())
        for number, line in enumerate(report.lines, 1):
            result = line.readiness
            reasons = "; ".join(f.reason for f in result.failures)
            cells = (
                str(number),
                line.key,
                line.title,
                "" if line.estimate is None else f"{line.estimate:g}",
                "✓ Ready" if result.ready else "! Not ready",
                reasons,
            )
            items = []
            for text in cells:
                item = QStandardItem(text)
                item.setEditable(False)
                item.setToolTip(plain_tip(text))
                item.setData(int(line.id), STORY_ROLE)
                items.append(item)
            self.model.appendRow(items)
        for column in (0, 1, 3, 4):
            self.table.resizeColumnToContents(column)
        self.table.resizeRowsToContents()

    def _open(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_story.emit(int(index.data(STORY_ROLE)))
