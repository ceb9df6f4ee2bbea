"""The standup screen's widgets: the blocker slot's stage, today's updates, open blockers, forms.

In presenter mode only the stage shows (one blocker at a time, large type) with its key line;
the keys listed there are exactly the keys that work.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QFont, QKeyEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.ceremony_run import RunState
from facilitator.ui.context import UiContext
from facilitator.ui.keys_line import CONFIRM_KEYS, keys_line
from facilitator.ui.screens.standup_view import BLOCKER_HEADERS, IDLE_TEXT, UPDATE_HEADERS
from facilitator.ui.screens.timebox_screen import CeremonyScreen, stage_keys, stage_type
from facilitator.ui.widgets.column_fit import fit_column
from facilitator.ui.widgets.stage_prompt import StagePrompt
from facilitator.ui.widgets.story_form import button, combo, error_label, line, row
from facilitator.ui.widgets.text import plain_label

KEYS_IDLE = keys_line(("S", "start the blocker slot"))
KEYS_WALK = keys_line(("←", "previous"), ("→", "next"), ("R", "resolve"), ("F", "finish"))
KEYS_PROMPT = CONFIRM_KEYS
WALK_KEYS = ("Left", "Right", "R", "F")


class SpaceClicks(QObject):
    """Space on a focused button of the screen presses it (not the window-wide timer key):
    keyboard users press every button of the forms with Space, as anywhere else."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Claim Space from the window's shortcuts while a button has focus."""
        claimed = (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Space
            and isinstance(watched, QPushButton)
        )
        if claimed:
            event.accept()
        return claimed


def space_clicks(owner: QWidget, buttons: Sequence[QPushButton]) -> None:
    """Install :class:`SpaceClicks` on ``buttons`` (kept alive by ``owner``)."""
    claim = SpaceClicks(owner)
    for widget in buttons:
        widget.installEventFilter(claim)


def table(
    name: str, accessible: str, headers: Sequence[str], stretch: Sequence[int] = ()
) -> QTableWidget:
    """A read-only table of plain-text cells (Tab moves past it, arrows move inside it);
    the ``stretch`` columns share the width and wrap, the others fit their contents."""
    widget = QTableWidget(0, len(headers))
    widget.setObjectName(name)
    widget.setAccessibleName(accessible)
    widget.setHorizontalHeaderLabels(list(headers))
    widget.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    widget.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    widget.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    widget.setTabKeyNavigation(False)  # Tab leaves the table: no focus trap
    widget.setWordWrap(True)
    widget.verticalHeader().setVisible(False)
    header = widget.horizontalHeader()
    # The other columns are fitted to their text by fill (measured once, not on every layout
    # pass as ResizeToContents does: 25 ms for a 400-decision log).
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    for column in stretch:
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
    header.setStretchLastSection(not stretch)
    fit_columns(widget)
    # Wrapped rows follow the width: a wider window gives them back their height (the rows
    # in view are measured, the others when scrolled to).
    RowFitter(widget)
    return widget


def fill(widget: QTableWidget, rows: Sequence[Sequence[str]], data: Sequence[int] = ()) -> None:
    """Replace the table's rows (``data``: an id per row, kept on the first cell).

    Columns and rows are fitted to their text once, at the end: fitted after every cell (each
    new cell measured its whole column again, and resized it, which refitted every row) a
    400-decision log took 17 s to show.
    """
    header = widget.horizontalHeader()
    was_blocked = header.blockSignals(True)
    widget.setUpdatesEnabled(False)
    try:
        widget.setRowCount(len(rows))
        for r, cells in enumerate(rows):
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if c == 0 and r < len(data):
                    item.setData(Qt.ItemDataRole.UserRole, data[r])
                widget.setItem(r, c, item)
    finally:
        header.blockSignals(was_blocked)
        widget.setUpdatesEnabled(True)
    columns = [
        [cells[c] if c < len(cells) else "" for cells in rows] for c in range(header.count())
    ]
    fit_columns(widget, columns)
    fit_rows(widget, columns)


def _texts(widget: QTableWidget, column: int) -> list[str]:
    items = (widget.item(r, column) for r in range(widget.rowCount()))
    return [item.text() if item is not None else "" for item in items]


def fit_columns(widget: QTableWidget, texts: Sequence[Sequence[str]] | None = None) -> None:
    """Fit each column that does not stretch to its header and its widest cell (``texts``:
    the cells' texts column by column; None: read from the cells), measured once, not on every
    layout pass as ResizeToContents does (25 ms for a 400-decision log)."""
    header = widget.horizontalHeader()
    last = header.count() - 1
    for column in range(header.count()):
        if header.sectionResizeMode(column) != QHeaderView.ResizeMode.Interactive or (
            column == last and header.stretchLastSection()
        ):
            continue
        fit_column(widget, column, _texts(widget, column) if texts is None else texts[column])


class RowFitter(QObject):
    """Fits a table's rows to their wrapped text, the rows in view only.

    Measuring every row (resizeRowsToContents) took 20–35 ms for a 400-decision log. The rows
    in view are measured exactly; the others get a height estimated from their text's length
    and are measured when they scroll into view, or when the columns' widths change.
    """

    def __init__(self, widget: QTableWidget) -> None:
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

    def refit(self, texts: list[list[str]] | None = None) -> None:
        """The texts (``texts``, column by column; None: read them) or the widths changed:
        estimate every row, measure those in view."""
        widget = self.widget
        self.measured.clear()
        self.texts = (
            texts if texts is not None else [_texts(widget, c) for c in range(widget.columnCount())]
        )
        rows = widget.rowCount()
        if rows == 0 or len(self.texts) != widget.columnCount():
            return
        metrics = widget.fontMetrics()
        char, line = max(1, metrics.averageCharWidth()), metrics.lineSpacing()
        # An estimate: the header's least height, a line and its margins per wrapped line.
        one_line = max(widget.verticalHeader().sectionSizeHint(0), line + 4)
        estimates: list[list[int]] = []  # per column that wraps, each row's lines
        for c, column in enumerate(self.texts):
            room = max(1, widget.columnWidth(c) - 2 * char)
            if max(map(len, column)) * char > room:
                estimates.append([-(-len(text) * char // room) for text in column])
            if any("\n" in text for text in column):
                estimates.append([text.count("\n") + 1 for text in column])
        lines = list(map(max, zip(*estimates, strict=True))) if estimates else [1] * rows
        for r, count in enumerate(lines):
            widget.setRowHeight(r, one_line + (max(1, count) - 1) * line)
        self.fit_visible()

    def fit_visible(self) -> None:
        """Measure the rows in view not measured yet (until the rows in view stay the same)."""
        widget = self.widget
        header = widget.verticalHeader()
        rows = widget.rowCount()
        for _ in range(4):  # a measured row grows or shrinks: other rows come into view
            top = max(0, header.visualIndexAt(0))
            bottom = header.visualIndexAt(widget.viewport().height())
            bottom = rows - 1 if bottom < 0 else bottom
            due = [r for r in range(top, bottom + 1) if r not in self.measured]
            if not due:
                return
            least = header.sectionSizeHint(top)  # as resizeRowsToContents: never below it
            for r in due:
                self.measured.add(r)
                height = max(least, widget.sizeHintForRow(r))
                if widget.rowHeight(r) != height:
                    widget.setRowHeight(r, height)


def fit_rows(widget: QTableWidget, texts: list[list[str]] | None = None) -> None:
    """Fit the rows of a :func:`table` to its texts (``texts`` column by column, else read
    from the cells): those in view now, the others when seen."""
    fitter = widget.findChild(RowFitter, "row_fitter")
    if fitter is not None:
        fitter.refit(texts)
    else:
        widget.resizeRowsToContents()


class StandupLayout(CeremonyScreen):
    """The standup screen's widgets, named and laid out; ``StandupScreen`` adds behaviour."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        """Build every part of the screen."""
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("standup_screen")
        self.setAccessibleName("Standup")
        self.run: RunState | None = None
        self.presenter = False

        self.start_button = button("standup_start", "Start blocker slot (S)")
        self.prev_button = button("standup_prev", "← Previous blocker")
        self.next_button = button("standup_next", "Next blocker →")
        self.resolve_button = button("standup_resolve", "Resolve this blocker (R)")
        self.finish_button = button("standup_finish", "Finish the slot (F)")
        self.bar = row(
            self.start_button,
            self.prev_button,
            self.next_button,
            self.resolve_button,
            self.finish_button,
            stretch_first=False,
        )
        self.bar.setObjectName("standup_bar")

        self.progress = plain_label("STANDUP · blocker slot", name="standup_progress", bold=True)
        self.title_label = plain_label(
            IDLE_TEXT.format(key="Start"), name="standup_title", point_scale=1.6, wrap=True
        )
        self.title_label.setProperty("role", "heading")
        self.details = plain_label(name="standup_details", wrap=True)
        self.error = error_label("standup_error")
        self.prompt = StagePrompt("standup_prompt")
        self.keys = plain_label(KEYS_IDLE, name="standup_keys", wrap=True)
        self.keys.setProperty("role", "keys")
        self.stage = QWidget()
        self.stage.setObjectName("standup_stage")
        stage = QVBoxLayout(self.stage)
        for widget in (self.progress, self.title_label, self.details):
            stage.addWidget(widget)
        stage.addStretch(1)
        # The blocker scrolls inside its own area, so a long one in presenter type never pushes
        # the window past the screen; the keys stay in view below it.
        self.stage_scroll = QScrollArea()
        self.stage_scroll.setObjectName("standup_stage_scroll")
        self.stage_scroll.setAccessibleName("Current blocker")
        self.stage_scroll.setWidgetResizable(True)
        self.stage_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.stage_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stage_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.stage_scroll.setWidget(self.stage)

        self.missing = plain_label(name="standup_missing", wrap=True)
        self.updates = table("standup_updates", "Today's updates", UPDATE_HEADERS, (3, 4, 5))
        self.blockers = table("standup_blockers", "Open blockers", BLOCKER_HEADERS, (1,))
        self.flags = plain_label(name="standup_flags", wrap=True)
        self.flags.setProperty("level", "problem")

        self.writer = combo("update_member", "Update written by")
        self.done_field = line("update_done", "Done since last update", "Done since last update")
        self.next_field = line("update_next", "Next", "What comes next")
        self.blockers_field = line("update_blockers", "Blockers", "What is in the way")
        self.write_button = button("update_write", "Write today's update")
        update_box = QGroupBox("Write an update")
        update_form = QFormLayout(update_box)
        update_form.addRow("Member", self.writer)
        update_form.addRow("Done", self.done_field)
        update_form.addRow("Next", self.next_field)
        update_form.addRow("Blockers", self.blockers_field)
        update_form.addRow(self.write_button)

        self.raiser = combo("blocker_raised_by", "Blocker raised by")
        self.owner = combo("blocker_owner", "Blocker owner")
        self.story_box = combo("blocker_story", "Story it blocks")
        self.description = line("blocker_description", "Blocker", "What is in the way")
        self.raise_button = button("blocker_raise", "Raise blocker")
        self.resolution = line("blocker_resolution", "Resolution", "How it was resolved")
        self.resolve_selected = button("blocker_resolve", "Resolve selected blocker")
        blocker_box = QGroupBox("Blockers")
        blocker_form = QFormLayout(blocker_box)
        blocker_form.addRow("Raised by", self.raiser)
        blocker_form.addRow("Blocker", self.description)
        blocker_form.addRow("Owner", self.owner)
        blocker_form.addRow("Story", self.story_box)
        blocker_form.addRow(self.raise_button)
        blocker_form.addRow("Resolution", self.resolution)
        blocker_form.addRow(self.resolve_selected)

        self.controls = QWidget()
        self.controls.setObjectName("standup_controls")
        controls = QHBoxLayout(self.controls)
        controls.setContentsMargins(0, 0, 0, 0)
        lists = QVBoxLayout()
        lists.addWidget(plain_label("Today's updates", bold=True))
        lists.addWidget(self.missing)
        lists.addWidget(self.updates, 1)
        lists.addWidget(plain_label("Open blockers, oldest first", bold=True))
        lists.addWidget(self.flags)
        lists.addWidget(self.blockers, 1)
        forms = QVBoxLayout()
        forms.addWidget(update_box)
        forms.addWidget(blocker_box)
        forms.addStretch(1)
        controls.addLayout(lists, 3)
        controls.addLayout(forms, 2)

        self.main_layout = layout = QVBoxLayout(self)
        layout.addWidget(self.bar)
        layout.addWidget(self.stage_scroll)
        layout.addWidget(self.prompt)
        layout.addWidget(self.error)
        layout.addWidget(self.controls, 1)
        layout.addWidget(self.keys)  # hidden: its text is presenter_keys(), on the hint line
        space_clicks(self, self.findChildren(QPushButton))
        self.shortcuts: dict[str, QShortcut] = {}
        self._fonts = {
            label: QFont(label.font())
            for label in (self.progress, self.title_label, self.details, self.keys)
        }

    def _add_keys(self, keys: dict[str, Callable[[], None]]) -> None:
        """Presenter mode's single keys, window-wide, off until a mode enables them."""
        stage_keys(self.stage, keys, self.shortcuts)

    def set_presenter(self, on: bool) -> None:
        """Large type, the blocker on the stage only, no editing chrome."""
        self.presenter = on
        stage_type(self._fonts, self.title_label, on)
        if self.run is None:
            self.title_label.setText(IDLE_TEXT.format(key="S" if on else "Start"))
        self._sync()

    def presenter_escape(self) -> bool:
        """Esc closes the resolution prompt first, else presenter mode ends."""
        if self.prompt.isVisibleTo(self):
            self.prompt.close_prompt()
            self._sync()
            self.setFocus()
            return True
        return False

    def presenter_keys(self) -> str:
        """The keys that work now in presenter mode."""
        return self.keys.text()

    def window_keys_work(self) -> bool:
        """The timer's keys type into the resolution prompt while it is open."""
        return not self.prompt.isVisibleTo(self)

    def _sync(self) -> None:
        """Show the chrome and enable the keys that fit the state."""
        on, prompting = self.presenter, self.prompt.isVisibleTo(self)
        self.bar.setVisible(not on)
        self.controls.setVisible(not on)
        # Presenter mode: the stage takes the room; the window's hint line lists the keys.
        self.main_layout.setStretchFactor(self.stage_scroll, 1 if on else 0)
        if on:
            self.stage_scroll.setMinimumHeight(0)
            self.stage_scroll.setMaximumHeight(16_777_215)
        else:  # just the slot's lines above the lists
            self.stage_scroll.setFixedHeight(self.stage.sizeHint().height())
        self.keys.setVisible(False)
        walking = self.run is not None and self.run.walking
        if prompting:
            self.keys.setText(KEYS_PROMPT)
        else:
            self.keys.setText(KEYS_WALK if self.run is not None else KEYS_IDLE)
        enabled: tuple[str, ...] = ()
        if on and not prompting:
            enabled = ("S",) if self.run is None else (WALK_KEYS if walking else ("F",))
        for sequence, shortcut in self.shortcuts.items():
            shortcut.setEnabled(sequence in enabled)
        self.start_button.setEnabled(self.run is None)
        for widget in (self.prev_button, self.next_button, self.resolve_button):
            widget.setEnabled(walking)
        self.finish_button.setEnabled(self.run is not None)
        self.keys_changed.emit()

    def _say(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))


def set_heading(label: QLabel, text: str) -> None:
    """Set a stage label's text and its tooltip."""
    label.setText(text)
    label.setToolTip(text)
