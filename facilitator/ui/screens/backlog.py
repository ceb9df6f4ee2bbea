"""Backlog screen: the ranked list (filter, drag & keyboard reranking), editor, PO readiness.

Reranking and the editor's field, criterion, assumption and risk edits are undoable: Ctrl+Z,
Ctrl+Shift+Z / Ctrl+Y and the Undo/Redo buttons work one stack per team (see ``ui/undo.py``).
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QHideEvent, QKeyEvent, QShowEvent
from PySide6.QtWidgets import QWidget

from facilitator.domain.ids import StoryId, TeamId
from facilitator.domain.model import StoryType
from facilitator.errors import FacilitatorError
from facilitator.ops.backlog import (
    BacklogListing,
    backlog_page,
    backlog_rows,
    create_story,
    move_story,
    move_to_top,
)
from facilitator.ops.changes import Changes, Kind
from facilitator.ui.actions import Action, label_sink
from facilitator.ui.context import UiContext
from facilitator.ui.models.backlog_filter import BacklogFilter
from facilitator.ui.screens.backlog_layout import NO_STORIES, BacklogLayout
from facilitator.ui.widgets.settle import columns_settled, lay_out_now

if TYPE_CHECKING:
    from facilitator.ui.screens.readiness import ReadinessView

# The first page of a long backlog, read before the screen shows: a screenful of new and
# refined stories and more (the rest is read in pages while the window is idle; see
# ui/models/backlog_pages.py).
FIRST_PAGE = 150


class BacklogScreen(BacklogLayout):
    """Ranked backlog with a story editor beside it, and the PO's readiness tab."""

    key = "backlog"
    title = "Backlog"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        """Build the layout and wire it; :meth:`show_team` fills it."""
        super().__init__(ctx, parent)
        self.team_id: TeamId | None = None
        # Marked by a record naming the whole backlog (or the team's readiness rules) while
        # the screen is hidden: the next visit reads the listing again; other visits do not.
        self.stale = True
        self._readiness: ReadinessView | None = None  # built when its tab is first opened
        # An undo or redo shows the story it changed, even when another one was picked since.
        self._last_story: int | None = None
        self.model.move_requested.connect(self.move_to_row)
        self.model.reread_needed.connect(self._reread)
        self.table.selectionModel().currentRowChanged.connect(self._on_current)
        self.search.textChanged.connect(self.apply_filter)
        for box in (self.status_filter, self.readiness_filter, self.type_filter):
            box.currentIndexChanged.connect(self.apply_filter)
        self.new_title.returnPressed.connect(self.add_story)
        self.add_button.clicked.connect(self.add_story)
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(1))
        self.top_button.clicked.connect(self.move_selected_to_top)
        self.undo_stack.indexChanged.connect(self._follow_undo)
        self.editor.reloaded.connect(self._story_reloaded)
        self.tabs.currentChanged.connect(self._on_tab)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        """Go on reading a long backlog's later pages (once the user pauses)."""
        super().showEvent(event)
        self.model.read_later()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt override
        """Read no page while another screen shows (a filter or a patch reads the rest)."""
        super().hideEvent(event)
        self.model.reading.pause()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Rerank with Ctrl+Up, Ctrl+Down and Ctrl+Home while the table has focus."""
        kind = event.type()
        if watched is self.table and kind in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.sizer.later()  # presenter type (or a zoom step) changed the table's font
        elif kind == QEvent.Type.Resize and watched is self.table.horizontalHeader():
            self.sizer.resized()
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.modifiers() == Qt.KeyboardModifier.ControlModifier
        ):
            key = event.key()
            if key == Qt.Key.Key_Up:
                self.move_selected(-1)
                return True
            if key == Qt.Key.Key_Down:
                self.move_selected(1)
                return True
            if key == Qt.Key.Key_Home:
                self.move_selected_to_top()
                return True
        return super().eventFilter(watched, event)

    # --- loading -------------------------------------------------------------------------------
    def show_team(self, team_id: TeamId) -> None:
        """Show the team's backlog; a revisit of the same team reads nothing unless an action
        marked the listing stale (see :meth:`apply_changes`).

        The selected story stays selected when it is still listed; otherwise the first one is.
        """
        if team_id == self.team_id and not self.stale:
            if (view := self._readiness_shown()) is not None:
                view.show_team(team_id)
            if self.isVisible():  # shown again, or first shown after warming filled it
                self._lay_out()
            return
        self.reload(team_id)

    def _lay_out(self) -> None:
        """Lay the screen out before it is painted (see :func:`lay_out_now`).

        Showing the screen again asks for the same layout passes as filling it; left to the
        event loop they came after the first paint, and a layout request reaching the
        QTabWidget repainted all of it, twice (three paints of the screen on a revisit).
        """
        lay_out_now([self.table, self.editor, *self.editor.item_views], [self.count_label])

    def reload(self, team_id: TeamId) -> None:
        """Read the team's backlog (and the readiness view when it is showing)."""
        current = self._current_story() if team_id == self.team_id else None
        if team_id != self.team_id:  # the undo stack is per team
            self.undo_stack.clear()
        self.team_id = team_id
        self.stale = False
        store = self.ctx.store

        def more(after: int | None, limit: int, backlog: bool, upto: int | None) -> BacklogListing:
            return backlog_page(store, team_id, after, limit, backlog, upto)

        with columns_settled(self.table):
            self.model.set_listing(backlog_page(store, team_id, None, FIRST_PAGE), more)
            self.sizer.now()  # the columns fit this team's keys and ranks
            shown = self.editor.story
            self._after_change(current)
            if shown is not None and self.editor.story is shown:  # kept: read it again too
                self.editor.show_story(shown.id)
            if (view := self._readiness_shown()) is not None:
                view.show_team(team_id)
            self._lay_out()
        if self.isVisible():
            self.model.read_later()  # the rest of a long backlog once the user pauses

    def _reread(self) -> None:
        """The backlog changed while its pages were read: read it again (or on the next visit)."""
        self.stale = True
        if self.team_id is not None and self.isVisible():
            with contextlib.suppress(FacilitatorError):
                self.reload(self.team_id)

    def apply_changes(self, changes: Changes) -> None:
        """Patch the rows an action named; reload (now, or on the next visit when hidden) when
        it names the whole backlog, every story, or the team's readiness rules."""
        team = self.team_id
        if team is None or not changes.touches(Kind.BACKLOG, Kind.STORY, Kind.TEAM, Kind.MEMBER):
            return
        if (
            changes.names_all(Kind.BACKLOG)
            or changes.names_all(Kind.STORY)
            or int(team) in changes.ids_of(Kind.TEAM)
            or changes.touches(Kind.MEMBER)  # a Product Owner's criteria count for readiness
            or changes.names_all(Kind.TEAM)
        ):
            self.stale = True
            if self.isVisible():
                # Gone or unreadable (a restore replaced it): stay stale; the next visit says why.
                with contextlib.suppress(FacilitatorError):
                    self.reload(team)
            return
        named = set(changes.ids_of(Kind.BACKLOG) | changes.ids_of(Kind.STORY))
        if not named:
            return
        current = self._current_story()
        self._last_story = min(named) if len(named) == 1 else None
        placed = dict(changes.ranks)
        # A move says where its story went, its only change: the row moves, nothing is read.
        if not (
            changes.kinds == {Kind.BACKLOG} and named <= placed.keys() and self.model.place(placed)
        ):
            self.model.patch(backlog_rows(self.ctx.store, team, named), named)
        self._after_change(changes.created or current, fallback=False)
        self.editor.apply_changes(changes)  # reads its story again only when it changed
        if (view := self._readiness_shown()) is not None:
            view.show_team(team)

    def _on_tab(self, index: int) -> None:
        del index  # the tab now current
        view = self._readiness_shown()
        if view is not None and self.team_id is not None:
            view.show_team(self.team_id)

    def _readiness_shown(self) -> ReadinessView | None:
        """The readiness view when its tab is showing (built then, the first time)."""
        if self.tabs.currentWidget() is not self.readiness_page:
            return None
        if self._readiness is None:
            from facilitator.ui.screens.readiness import ReadinessView  # not on a first visit

            view = ReadinessView(self.ctx)
            view.open_story.connect(self.open_story)
            layout = self.readiness_page.layout()
            assert layout is not None
            layout.addWidget(view)
            self._readiness = view
        return self._readiness

    def apply_filter(self) -> None:
        """Apply the text, status, readiness and type filters."""
        current = self._current_story()
        self.model.set_filter(
            BacklogFilter(
                text=self.search.text(),
                status=str(self.status_filter.currentData()),
                readiness=str(self.readiness_filter.currentData()),
                type=str(self.type_filter.currentData()),
            )
        )
        self._after_change(current)

    def _after_change(self, select: int | None = None, *, fallback: bool = True) -> None:
        """Update the count and select ``select``; else the first row, unless not ``fallback``.

        ``fallback=False`` keeps the editor on a story that an edit just filtered out.
        """
        shown, total = self.model.rowCount(), self.model.total()
        self.count_label.setText(f"{shown} shown of {total} stories")
        self.empty_label.setVisible(total == 0)
        if select is not None and (self.select_story(select) or not fallback):
            return
        if shown:
            self.select_story(self.model.story_id(0))
        elif total:
            self.editor.show_empty("No story matches these filters; clear them to see every story")
        else:
            self.editor.show_empty(NO_STORIES)

    # --- selection and editing -----------------------------------------------------------------
    def _current_story(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.story_id(index.row()) if index.isValid() else None

    def select_story(self, story_id: int) -> bool:
        """Select a story's row if it is visible."""
        row = self.model.row_of(story_id)
        if row is None:
            return False
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)
        return True

    def open_story(self, story_id: int) -> None:
        """Show a story in the editor (from the readiness tab, for example)."""
        self.tabs.setCurrentIndex(0)
        if not self.select_story(story_id):
            self.editor.show_story(StoryId(story_id))

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        # A filter keystroke resets the view's rows and re-selects the same story: the editor
        # keeps it (and what is typed in it) instead of reading it again.
        if current.isValid():
            story = StoryId(self.model.story_id(current.row()))
            if self.editor.story is None or self.editor.story.id != story:
                self.editor.show_story(story)
        if self.presenter:
            self.card.show_row(self.table, current.row())

    def _story_reloaded(self, story_id: int) -> None:
        """The editor read its story again (after a stale save): its row shows it as saved."""
        if self.team_id is not None:
            self.model.patch(backlog_rows(self.ctx.store, self.team_id, [story_id]), {story_id})

    def _follow_undo(self) -> None:
        if self.undo_stack.pushing:
            return  # a new action is being recorded: only an undo or redo selects its story
        story, self._last_story = self._last_story, None
        if story is not None and story != self._current_story() and not self.select_story(story):
            with contextlib.suppress(FacilitatorError):  # gone meanwhile: nothing to show
                self.editor.show_story(StoryId(story))

    def add_story(self) -> None:
        """Create a story from the typed title at the bottom of the backlog."""
        title = self.new_title.text()
        kind = StoryType.STORY
        if self._act(lambda store, ctx: create_story(store, ctx, title, kind)) is not None:
            self.new_title.clear()

    def _act(self, action: Action) -> Changes | None:
        """Run one action of this screen: refusals under the list, undo on the screen's stack."""
        if self.team_id is None:
            return None
        return self.ctx.actions.run(
            action,
            self.ctx.action(self.team_id),
            errors=label_sink(self.error_label),
            undo_on=self.undo_stack,
            parent=self,
        )

    # --- reranking -----------------------------------------------------------------------------
    def move_selected(self, delta: int) -> None:
        """Move the selected story one visible row up (-1) or down (+1)."""
        index = self.table.currentIndex()
        if index.isValid():
            self.move_to_row(self.model.story_id(index.row()), index.row() + delta, delta > 0)

    def move_selected_to_top(self) -> None:
        """Move the selected story above every other story."""
        story = self._current_story()
        if story is None:
            return
        text = f"move {self.model.key_of(story)} to top"
        if self._act(lambda store, ctx: move_to_top(store, ctx, StoryId(story), text)):
            self.select_story(story)

    def move_to_row(self, story_id: int, row: int, downward: bool | None = None) -> None:
        """Move a story so it shows at visible ``row`` (a drop or a keyboard move)."""
        if self.team_id is None:
            return
        source = self.model.row_of(story_id)
        count = self.model.rowCount()
        if downward is None:  # a drop: the row it was dropped in front of
            if source is not None and row in (source, source + 1):
                return
            if row >= count:
                anchor = StoryId(self.model.story_id(count - 1))
                self._move(story_id, f"below {self.model.key_of(anchor)}", after=anchor)
            else:
                anchor = StoryId(self.model.story_id(row))
                self._move(story_id, f"above {self.model.key_of(anchor)}", before=anchor)
        elif 0 <= row < count:
            anchor = StoryId(self.model.story_id(row))
            if downward:
                self._move(story_id, "down", after=anchor)
            else:
                self._move(story_id, "up", before=anchor)

    def _move(
        self,
        story_id: int,
        how: str,
        *,
        before: StoryId | None = None,
        after: StoryId | None = None,
    ) -> None:
        story, text = StoryId(story_id), f"move {self.model.key_of(story_id)} {how}"
        if self._act(
            lambda store, ctx: move_story(store, ctx, story, before=before, after=after, text=text)
        ):
            self.select_story(story_id)  # a dragged story becomes the one edited
