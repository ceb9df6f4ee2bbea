"""The Backlog screen's layout: the ranked list with its filters and actions, the story editor
beside it, the readiness tab; presenter mode's look. ``BacklogScreen`` wires and fills it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from facilitator.ui.context import UiContext
from facilitator.ui.input_watch import InputWatch
from facilitator.ui.models.backlog_filter import READINESS_CHOICES, STATUS_CHOICES, TYPE_CHOICES
from facilitator.ui.models.backlog_model import BacklogModel
from facilitator.ui.models.backlog_pages import QUIET_MS
from facilitator.ui.screens.backlog_presenter import StoryCard, TableSizer
from facilitator.ui.screens.base import Screen
from facilitator.ui.undo import UndoBar, UndoStack
from facilitator.ui.widgets.story_editor import StoryEditor
from facilitator.ui.widgets.story_form import button, combo, error_label, line
from facilitator.ui.widgets.text import plain_label

NO_STORIES = (
    "No stories yet — add one (N) or import them from Jira, GitHub or a CSV file "
    "(File ▸ Import…, or facilitator import jira FILE)."
)


class GeometryFence(QWidget):
    """Holds one widget whose size hints change often (the Undo button takes each action's
    name) without asking the whole screen for a new layout each time.

    A layout request climbs from a widget to the window, and the Backlog's tab widget repaints
    all of itself when one reaches it: each move, undo or save repainted the whole screen, the
    table's rows included (some 10 ms of the move's 50). The fence has no layout: its child
    fills it, and it passes a request on only when the child's height or least width changed
    (a message shown under the buttons; a name wider than the column).
    """

    def __init__(self, child: QWidget) -> None:
        """Hold ``child``."""
        super().__init__()
        self.child = child
        child.setParent(self)
        # What the layout above was last told (None: nothing yet, so a request goes on).
        self._height: int | None = None
        self._least: QSize | None = None

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        """The child's."""
        hint = self.child.sizeHint()
        self._height = hint.height()
        return hint

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        """The child's."""
        self._least = self.child.minimumSizeHint()
        return self._least

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        """As the child (a wrapped message under the buttons)."""
        return self.child.hasHeightForWidth()

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        """The child's."""
        return self.child.heightForWidth(width)

    def event(self, event: QEvent) -> bool:
        """A layout request from the child: fit it; ask for more room only when it needs it."""
        if event.type() == QEvent.Type.LayoutRequest:
            self._fit()
            if self._needs_room():
                self.updateGeometry()
            return True
        return super().event(event)

    def _needs_room(self) -> bool:
        """Whether the child's hints differ from those the layout above was told in a way
        that matters: another height, or a least width wider than the fence."""
        told = self._least
        if told is None or self._height is None:
            return True
        least = self.child.minimumSizeHint()
        return (
            self.child.sizeHint().height() != self._height
            or least.height() != told.height()
            or least.width() > max(told.width(), self.width())
        )

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        """The child fills the fence."""
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        self.child.setGeometry(0, 0, self.width(), self.height())


class BacklogLayout(Screen):
    """The Backlog screen's widgets, built empty, and presenter mode's look."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        """Build every widget, empty; the screen wires and fills them."""
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("backlog_screen")
        self.setAccessibleName("Backlog")
        self.presenter = False

        self.model = BacklogModel(self, now=lambda: ctx.now())
        # The rest of a long backlog is read while the user gives no input (see backlog_pages).
        watch = InputWatch(self)
        self.model.reading.may_read = lambda: watch.quiet(QUIET_MS)
        self.table = QTableView()
        self.table.setObjectName("backlog_table")
        self.table.setAccessibleName("Ranked backlog")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setDragEnabled(True)
        self.table.setAcceptDrops(True)
        self.table.setDropIndicatorShown(True)
        self.table.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.table.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().setVisible(False)
        # Tab leaves the table for the next control; the arrows still move between rows.
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.sizer = TableSizer(self.table)  # again whenever its font changes (presenter type)

        self.search = line("backlog_search", "Filter by text", "Filter by key or title")
        # Each as wide as its longest choice ("Backlog (new + refined)" was clipped).
        self.status_filter = combo(
            "backlog_status_filter", "Filter by status", STATUS_CHOICES, fit_on_show=True
        )
        self.readiness_filter = combo(
            "backlog_readiness_filter", "Filter by readiness", READINESS_CHOICES, fit_on_show=True
        )
        self.type_filter = combo(
            "backlog_type_filter", "Filter by type", TYPE_CHOICES, fit_on_show=True
        )
        # The search shares its row with the count, not the combos: beside three combos sized to
        # their choices it was squeezed to a few letters at 1280×720.
        search_row = QHBoxLayout()
        search_row.addWidget(self.search, 1)
        filters = QHBoxLayout()
        for box in (self.status_filter, self.readiness_filter, self.type_filter):
            filters.addWidget(box, 0)
        self.search.setMinimumWidth(self.fontMetrics().horizontalAdvance("Filter by key or title"))

        self.count_label = plain_label(name="backlog_count")
        self.empty_label = plain_label(NO_STORIES, name="backlog_empty", wrap=True)
        self.new_title = line("backlog_new_title", "New story title", "New story title (N)")
        self.add_button = button("backlog_add", "Add story")
        self.up_button = button("backlog_move_up", "Move up", "Ctrl+Up")
        self.down_button = button("backlog_move_down", "Move down", "Ctrl+Down")
        self.top_button = button("backlog_move_top", "Move to top", "Ctrl+Home")
        self.error_label = error_label("backlog_error")
        self.actions_row = QWidget()
        self.actions_row.setObjectName("backlog_actions")
        actions = QHBoxLayout(self.actions_row)
        actions.setContentsMargins(0, 0, 0, 0)
        actions.addWidget(self.new_title, 1)
        for widget in (self.add_button, self.up_button, self.down_button, self.top_button):
            actions.addWidget(widget)
        # Undo/Redo buttons named after the action, Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y on this screen.
        self.undo_stack = UndoStack(self)
        self.undo_bar = UndoBar(self.undo_stack, "backlog", self)

        # Ctrl+Up/Down/Home are caught on the table itself (an event filter, not QShortcut):
        # the view would otherwise use them to move its cursor.
        self.table.installEventFilter(self)
        # The header spans the rows' width: its resizes say when the columns need fitting. (Not
        # the viewport's: the first viewport() a process asks for costs 4–5 ms, the binding
        # looking its type up, on the first visit.)
        header.installEventFilter(self)
        # N starts a new story from anywhere on this screen (a text field keeps its own N).
        self.new_shortcut = QShortcut(QKeySequence(Qt.Key.Key_N), self)
        self.new_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.new_shortcut.activated.connect(self.new_title.setFocus)

        left = QWidget()
        self.left_layout = left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        filters.addStretch(1)
        search_row.addWidget(self.count_label)
        left_layout.addLayout(search_row)
        left_layout.addLayout(filters)
        left_layout.addWidget(self.empty_label)
        left_layout.addWidget(self.table, 1)
        self.card = StoryCard()  # presenter mode: the picked story under the list, read-only
        left_layout.addWidget(self.card)
        left_layout.addWidget(self.actions_row)
        left_layout.addWidget(self.error_label)
        self.undo_fence = GeometryFence(self.undo_bar)
        self.undo_fence.setObjectName("backlog_undo_fence")
        left_layout.addWidget(self.undo_fence)

        self.editor = StoryEditor(ctx)
        self.editor.undo_stack = self.undo_stack
        self.splitter = splitter = QSplitter(Qt.Orientation.Horizontal)
        self._split: list[int] = []  # the splitter's sizes while the editor is set aside
        splitter.setObjectName("backlog_splitter")
        splitter.addWidget(left)
        splitter.addWidget(self.editor)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([720, 540])

        # The readiness tab's view is built when the tab is first opened (by the screen).
        self.readiness_page = QWidget()
        self.readiness_page.setObjectName("backlog_readiness_page")
        QVBoxLayout(self.readiness_page).setContentsMargins(0, 0, 0, 0)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("backlog_tabs")
        self.tabs.setAccessibleName("Backlog views")
        self.tabs.addTab(splitter, "Ranked backlog")
        self.tabs.addTab(self.readiness_page, "Ready for planning?")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)

    def before_presenter(self) -> None:
        """The editor, hidden while presenting, waits outside the screen (a hidden child of
        the window): the mode's style sheet restyled its hundred-odd widgets on each F11,
        about half the screen's, for nobody to see (some 20 ms of the 50 at 20,000 stories)."""
        window = self.window()
        if self.editor.parentWidget() is self.splitter and window is not self:
            self._split = self.splitter.sizes()
            self.editor.hide()
            self.editor.setParent(window)

    def _editor_back(self) -> None:
        """Put the editor back where it was in the splitter, as wide as it was."""
        if self.editor.parentWidget() is not self.splitter:
            self.splitter.insertWidget(1, self.editor)
            self.splitter.setSizes(self._split)

    def set_presenter(self, on: bool) -> None:
        """The list in room-size type with the picked story under it; no editing chrome.

        The keyboard still reranks and undoes (the card's key line says how); the editor, the
        new-story row and the undo buttons come back when presenter mode ends.
        """
        self.presenter = on
        if not on:
            self._editor_back()
        filters = (self.search, self.status_filter, self.readiness_filter, self.type_filter)
        # Showing a widget lays its parent out at once: the list's column, once per widget
        # shown (the table resized as often). Laid out once, after them all.
        column = self.left_layout
        column.setEnabled(False)
        try:
            for widget in (self.editor, self.actions_row, self.undo_fence, *filters):
                widget.setVisible(not on)  # the count still says how many stories are shown
            self.card.setVisible(on)
        finally:
            column.setEnabled(True)
            column.activate()
        self.new_shortcut.setEnabled(not on)  # N would focus the hidden new-story field
        self.sizer.restyled()  # in the mode's type (the style is on), before the screen paints
        if on:
            self.card.show_row(self.table, self.table.currentIndex().row())
            self.tabs.setCurrentIndex(0)
            self.table.setFocus()
