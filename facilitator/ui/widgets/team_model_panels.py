"""Team screen panels: decision authority, knowledge links, and the partner scorecard."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.engagement import MAX_SCORE, Area, LinkKind, PartnerFilter, rank_candidates
from facilitator.domain.health import STALE_AFTER_DAYS
from facilitator.domain.ids import MemberId, TeamId
from facilitator.errors import FacilitatorError
from facilitator.ops import team_model as ops
from facilitator.ui.context import UiContext
from facilitator.ui.widgets.team_tables import button, cell, table
from facilitator.ui.widgets.text import plain_label

__all__ = ["AuthorityPanel", "LinksPanel", "PartnerPanel", "button", "cell", "table"]


class AuthorityPanel(QGroupBox):
    """Who decides what, and the escalation path: a checkable list of members per area.

    Signals:
        changed: a naming was saved.
    """

    changed = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        """Build one list per area."""
        super().__init__("Decision authority and escalation", parent)
        self.setObjectName("team_authority_box")
        self.ctx = ctx
        self.team_id: TeamId | None = None
        self.lists: dict[Area, QListWidget] = {}
        grid = QGridLayout(self)
        for index, area in enumerate(Area):
            widget = QListWidget()
            widget.setObjectName(f"team_authority_{area.value}")
            widget.setAccessibleName(area.label)
            widget.setMinimumHeight(120)
            widget.setMaximumHeight(170)
            widget.setTabKeyNavigation(False)  # Tab leaves the list; arrows move inside
            widget.itemChanged.connect(lambda _item, a=area: self._save(a))
            self.lists[area] = widget
            column = QVBoxLayout()
            column.addWidget(plain_label(area.label, wrap=True))
            column.addWidget(widget)
            grid.addLayout(column, index // 2, index % 2)

    def show_view(self, view: ops.TeamView) -> None:
        """Tick the members named for each area (active members only can be named)."""
        self.team_id = view.team.id
        for area, widget in self.lists.items():
            named = view.model.people(area)
            widget.blockSignals(True)
            widget.clear()
            order = [m for m in named if m in view.names] + [
                m.id for m in view.members if m.active and m.id not in named
            ]
            by_id = {m.id: m for m in view.members}
            for member_id in order:
                member = by_id[member_id]
                item = QListWidgetItem(f"{member.name} ({member.role_label})")
                item.setData(Qt.ItemDataRole.UserRole, int(member_id))
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(
                    Qt.CheckState.Checked if member_id in named else Qt.CheckState.Unchecked
                )
                widget.addItem(item)
            widget.blockSignals(False)

    def _save(self, area: Area) -> None:
        if self.team_id is None:
            return
        widget = self.lists[area]
        chosen = [
            MemberId(int(widget.item(i).data(Qt.ItemDataRole.UserRole)))
            for i in range(widget.count())
            if widget.item(i).checkState() == Qt.CheckState.Checked
        ]
        ops.set_people(self.ctx.store, self.team_id, area, chosen)
        self.changed.emit()


class LinksPanel(QGroupBox):
    """Knowledge links with last-reviewed dates; stale ones say so in words.

    Signals:
        changed: a link was added, reviewed or removed.
    """

    changed = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        """Build the table and the add form."""
        super().__init__("Knowledge links (ADRs, runbooks, onboarding)", parent)
        self.setObjectName("team_links_box")
        self.ctx = ctx
        self.team_id: TeamId | None = None
        self.link_ids: list[int] = []
        self.table = table(
            "team_links", "Knowledge links", ["Kind", "Title", "Last reviewed", "Address"]
        )
        self.table.setMinimumHeight(120)
        self.kind = QComboBox()
        self.kind.setObjectName("team_link_kind")
        self.kind.setAccessibleName("Link kind")
        for kind in LinkKind:
            self.kind.addItem(kind.label, kind.value)
        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("team_link_title")
        self.title_edit.setAccessibleName("Link title")
        self.title_edit.setPlaceholderText("Title")
        self.url = QLineEdit()
        self.url.setObjectName("team_link_url")
        self.url.setAccessibleName("Link address")
        self.url.setPlaceholderText("https://…")
        self.add_button = button("Add link", "team_link_add")
        self.add_button.clicked.connect(self._add)
        self.reviewed_button = button("Mark reviewed today", "team_link_reviewed")
        self.reviewed_button.clicked.connect(self._reviewed)
        self.remove_button = button("Remove link", "team_link_remove")
        self.remove_button.clicked.connect(self._remove)
        self.error = plain_label(name="team_link_error", wrap=True)
        row = QHBoxLayout()
        for widget in (self.kind, self.title_edit, self.url, self.add_button):
            row.addWidget(widget)
        actions = QHBoxLayout()
        actions.addWidget(self.reviewed_button)
        actions.addWidget(self.remove_button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(actions)
        layout.addLayout(row)
        layout.addWidget(self.error)
        # Return in an entry field adds the link, as the button does.
        self.title_edit.returnPressed.connect(self._add)
        self.url.returnPressed.connect(self._add)

    def focus_chain(self) -> list[QWidget]:
        """The panel's controls in reading order (for the screen's Tab order)."""
        return [
            self.table,
            self.reviewed_button,
            self.remove_button,
            self.kind,
            self.title_edit,
            self.url,
            self.add_button,
        ]

    def show_view(self, view: ops.TeamView) -> None:
        """List the team's links, oldest review flagged."""
        self.team_id = view.team.id
        today = self.ctx.today()
        self.table.setRowCount(0)
        self.link_ids = []
        for link in view.model.links:
            if link.last_reviewed is None:
                reviewed = "! never reviewed"
            else:
                age = (today - link.last_reviewed).days
                stale = "! stale, " if age > STALE_AFTER_DAYS else ""
                reviewed = f"{stale}{link.last_reviewed:%d %b %Y} ({age} days ago)"
            row = self.table.rowCount()
            self.table.insertRow(row)
            for column, text in enumerate((link.kind.label, link.title, reviewed, link.url)):
                self.table.setItem(row, column, cell(text))
            self.link_ids.append(link.id)

    def _selected(self) -> int | None:
        row = self.table.currentRow()
        return self.link_ids[row] if 0 <= row < len(self.link_ids) else None

    def _add(self) -> None:
        if self.team_id is None:
            return
        try:
            ops.add_link(
                self.ctx.store,
                self.team_id,
                LinkKind(self.kind.currentData()),
                self.title_edit.text(),
                self.url.text(),
                self.ctx.today(),
            )
        except FacilitatorError as err:
            self.error.setText(f"✗ {err}")
            self.title_edit.setFocus()
            return
        self.error.setText("")
        self.title_edit.clear()
        self.url.clear()
        self.changed.emit()

    def _reviewed(self) -> None:
        link = self._selected()
        if link is not None:
            ops.mark_link_reviewed(self.ctx.store, link, self.ctx.today())
            self.changed.emit()

    def _remove(self) -> None:
        link = self._selected()
        if link is not None:
            ops.remove_link(self.ctx.store, link)
            self.changed.emit()


class PartnerPanel(QGroupBox):
    """The guide's five filters scored 0–5 with notes, candidates side by side.

    Signals:
        changed: a candidate or a score was saved.
    """

    changed = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        """Build the comparison table and the scoring form."""
        super().__init__("Delivery partner scorecard", parent)
        self.setObjectName("team_partner_box")
        self.ctx = ctx
        self.team_id: TeamId | None = None
        self.candidate_ids: list[int] = []
        self.table = table("team_partners", "Partner candidates", ["Filter"], fit_height=True)
        self.name = QLineEdit()
        self.name.setObjectName("team_partner_name")
        self.name.setAccessibleName("Partner name")
        self.name.setPlaceholderText("Partner name")
        self.add_button = button("Add partner", "team_partner_add")
        self.add_button.clicked.connect(self._add)
        self.candidate = QComboBox()
        self.candidate.setObjectName("team_partner_candidate")
        self.candidate.setAccessibleName("Partner to score")
        self.filter = QComboBox()
        self.filter.setObjectName("team_partner_filter")
        self.filter.setAccessibleName("Filter")
        for which in PartnerFilter:
            self.filter.addItem(which.label, which.value)
            self.filter.setItemData(
                self.filter.count() - 1, which.question, Qt.ItemDataRole.ToolTipRole
            )
        self.score = QSpinBox()
        self.score.setObjectName("team_partner_score")
        self.score.setAccessibleName("Score from 0 to 5")
        self.score.setRange(0, MAX_SCORE)
        self.score.setSuffix(f" / {MAX_SCORE}")
        self.note = QLineEdit()
        self.note.setObjectName("team_partner_note")
        self.note.setAccessibleName("Why this score")
        self.note.setPlaceholderText("Why this score")
        self.score_button = button("Save score", "team_partner_save_score")
        self.score_button.clicked.connect(self._score)
        self.error = plain_label(name="team_partner_error", wrap=True)
        add_row = QHBoxLayout()
        add_row.addWidget(self.name, 1)
        add_row.addWidget(self.add_button)
        score_row = QHBoxLayout()
        for widget in (self.candidate, self.filter, self.score):
            score_row.addWidget(widget)
        score_row.addWidget(self.note, 1)
        score_row.addWidget(self.score_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(add_row)
        layout.addLayout(score_row)
        layout.addWidget(self.error)
        # Return in an entry field does what the button beside it does.
        self.name.returnPressed.connect(self._add)
        self.note.returnPressed.connect(self._score)

    def focus_chain(self) -> list[QWidget]:
        """The panel's controls in reading order (for the screen's Tab order)."""
        return [
            self.table,
            self.name,
            self.add_button,
            self.candidate,
            self.filter,
            self.score,
            self.note,
            self.score_button,
        ]

    def show_view(self, view: ops.TeamView) -> None:
        """One column per candidate (best first), one row per filter, plus the total."""
        self.team_id = view.team.id
        ranked = rank_candidates(view.candidates)
        self.candidate_ids = [c.id for c in ranked]
        self.table.clear()
        self.table.setColumnCount(1 + len(ranked))
        self.table.setHorizontalHeaderLabels(["Filter", *(c.name for c in ranked)])
        filters = list(PartnerFilter)
        self.table.setRowCount(len(filters) + 1)
        for row, which in enumerate(filters):
            label = cell(which.label)
            label.setToolTip(which.question)
            self.table.setItem(row, 0, label)
            for column, candidate in enumerate(ranked, start=1):
                score = candidate.score_for(which)
                text = "not scored" if score is None else f"{score.score}/{MAX_SCORE} {score.note}"
                self.table.setItem(row, column, cell(text.strip()))
        self.table.setItem(len(filters), 0, cell("Total"))
        for column, candidate in enumerate(ranked, start=1):
            self.table.setItem(len(filters), column, cell(candidate.summary))
        if not ranked:
            self.table.setItem(len(filters), 0, cell("No partners yet: add one below"))
        current = self.candidate.currentData()
        self.candidate.clear()
        for candidate in ranked:
            self.candidate.addItem(candidate.name, candidate.id)
        if current is not None and self.candidate.findData(current) >= 0:
            self.candidate.setCurrentIndex(self.candidate.findData(current))

    def _add(self) -> None:
        if self.team_id is None:
            return
        try:
            new = ops.add_candidate(self.ctx.store, self.team_id, self.name.text(), self.ctx.now())
        except FacilitatorError as err:
            self.error.setText(f"✗ {err}")
            self.name.setFocus()
            return
        self.error.setText("")
        self.name.clear()
        self.changed.emit()
        self.candidate.setCurrentIndex(self.candidate.findData(new))

    def _score(self) -> None:
        candidate = self.candidate.currentData()
        if candidate is None:
            self.error.setText("✗ Partner: add a partner first")
            return
        ops.score_candidate(
            self.ctx.store,
            int(candidate),
            PartnerFilter(self.filter.currentData()),
            self.score.value(),
            self.note.text(),
        )
        self.error.setText("")
        self.note.clear()
        self.changed.emit()
