"""The standup: today's written updates, open blockers with live ages, and the blocker slot.

The 15-minute blocker slot is a ceremony run walking the open blockers oldest first. In
presenter mode it runs by keyboard: S starts, ← → walk, R asks for the resolution on the stage,
F finishes; Esc closes the prompt, else leaves presenter mode.
"""

from __future__ import annotations

import contextlib
from time import monotonic

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

from facilitator.domain.blockers import Blocker, queue_words
from facilitator.domain.ids import MemberId, StoryId, TeamId
from facilitator.errors import FacilitatorError
from facilitator.ops import standup as ops
from facilitator.ops.ceremony import load_run, run_of
from facilitator.ops.changes import ActionContext, Changes, Kind
from facilitator.ui.actions import ShowsError, refusals
from facilitator.ui.context import UiContext
from facilitator.ui.screens.standup_layout import StandupLayout, set_heading
from facilitator.ui.screens.standup_view import (
    IDLE_TEXT,
    blocker_cells,
    missing_line,
    room_view_of,
    slot_texts,
    update_cells,
)
from facilitator.ui.screens.timebox_screen import RoomView
from facilitator.ui.widgets.plain_table import show_rows
from facilitator.ui.widgets.settle import LaidOutBeforePaint, layouts_held
from facilitator.ui.widgets.story_form import fill_members, refit

AGE_TICK_MS = 30_000  # ages are shown to the minute; refresh them twice a minute
# What members write from their own machines on a shared database (no action of this program
# names it) shows within this long: a visit or a tick reads again once the last read is older.
REREAD_S = AGE_TICK_MS / 1000

__all__ = ["StandupScreen"]


class StandupScreen(StandupLayout):
    """The timeboxed standup; renders the committed run and the stored updates and blockers."""

    key = "standup"
    title = "Standup"
    ceremony = "standup"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        """Build and wire the screen; :meth:`show_team` loads it."""
        super().__init__(ctx, parent)
        self.team_id: TeamId | None = None
        self.view: ops.StandupView | None = None
        # The blockers of a slot's walk (resolved ones too) when the view read has none for
        # it: read only while a slot runs.
        self._walked: dict[int, Blocker] | None = None
        self._lines: tuple[str, ...] = ()  # the stage's detail lines, for the room window
        self.start_button.clicked.connect(self.start)
        self.prev_button.clicked.connect(lambda: self.go(-1))
        self.next_button.clicked.connect(lambda: self.go(1))
        self.resolve_button.clicked.connect(self.ask_resolution)
        self.finish_button.clicked.connect(self.finish)
        self.write_button.clicked.connect(self.write_update)
        self.raise_button.clicked.connect(self.raise_blocker)
        self.resolve_selected.clicked.connect(self.resolve_selected_blocker)
        self.prompt.answered.connect(self._resolve_current)
        self.prompt.cancelled.connect(self._sync)
        self._add_keys(
            {
                "S": self.start,
                "Right": lambda: self.go(1),
                "Left": lambda: self.go(-1),
                "R": self.ask_resolution,
                "F": self.finish,
            }
        )
        # Marked by an action's record naming what they come from; read on the next visit
        # (at once while the screen shows). The SLA, members and working weeks (``settled``)
        # are read only then; the updates and blockers also once the last read is older than
        # REREAD_S (members write them from their own machines on a shared database).
        self.choices_stale = True  # members and stories of the forms
        self.stale = True  # updates, blockers, the slot's run
        self.settled = False  # SLA, members, working weeks
        self.read_at = -REREAD_S  # monotonic() of the last read
        self.settle = LaidOutBeforePaint(
            self,
            lambda: (self.updates, self.blockers, self.stage_scroll),
            (self.updates, self.blockers),  # sized by the screen's first lay-out
        )
        self.ticker = QTimer(self)
        self.ticker.setInterval(AGE_TICK_MS)
        self.ticker.timeout.connect(self._tick)
        self.ticker.start()
        self._sync()

    # --- screen contract -----------------------------------------------------------------------
    def show_team(self, team_id: TeamId) -> None:
        """Load ``team_id``'s standup (a slot left open carries on), in one transaction; a
        revisit reads nothing unless an action named what it shows or the last read is older
        than :data:`REREAD_S` (the ages and each member's standing are shown at now anyway)."""
        changed = team_id != self.team_id
        if changed:
            self.team_id, self.settled = team_id, False
        with layouts_held((self, self.controls, self.stage)):
            if changed or self.due():
                self.reload(changed)
            if changed and self.view is not None:
                self.run = self.view.run
            self.refresh_view()
        self.settle.request()

    def due(self) -> bool:
        """Whether a visit reads again: an action marked what it shows, or the last read is
        older than :data:`REREAD_S`."""
        return (
            self.view is None
            or self.stale
            or self.choices_stale
            or monotonic() - self.read_at >= REREAD_S
        )

    def _tick(self) -> None:
        """Twice a minute: the ages at now, and what was written meanwhile while on screen."""
        if self.isVisible() and self.due():
            with contextlib.suppress(FacilitatorError):  # unreadable now: the next visit says why
                self.reload()
        self.refresh_view()

    def _fill_choices(self, view: ops.StandupView, changed: bool) -> None:
        members = view.active_members
        for box in (self.writer, self.raiser, self.owner):
            fill_members(box, members)
        self.owner.insertItem(0, "nobody yet", 0)
        if changed:
            self.owner.setCurrentIndex(0)
        self.story_box.clear()
        self.story_box.addItem("no story", 0)
        for story_id, story_key in view.choices or ():
            self.story_box.addItem(story_key, int(story_id))
        for box in (self.owner, self.story_box):
            refit(box)  # as wide as the items just added
        self.choices_stale = False

    def reload(self, changed: bool = False) -> None:
        """Read the updates, blockers and the slot's run again (the SLA, the members and their
        weeks too unless already read; the forms' choices when marked stale), in one
        transaction."""
        if self.team_id is None:
            return
        choices = changed or self.choices_stale
        known = self.view if self.settled else None
        self.view = ops.standup_view(
            self.ctx.store, self.team_id, self.ctx.now(), choices=choices, known=known
        )
        self.stale, self.settled, self._walked = False, True, None
        self.read_at = monotonic()
        if choices:
            self._fill_choices(self.view, changed)

    @property
    def all_blockers(self) -> dict[int, Blocker]:
        """The blockers of the slot's walk by id while a slot runs (resolved ones too); empty
        with no slot."""
        if self.run is None or self.team_id is None:
            return {}
        view = self.view
        read = None if view is None or view.run is None else view.slot_blockers
        if (
            read is not None
            and view is not None
            and view.run is not None
            and view.run.run_id == self.run.run_id
            and all(int(i) in read for i in self.run.queue)
        ):
            return read
        if self._walked is None:
            blockers, _sla = ops.team_blockers(self.ctx.store, self.team_id)
            self._walked = {b.id: b for b in blockers}
        return self._walked

    def apply_changes(self, changes: Changes) -> None:
        """Follow updates, blockers and the team's standup run from any window's action (read
        at once while the screen shows, else on the next visit)."""
        if self.team_id is None:
            return
        run = run_of(changes)
        mine = False  # the standup's own run changed (another ceremony's clock is not ours)
        if run is not None and run.team_id == self.team_id and run.ceremony == self.ceremony:
            self.run, mine = (run if run.is_open else None), True
        elif self.run is not None and int(self.run.run_id) in changes.ids_of(Kind.RUN):
            state = load_run(self.ctx.store, self.run.run_id)
            self.run, mine = (state if state.is_open else None), True
        if changes.touches(Kind.STORY, Kind.BACKLOG, Kind.MEMBER, Kind.TEAM):
            self.choices_stale = True  # the forms' choices are read again on the next visit
        if changes.touches(Kind.TEAM, Kind.MEMBER):
            self.settled = False
        if mine or changes.touches(Kind.UPDATE, Kind.BLOCKER, Kind.TEAM, Kind.MEMBER):
            self.stale = True
        if not self.isVisible():
            return  # shown as it is then, read again if marked
        if self.stale:
            self.reload()
        self.refresh_view()

    def room_view(self) -> RoomView:
        """The blocker on the stage for the room window (built from the run and the blocker)."""
        return room_view_of(self.progress.text(), self.title_label.text(), self._lines)

    # --- rendering -----------------------------------------------------------------------------
    def refresh_view(self) -> None:
        """Show everything from the stored state at the clock's now (ages and each member's
        standing are live); a table is refilled only when its texts changed."""
        if self.view is None:
            return
        now = self.ctx.now()
        view = self.view.at(now)
        show_rows(self.updates, [update_cells(r) for r in view.rows])
        self.missing.setText(missing_line(view.rows))
        cells = [
            blocker_cells(b, now, view.sla_hours, view.names, view.story_keys)
            for b in view.blockers
        ]
        show_rows(self.blockers, cells, [b.id for b in view.blockers])
        self.open_blockers = len(view.blockers)
        late = [b for b in view.blockers if b.flagged(now, view.sla_hours)]
        self.flags.setText(f"! {len(late)} over the {view.sla_hours} h SLA" if late else "")
        self.flags.setVisible(bool(late))
        keys = dict(view.story_keys)
        keys.update(self._story_keys())
        progress, title, lines = slot_texts(
            self.run, self.all_blockers, now, view.sla_hours, view.names, keys
        )
        if self.may_start():  # also when only the clock runs: the blockers are still to walk
            title = IDLE_TEXT.format(key="S" if self.presenter else "Start")
        if self.run is None or not self.run.walking:  # the room sees what a slot will walk
            lines = (queue_words(view.blockers, now, view.sla_hours), *lines)
        self.progress.setText(progress)
        set_heading(self.title_label, title)
        self.details.setText("\n".join(lines))
        self._lines = lines
        self._sync()
        self.room_changed.emit()

    def _story_keys(self) -> dict[StoryId, str]:
        return {
            StoryId(int(self.story_box.itemData(i))): self.story_box.itemText(i)
            for i in range(1, self.story_box.count())
        }

    def _ctx(self) -> ActionContext:
        return self.ctx.action(self.team_id, None if self.run is None else self.run.run_id)

    # --- the blocker slot ----------------------------------------------------------------------
    def start(self) -> None:
        """Start the slot: its clock and its walk of the open blockers, oldest first (S)."""
        if self.team_id is None or not self.may_start():
            return
        done = self.ctx.actions.run(
            ops.start_blocker_slot, self._ctx(), errors=refusals(self._say), parent=self
        )
        run = run_of(done)
        if run is not None:
            self.run = run
            self.refresh_view()
            self.saved.emit()
            self.ceremony_started.emit()

    def go(self, step: int) -> None:
        """The previous (-1) or next (+1) blocker; at either end, say so."""
        if self.run is None:
            return
        done = self.ctx.actions.run(
            lambda store, ctx: ops.slot_step(store, ctx, step),
            self._ctx(),
            errors=refusals(self._say),
            parent=self,
        )
        run = run_of(done)
        if run is not None:
            self.run = run
            self.refresh_view()

    def current_blocker(self) -> Blocker | None:
        """The blocker on the stage, if any."""
        if self.run is None or self.run.current is None:
            return None
        return self.all_blockers.get(int(self.run.current))

    def current_story(self) -> StoryId | None:
        """The story of the blocker on the stage (a decision raised now links it)."""
        blocker = self.current_blocker()
        return None if blocker is None else blocker.story_id

    def ask_resolution(self) -> None:
        """R: ask how the blocker on the stage was resolved, on the stage."""
        blocker = self.current_blocker()
        if blocker is None:
            return
        if not blocker.is_open:
            self._say("✓ This blocker is already resolved; → for the next one")
            return
        self.prompt.ask_text(
            f"How was “{blocker.description}” resolved?", "Resolution", "How it was resolved"
        )
        self._sync()

    def _resolve_current(self, text: str) -> None:
        blocker = self.current_blocker()
        if blocker is None:
            return
        if self._resolve(blocker.id, text, lambda message: self.prompt.refuse(message)):
            self.prompt.close_prompt()
            self._sync()
            self.setFocus()

    def _resolve(self, blocker_id: int, text: str, errors: ShowsError) -> bool:
        done = self.ctx.actions.run(
            lambda store, ctx: ops.resolve_blocker(store, ctx, blocker_id, text),
            self._ctx(),
            errors=errors,
            parent=self,
        )
        if done is None:
            return False
        self._say("✓ Blocker resolved")
        self.saved.emit()
        return True

    def finish(self) -> None:
        """End the slot and its clock (F)."""
        if self.run is None:
            return
        done = self.ctx.actions.run(
            ops.finish_blocker_slot, self._ctx(), errors=refusals(self._say), parent=self
        )
        if run_of(done) is not None:
            self.run = None
            self._say("✓ Blocker slot finished")
            self.refresh_view()
            self.saved.emit()
            self.ceremony_finished.emit()

    # --- the forms -----------------------------------------------------------------------------
    def write_update(self) -> None:
        """Write today's update of the chosen member (their own working day)."""
        member = MemberId(int(self.writer.currentData() or 0))
        row = (
            next((r for r in self.view.at(self.ctx.now()).rows if r.member.id == member), None)
            if self.view
            else None
        )
        if row is None:
            self._say("✗ Pick the member who writes the update")
            return
        done = self.ctx.actions.run(
            lambda store, ctx: ops.write_update(
                store,
                ctx,
                member,
                row.day,
                self.done_field.text(),
                self.next_field.text(),
                self.blockers_field.text(),
            ),
            self._ctx(),
            errors=refusals(self._say),
            parent=self,
        )
        if done is not None:
            for field in (self.done_field, self.next_field, self.blockers_field):
                field.clear()
            self._say(f"✓ Update written for {row.member.name}")
            self.saved.emit()

    def raise_blocker(self) -> None:
        """Raise a blocker with the chosen owner and story."""
        raised_by = MemberId(int(self.raiser.currentData() or 0))
        owner = int(self.owner.currentData() or 0)
        story = int(self.story_box.currentData() or 0)
        done = self.ctx.actions.run(
            lambda store, ctx: ops.raise_blocker(
                store,
                ctx,
                raised_by,
                self.description.text(),
                StoryId(story) if story else None,
                MemberId(owner) if owner else None,
            ),
            self._ctx(),
            errors=refusals(self._say),
            parent=self,
        )
        if done is not None:
            self.description.clear()
            self._say("✓ Blocker raised")
            self.saved.emit()

    def resolve_selected_blocker(self) -> None:
        """Resolve the blocker selected in the list with the typed resolution."""
        blocker_id = self.blocker_rows.row_id(self.blockers.currentIndex().row())
        if blocker_id is None:
            self._say("✗ Select the blocker to resolve in the list first")
            return
        if self._resolve(blocker_id, self.resolution.text(), self._say):
            self.resolution.clear()
