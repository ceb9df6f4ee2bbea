"""History: past sprints for offline review, read-only, with their charts and a report export.

The sprint list (left, newest first, searchable by name, goal and story) drives the chart's values
line and the read-only page of the selected sprint (right): goal, frozen forecast, what was Done
and why not, blockers, decisions, the experiment and its outcome.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, QRect, Qt, QTimer
from PySide6.QtGui import QHideEvent, QPaintEvent, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from facilitator import give_way
from facilitator.domain.history import SprintPage
from facilitator.domain.ids import TeamId
from facilitator.domain.report import sections
from facilitator.errors import FacilitatorError
from facilitator.ops.changes import Changes, Kind
from facilitator.ops.history import TeamHistory, history_visit, sprint_page, story_texts
from facilitator.report_files import format_of, write_report
from facilitator.ui.chart_canvas import PRESENTER_SCALE, ChartPanel
from facilitator.ui.context import UiContext
from facilitator.ui.keys_line import keys_line
from facilitator.ui.models.history_model import ROW_ROLE, HistoryFilter, HistoryModel
from facilitator.ui.screens.base import Screen
from facilitator.ui.screens.timebox_screen import stage_keys
from facilitator.ui.widgets.aside import SplitterAside
from facilitator.ui.widgets.column_fit import fit_column
from facilitator.ui.widgets.story_form import button, error_label
from facilitator.ui.widgets.text import plain_label

# What History shows changes when a sprint, a blocker, a decision or the team changes; a timer
# tick (a run) does not, and finished runs reach History through the sprint they close.
HISTORY_KINDS = (Kind.SPRINT, Kind.BLOCKER, Kind.DECISION, Kind.TEAM)
PRESENTER_HIDDEN_COLUMNS = (1, 2, 4)  # dates, state, throughput (see history_model.cells)
EMPTY = "No sprints yet — plan and close a sprint, and it appears here for review"


def page_text(page: SprintPage) -> str:
    """The read-only page as plain text, section by section."""
    out: list[str] = []
    for section in sections(page):
        out.append(section.heading.upper())
        out += [f"  {line}" for line in section.lines]
        out.append("")
    return "\n".join(out)


class HistoryScreen(Screen):
    """Past sprints: searchable list, charts with exact values, read-only sprint pages."""

    key = "history"
    title = "History"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        """Build the list, the charts and the page."""
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("history_screen")
        self.setAccessibleName("History")
        self.team_id: TeamId | None = None
        self.history: TeamHistory | None = None
        self.page: SprintPage | None = None
        self.stale = False
        self._warming: Iterator[None] | None = None  # the steps of a read begun by warm()
        self._read_page: SprintPage | None = None  # the selected sprint's, read with the list
        self._stories_read = False  # whether the search matches the sprints' stories yet
        self._hurry_due = False  # shown, not painted yet: the chart's worker hurried after

        self.search = QLineEdit()
        self.search.setObjectName("history_search")
        self.search.setAccessibleName("Search sprints by name, goal or story")
        self.search.setPlaceholderText("Search by sprint, goal or story…")
        self.search.setClearButtonEnabled(True)
        self.model = HistoryModel()
        self.filter = HistoryFilter()
        self.filter.setSourceModel(self.model)
        self.list = QTableView()
        self.list.setObjectName("history_sprints")
        self.list.setAccessibleName("Sprints")
        self.list.setModel(self.filter)
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setTabKeyNavigation(False)  # Tab leaves the list: no focus trap
        self.list.verticalHeader().setVisible(False)
        # Fitted once per reload (fit_list): ResizeToContents asked the model for every cell's
        # every role on each layout pass, some 20,000 calls for 200 sprints.
        self.list.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.list.horizontalHeader().setStretchLastSection(True)
        self.empty = plain_label(EMPTY, name="history_empty", wrap=True)
        self.summary = plain_label(name="history_summary", wrap=True)

        self.charts = ChartPanel(ctx.dialogs)
        self.heading = plain_label(name="history_sprint_title", bold=True, point_scale=1.3)
        self.readonly = plain_label(name="history_readonly", wrap=True)
        self.readonly.setProperty("level", "frozen")
        self.page_view = QPlainTextEdit()
        self.page_view.setObjectName("history_page")
        self.page_view.setAccessibleName("The sprint's page, read-only")
        self.page_view.setReadOnly(True)
        self.page_view.setTabChangesFocus(True)
        self.export_report = button(
            "history_export_report", "Export report…", "Save as PDF, HTML, Markdown or JSON"
        )
        self.error = error_label("history_error")

        left = QWidget()
        self._left_layout = left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.list, 1)
        left_layout.addWidget(self.empty)
        page_box = QWidget()
        page_box.setObjectName("history_page_box")
        page_layout = QVBoxLayout(page_box)
        head = QHBoxLayout()
        head.addWidget(self.heading, 1)
        head.addWidget(self.export_report)
        page_layout.addLayout(head)
        page_layout.addWidget(self.readonly)
        page_layout.addWidget(self.page_view, 1)
        page_layout.addWidget(self.error)
        self.right = right = QSplitter(Qt.Orientation.Vertical)
        right.setObjectName("history_right_split")
        right.addWidget(self.charts)
        right.addWidget(page_box)
        # The chart's two stacked rows need the height more than the page (which scrolls).
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 2)
        self.split = split = QSplitter(Qt.Orientation.Horizontal)
        split.setObjectName("history_split")
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(1, 2)
        # Across the screen, above the list and the charts: under the list, in the room's type
        # in a list pane as narrow as its two columns, it wrapped onto six lines.
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)
        # Presenter mode gives the column to the chart (its type at the room's size: in the
        # 40 % the page left it at 1280×720, it was drawn again in smaller type); the sprint's
        # page waits outside the screen meanwhile (see before_presenter).
        self.page_box = page_box
        self._page_aside = SplitterAside(right, page_box)
        self._normal_columns: list[int] | None = None  # the list's and charts' widths
        QWidget.setTabOrder(self.search, self.list)
        QWidget.setTabOrder(self.list, self.charts.picker)
        QWidget.setTabOrder(self.charts.picker, self.charts.export)
        QWidget.setTabOrder(self.charts.export, self.export_report)
        QWidget.setTabOrder(self.export_report, self.page_view)

        # Presenter mode's keys: ↑ ↓ in the list pick the sprint, ← → the chart (the picker is
        # a Tab away in the editing window; the room's keyboard should not need it).
        self.shortcuts: dict[str, QShortcut] = {}
        stage_keys(
            self,
            {"Left": lambda: self.step_chart(-1), "Right": lambda: self.step_chart(+1)},
            self.shortcuts,
        )

        self.search.textChanged.connect(self._on_search)
        self.search.returnPressed.connect(self.list.setFocus)
        self.list.selectionModel().selectionChanged.connect(self._on_selected)
        self.export_report.clicked.connect(self.ask_export)

    # --- loading ---------------------------------------------------------------------------
    def show_team(self, team_id: TeamId) -> None:
        """Read the team's history (one transaction) and show the newest sprint."""
        if team_id == self.team_id and not self.stale:
            for _step in self._warming or ():  # warming on idle had begun: finish it now
                pass
            self._warming = None
            return
        self.team_id = team_id
        self.reload()

    def apply_changes(self, changes: Changes) -> None:
        """Read again (now when on screen, else on the next visit) when a record names a
        sprint, a blocker, a decision or the team."""
        if self.team_id is None or not changes.touches(*HISTORY_KINDS):
            return
        self.stale = True
        if self.isVisible():
            with contextlib.suppress(FacilitatorError):  # the next visit says why
                self.reload()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        """Catch up with changes made while the screen was hidden; once it is painted, the
        chart's worker no longer gives way to the user's input (see :meth:`paintEvent`)."""
        super().showEvent(event)
        self._hurry_due = True
        if self.stale and self.team_id is not None:
            with contextlib.suppress(FacilitatorError):
                self.reload()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        """After the visit's first paint, the chart still being drawn is hurried (the user
        waits for it). Not before: a worker hurried as the screen was shown shared the
        interpreter with its layout and paint, and a revisit while a chart was being drawn
        took 60-80 ms instead of 25-35 (the worker's turns, not the screen's work)."""
        super().paintEvent(event)
        if self._hurry_due:
            self._hurry_due = False
            QTimer.singleShot(0, self._hurry)  # after the whole window is painted

    def _hurry(self) -> None:
        if self.isVisible():
            give_way.hurry(self)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt override
        """Off view: a chart still being drawn gives way to what the user does elsewhere."""
        super().hideEvent(event)
        self._hurry_due = False
        give_way.hurry(self, on=False)

    def reload(self) -> None:
        """Read every sprint's metrics and show them, keeping the selected sprint if it is still
        there (else the newest one). What reads the same as shown stays as it is: a record
        that names History's kinds but changes no closed sprint (a blocker of the active one)
        resets no list, lays no page out again and draws no chart."""
        self._warming = None  # a read now supersedes one begun while the screen was hidden
        for _step in self.reload_steps():
            pass

    def reload_steps(self) -> Iterator[None]:
        """:meth:`reload` in three steps (reading the closed sprints and the selected one's page
        in one transaction and filling the list, showing that page, asking for the chart, which
        a worker thread draws), so that :meth:`warm` can run them on idle."""
        if self.team_id is None:
            return
        keep = None if self.page is None else self.page.metrics.name
        # One read-only transaction: the closed sprints and the selected one's page.
        visit = history_visit(self.ctx.store, self.team_id, self.ctx.now(), keep)
        history = visit.history
        same_rows = self.history is not None and history.rows == self.history.rows
        self.history, self.stale = history, False
        self._read_page = visit.page  # shown by the selection below, not read again
        if not same_rows:  # the same sprints: the list, its selection and its fit stay
            self.model.set_rows(history.rows)
        self._stories_read = False
        if self.search.text().split():
            self._read_stories()  # a search is on: it goes on matching stories
        if not same_rows:
            self.fit_list()
        self.empty.setVisible(not history.rows)
        a = history.across
        self.summary.setText(
            ""
            if a.sprints == 0
            else f"{a.sprints} closed sprints · median throughput {a.median_throughput:g} "
            f"stories · median predictability "
            + (
                "no forecast"
                if a.median_predictability is None
                else f"{round(a.median_predictability * 100)} %"
            )
        )
        yield
        if not same_rows or self.current_row() != visit.selected:
            self.select_sprint(visit.selected)  # the chart, drawn next, marks it
        elif visit.page is not None and visit.page != self.page:
            self._open(visit.selected)  # its page changed (a decision, a blocker), not its row
        self._read_page = None  # shown, or a search hides it: a later pick reads its own
        yield
        self.charts.show_metrics(history.metrics, history.team.blocker_sla_hours)

    def warm(self, team_id: TeamId) -> bool:
        """While hidden, read and draw ``team_id``'s history one step per call, so that the
        first visit shows it at once (it is then a revisit: read again only after a record
        names what History shows). Returns whether a step remains."""
        if self.isVisible():
            self._warming = None
            return False
        if self._warming is not None and self.team_id != team_id:
            self._warming = None  # the team was switched while warming: warm the new one
        if self._warming is None:
            if self.team_id == team_id:
                return False  # read already
            self.team_id = team_id
            self._warming = self.reload_steps()
            self._lay_out_hidden()  # empty, as a first visit shows the screen before it reads
            return True  # the read in the next step: each step a short stall of the window
        if next(self._warming, StopIteration) is not StopIteration:
            return True
        if self.charts.drawing:
            return True  # the chart is drawn in a worker thread: done once it has arrived
        self._warming = None
        self._lay_out_hidden()
        return False

    def fit_list(self) -> None:
        """Fit the sprint list's columns (the last stretches) to every sprint's texts."""
        texts = self.model.texts()
        for column in range(len(texts) - 1):
            fit_column(self.list, column, texts[column])

    def _lay_out_hidden(self) -> None:
        """Lay the hidden screen out at the size it will be shown at, as showing it would, so
        that the chart warmed is drawn once (on the next turn of the event loop), at the size it
        is shown at, and not again on the first visit: rendering a hidden widget delivers its
        children's pending resize events (the splitters share out their room then), and a
        pixel is enough."""
        parent = self.parentWidget()
        if parent is not None:
            self.resize(parent.size())
        self.grab(QRect(0, 0, 1, 1))

    # --- selection -------------------------------------------------------------------------
    def select_sprint(self, index: int) -> None:
        """Select the sprint at ``index`` of the history (oldest first); -1: none."""
        if index < 0:
            self.page = None
            self.heading.setText("")
            self.readonly.setText("")
            self.page_view.setPlainText(EMPTY)
            return
        source = self.model.index(self.model.view_row(index), 0)
        proxied = self.filter.mapFromSource(source)
        if proxied.isValid():
            self.list.selectionModel().setCurrentIndex(
                proxied,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        else:
            self._open(index)

    def _on_selected(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if indexes:
            self._open(int(indexes[0].data(ROW_ROLE)))

    def _open(self, index: int) -> None:
        if self.history is None or self.team_id is None:
            return
        row = self.history.rows[index]
        page, self._read_page = self._read_page, None
        try:
            if page is None or page.metrics.name != row.metrics.name:
                page = sprint_page(
                    self.ctx.store, self.team_id, row.sprint_id, self.ctx.now(), row.facts
                )
        except FacilitatorError as err:
            self._problem(str(err))
            return
        self.page = page
        self.error.setVisible(False)
        self.heading.setText(f"{page.metrics.name} · {page.metrics.state}")
        self.readonly.setText(page.frozen_words())
        self.page_view.setPlainText(page_text(page))
        self.charts.point_at(index)

    def _on_search(self, text: str) -> None:
        if text.split() and not self._stories_read:
            self._read_stories()
        self.filter.set_search(text)
        if self.filter.rowCount() and not self.list.selectionModel().hasSelection():
            self.list.selectRow(0)

    def _read_stories(self) -> None:
        """Read what the search matches besides names and goals (the sprints' stories): on
        the first search, not with the list, which a visit shows at once."""
        if self.team_id is None:
            return
        try:
            self.model.add_story_texts(story_texts(self.ctx.store, self.team_id))
        except FacilitatorError as err:
            self._problem(str(err))  # names and goals still match meanwhile
            return
        self._stories_read = True

    def current_row(self) -> int | None:
        """The history index (oldest first) of the selected sprint, if any."""
        index: QModelIndex = self.list.selectionModel().currentIndex()
        return int(index.data(ROW_ROLE)) if index.isValid() else None

    # --- export ----------------------------------------------------------------------------
    def ask_export(self) -> None:
        """Ask where to save the selected sprint's report, then write it."""
        if self.page is None:
            return
        name = self.page.metrics.name.replace(" ", "-").casefold()
        path = self.ctx.dialogs.save_path(
            self,
            "Export the sprint report",
            Path.home() / f"{name}.pdf",
            "PDF (*.pdf);;HTML (*.html);;Markdown (*.md);;JSON (*.json)",
        )
        if path is not None:
            self.export_to(path)

    def export_to(self, path: Path) -> bool:
        """Write the selected sprint's report at ``path`` (format by suffix); refusals inline."""
        if self.page is None or self.history is None:
            return False
        names = [r.metrics.name for r in self.history.rows]
        upto = self.history.metrics[: names.index(self.page.metrics.name) + 1]
        try:
            write_report(path, format_of(path), self.history.team.name, self.page, upto)
        except (FacilitatorError, OSError) as err:
            self._problem(str(err))
            return False
        self.error.setVisible(False)
        self.readonly.setText(f"{self.page.frozen_words()} · report saved to {path}")
        return True

    def _problem(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(True)

    # --- presenter -------------------------------------------------------------------------
    def before_presenter(self) -> None:
        """The sprint's page, hidden while presenting, waits outside the screen, where the
        mode's style sheet does not restyle it for nobody."""
        self._page_aside.set_aside()

    def set_presenter(self, on: bool) -> None:
        """Presenter mode: the chart in the room's type takes the whole column (the values
        line under it says the selected sprint's figures; the page comes back with the editing
        window); the list, as wide as its columns, shows each sprint's name and predictability,
        chosen with ↑ ↓; the search (a tool of the facilitator's) folds away."""
        for column in PRESENTER_HIDDEN_COLUMNS:
            self.list.setColumnHidden(column, on)
        self.search.setVisible(not on)
        if not on:
            self._page_aside.put_back()
        self.page_box.setVisible(not on)
        self.fit_list()
        sizes = self.split.sizes()
        total = sum(sizes)
        if on and total > 0:
            self._normal_columns = self._normal_columns or sizes
            # As wide as the list's columns (the window may not have its full-screen size yet:
            # the chart's side takes what the window gains).
            wide = self._list_width()
            if sizes[0] != wide:  # a revisit in the mode: laid out as it is
                self.split.setSizes([wide, max(1, total - wide)])
        elif not on and self._normal_columns is not None:
            self.split.setSizes(self._normal_columns)
            self._normal_columns = None
        self.charts.set_scale(PRESENTER_SCALE if on else 1.0)
        for shortcut in self.shortcuts.values():
            shortcut.setEnabled(on)
        if on and not self.list.hasFocus():
            self.list.setFocus(Qt.FocusReason.OtherFocusReason)  # ↑ ↓ pick the sprint

    def _list_width(self) -> int:
        """The list pane's width that shows the list's shown columns whole."""
        header = self.list.horizontalHeader()
        columns = sum(
            max(header.sectionSize(c), header.sectionSizeHint(c))
            for c in range(header.count())
            if not header.isSectionHidden(c)
        )
        bar = self.list.verticalScrollBar().sizeHint().width()
        margins = self._left_layout.contentsMargins()
        frame = 2 * self.list.frameWidth()
        return columns + bar + frame + margins.left() + margins.right()

    def presenter_keys(self) -> str:
        """The list picks the sprint the chart marks (the room reads its figures under it);
        ← → the chart."""
        return keys_line(("↑ ↓", "sprint"), ("← →", "chart"))

    def step_chart(self, step: int) -> None:
        """Show the next (``step`` 1) or previous (-1) chart of the picker, round the list."""
        picker = self.charts.picker
        if picker.count():
            picker.setCurrentIndex((picker.currentIndex() + step) % picker.count())
