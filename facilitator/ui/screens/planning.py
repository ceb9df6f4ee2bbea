"""Sprint planning ceremony: pull Ready stories from the top into the forecast until it is full,
call out risks, write the goal, confirm on both sides and freeze the forecast.

Timeboxed (the shared timer shows); every action goes through ``ctx.actions.run``, refusals
next to what was touched; the committed planning is re-read after each action and whenever
another window's record names its run. Presenter keys: O open, P pull, X remove, F full, C close;
A, V, K, H, R, G, Y and M ask their answers on the stage (see :mod:`planning_asks`).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QWidget

from facilitator.domain.forecast import points_words
from facilitator.domain.ids import MemberId, RunId, TeamId
from facilitator.domain.monte_carlo import forecast_lines
from facilitator.domain.planning import Confirmer
from facilitator.errors import InputError
from facilitator.ops import planning as ops
from facilitator.ops.ceremony import resume_run
from facilitator.ops.changes import ActionContext, Changes, Kind
from facilitator.store.db import Store
from facilitator.ui.context import UiContext
from facilitator.ui.screens.planning_asks import PlanningAsks, parse_days_off
from facilitator.ui.screens.planning_layout import KEYS_LINE, PlanningLayout, fill_combo
from facilitator.ui.screens.timebox_screen import RoomView
from facilitator.ui.widgets.settle import LaidOutBeforePaint
from facilitator.ui.widgets.stage_questions import StageQuestions

__all__ = ["KEYS_LINE", "PlanningScreen", "parse_days_off"]

Act = Callable[[Store, ActionContext], Changes]


def bar_words(view: ops.PlanningView) -> str:
    """The capacity bar's words: ``34 / 40 pts``, or that no capacity is chosen yet (the bar
    said "0 / 0 pts" until then)."""
    if view.choice is None and not view.planning.forecast.capacity:
        return "no capacity chosen yet"
    return view.planning.forecast.bar


class PlanningScreen(PlanningLayout):
    """The timeboxed planning ceremony of the team's next sprint."""

    key = "planning"
    title = "Planning"
    ceremony = "planning"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        """Build and wire the screen."""
        super().__init__(ctx, parent)
        self.team_id: TeamId | None = None
        self.run_id: RunId | None = None
        self.view: ops.PlanningView | None = None
        self.open_button.clicked.connect(self.open_planning)
        self.pull_button.clicked.connect(self.pull_selected)
        self.skip_button.clicked.connect(self.skip_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        self.full_button.clicked.connect(self.declare_full)
        self.capacity_button.clicked.connect(self.set_capacity)
        self.avail_button.clicked.connect(self.set_availability)
        self.ack_button.clicked.connect(self.acknowledge)
        self.goal_button.clicked.connect(self.set_goal)
        self.confirm_po.clicked.connect(lambda: self.confirm(Confirmer.PRODUCT_OWNER))
        self.confirm_lead.clicked.connect(lambda: self.confirm(Confirmer.DELIVERY_LEAD))
        self.close_button.clicked.connect(self.close_planning)
        self.reopen_button.clicked.connect(self.reopen)
        self.questions = StageQuestions(self.prompt, self._sync_keys)
        self.asks = PlanningAsks(self)
        self._add_keys(
            {
                "O": self.open_planning,
                "A": self.asks.capacity,
                "V": self.asks.availability,
                "P": self.pull_next,
                "K": self.asks.skip,
                "X": self.remove_last,
                "R": self.asks.acknowledge,
                "F": self.declare_full,
                "G": self.asks.goal,
                "Y": self.asks.confirm,
                "C": self.close_planning,
                "M": self.asks.mid_sprint,
                "H": self.asks.holiday,
            }
        )
        # A visit is laid out before its paint: the timer shown in the top bar after the
        # screen (and a warmed screen laid out hidden before the timer took its room) left the
        # layout and the scroll bar's placing to after the first paint, which painted it twice
        # or three times.
        self.settle = LaidOutBeforePaint(
            self, lambda: (self.page_scroll, self.backlog, self.forecast)
        )
        self._render()

    # --- screen contract -------------------------------------------------------------------------
    def show_team(self, team_id: TeamId) -> None:
        """Show the team's planning run left open (by a quit or a crash), else the idle stage;
        laid out before it is painted."""
        self.settle.request()
        if team_id == self.team_id:
            return
        self.team_id, self.run_id, self.view = team_id, None, None
        open_run = resume_run(self.ctx.store, team_id, ops.PLANNING)
        if open_run is not None:
            self.run_id = open_run.run_id
            self._reload()
        self._render()

    def apply_changes(self, changes: Changes) -> None:
        """Follow the run when any window's action names it."""
        if self.run_id is not None and int(self.run_id) in changes.ids_of(Kind.RUN):
            self._reload()
            self._render()

    def room_view(self) -> RoomView:
        """The forecast filling, the capacity bar and the current story, in words."""
        view = self.view
        if view is None:
            return RoomView("PLANNING", self.current.text())
        forecast = view.planning.forecast
        lines = tuple(f"{e.key}  {e.title} · {points_words(e.points)}" for e in forecast.entries)
        return RoomView(
            f"PLANNING · {view.sprint.name} · {bar_words(view)}",
            self.current.text(),
            (("Forecast", lines or ("nothing pulled yet",)),),
            self.chances.text(),
        )

    # --- reading ---------------------------------------------------------------------------
    def _reload(self) -> None:
        if self.run_id is None:
            self.view = None
            return
        try:
            self.view = ops.load_planning(self.ctx.store, self.run_id)
        except InputError:
            self.run_id, self.view = None, None

    def _next(self) -> str | None:
        view = self.view
        if view is None:
            return None
        story = view.planning.forecast.next_to_pull(view.backlog)
        return None if story is None else story.key

    def _render(self) -> None:
        view = self.view
        has_run = view is not None
        for widget in (self.body, self.stage):
            widget.setEnabled(has_run)
        for widget in (self.bar, self.bar_words):  # an empty frame until there is a capacity
            if widget.isVisibleTo(self) != has_run:
                widget.setVisible(has_run)
        self.open_button.setEnabled(self.team_id is not None and not has_run)
        if view is None:
            self.progress.setText("PLANNING")
            self._mode_words()
            self.bar.setValue(0)
            self.bar_words.setText("")
            for label in (self.forecast_lines, self.chances):
                label.setText("")
            self.room_changed.emit()
            self._sync_keys()
            return
        planning, forecast = view.planning, view.planning.forecast
        state = "closed · frozen" if planning.closed else "open"
        self.progress.setText(f"PLANNING · {view.sprint.name} · {state}")
        nxt = self._next()
        ready = {c.key: c for c in view.backlog}
        if planning.closed and planning.snapshot is not None:
            self.current.setText(planning.snapshot.words())
        elif nxt is not None:
            story = ready[nxt]
            amount = points_words(story.points or 0)
            self.current.setText(f"Next: {story.key}  {story.title} · {amount}")
        else:
            self.current.setText("No Ready story left to pull")
        cap = forecast.capacity
        self.bar.setMaximum(max(1, round(cap * 10)))
        self.bar.setValue(min(round(forecast.points * 10), max(1, round(cap * 10))))
        self.bar.setFormat(bar_words(view))
        self.bar_words.setText(bar_words(view))
        self._mode_words()
        top = len(forecast.entries)
        self.chances.setText(
            "\n".join(
                forecast_lines(
                    view.throughput, top, 1, seed=int(view.sprint.id), name=view.sprint.name
                )
            )
        )
        self._render_lists(view)
        self._render_details(view)
        self.room_changed.emit()
        self._sync_keys()

    def set_presenter(self, on: bool) -> None:
        """The mode's look, and the words that name a key in it and a button out of it."""
        super().set_presenter(on)
        self._mode_words()
        self.room_changed.emit()

    def _mode_words(self) -> None:
        """The idle stage's and the forecast line's words, which name the mode's way to act:
        before planning opens, its key or button; while nothing is pulled and no capacity is
        chosen, that the capacity comes first (every pull is refused against 0 pts)."""
        view = self.view
        if view is None:
            if self.presenter:  # as the other ceremonies' idle stages say it
                self.current.setText("Press O to plan the next sprint")
            else:
                self.current.setText("Open planning: plan the next sprint")
            return
        forecast = view.planning.forecast
        full = f" — declared full by {forecast.full.name}" if forecast.full else ""
        if forecast.entries:
            words = " · ".join(forecast.keys)
        elif view.choice is not None or view.planning.closed:
            words = "The forecast is empty: pull from the top"
        else:
            proposed = points_words(round(view.proposal.points, 1))
            how = "A, then Return, takes" if self.presenter else "Capacity, below, takes"
            words = f"Choose the capacity first: {how} the proposal of {proposed}"
        self.forecast_lines.setText(words + full)

    def _render_lists(self, view: ops.PlanningView) -> None:
        forecast = view.planning.forecast
        skipped = {s.key: s.reason for s in forecast.skipped}
        self.backlog.clear()
        for c in view.backlog:
            if c.key in forecast.keys:
                continue
            mark = "✓" if c.readiness.ready else "✗"
            points = "? pts" if c.points is None else points_words(c.points)
            extra = f" — skipped: {skipped[c.key]}" if c.key in skipped else ""
            if not c.readiness.ready:
                extra += " — not Ready: " + "; ".join(f.reason for f in c.readiness.failures)
            self.backlog.addItem(f"{mark} {c.key}  {c.title} · {points}{extra}")
        self.forecast.clear()
        for e in forecast.entries:
            self.forecast.addItem(f"{e.key}  {e.title} · {points_words(e.points)}")

    def _render_details(self, view: ops.PlanningView) -> None:
        planning, forecast = view.planning, view.planning.forecast
        self.proposal.setText(
            f"Proposed {view.proposal.points:.1f} pts (a sizing aid, not a target): "
            f"{view.proposal.explanation}" + (f"\n{view.choice.words()}" if view.choice else "")
        )
        if not self.capacity.hasFocus():
            offered = round(view.proposal.points, 1)  # until the team chooses: the proposal
            self.capacity.setValue(offered if view.choice is None else forecast.capacity)
        avail = view.availability
        self.availability.setText(
            "\n".join(m.explanation() for m in avail.members)
            + f"\nTotal: {avail.person_days:.1f} person-days"
        )
        fill_combo(
            self.avail_member, [(f"{m.name} ({m.timezone})", int(m.id)) for m in view.members]
        )
        fill_combo(self.ack_owner, [(m.name, int(m.id)) for m in view.members])
        fill_combo(
            self.confirm_member, [(f"{m.name} ({m.role_label})", int(m.id)) for m in view.members]
        )
        open_entries = [e for e in forecast.entries if e.open_items]
        fill_combo(self.ack_story, [(e.key, i) for i, e in enumerate(open_entries)])
        lines = []
        for e in open_entries:
            ack = forecast.acknowledgement(e.key)
            done = f" — owner {ack.owner}: {ack.mitigation}" if ack else " — not acknowledged"
            lines.append(f"{e.key}: {'; '.join(e.open_items)}{done}")
        self.open_items.setText("\n".join(lines) or "No forecast story has an open risk")
        if not self.goal.hasFocus():
            self.goal.setText(forecast.goal)
        self.confirmations.setText(
            "\n".join(c.words() for c in planning.confirmations) or "Nobody has confirmed yet"
        )
        missing = planning.missing_to_close()
        self.missing.setText("To close: " + "; ".join(missing) if missing else "Ready to close")
        self.close_button.setEnabled(not planning.closed)
        self.reopen_button.setEnabled(planning.closed)
        self.mid_sprint_button.setEnabled(planning.closed)

    # --- actions ---------------------------------------------------------------------------------
    def next_key(self) -> str | None:
        """The key of the next Ready story to pull (None when none is left)."""
        return self._next()

    def acting_member(self) -> MemberId:
        """Who acts (see :meth:`_by`)."""
        return self._by()

    def say(self, message: str) -> None:
        """Say on the stage what happened or why not."""
        self._say(message)

    def run_action(self, act: Act, errors: Callable[[str], None], done: str) -> Changes | None:
        """Run ``act``, a refusal to ``errors`` (a stage question's), ``done`` said when taken."""
        return self._run(act, done=done, errors=errors)

    def _run(
        self,
        act: Act,
        where: QLabel | None = None,
        done: str = "",
        errors: Callable[[str], None] | None = None,
    ) -> Changes | None:
        if self.team_id is None:
            return None
        label = where or self.error

        def show(message: str) -> None:
            label.setText(f"✗ {message}" if message else "")
            label.setVisible(bool(message))

        changes = self.ctx.actions.run(
            act, self.ctx.action(self.team_id, self.run_id), errors=errors or show, parent=self
        )
        if changes is not None:
            self.saved.emit()
            self._reload()
            self._render()
            if done:
                self._say(f"✓ {done}")
        return changes

    def _by(self) -> MemberId:
        """Who acts: the member picked under "Who", else the team's first member."""
        data = self.confirm_member.currentData()
        return MemberId(int(data or 0))

    def open_planning(self) -> None:
        """Open planning of the next sprint with its clock running (O)."""
        if self.team_id is None or self.view is not None:
            return
        changes = self._run(ops.open_planning)
        if changes is not None:
            self.run_id = RunId(next(iter(changes.ids_of(Kind.RUN))))
            self._reload()
            self._render()
            self.ceremony_started.emit()

    def pull_selected(self) -> None:
        """Pull the selected backlog story (the next Ready one when none is selected)."""
        item = self.backlog.currentItem()
        key = item.text().split()[1] if item is not None else self._next()
        if key:
            self._run(lambda s, c: ops.pull(s, c, key, self._by()), done=f"{key} pulled")

    def pull_next(self) -> None:
        """P: pull the next Ready story from the top."""
        key = self._next()
        if key is None:
            self._say("✗ No Ready story is left to pull")
            return
        self._run(lambda s, c: ops.pull(s, c, key, self._by()), done=f"{key} pulled")

    def skip_selected(self) -> None:
        """Skip the selected (or next) story with the reason typed."""
        item = self.backlog.currentItem()
        key = item.text().split()[1] if item is not None else self._next()
        reason = self.skip_reason.text()
        if key and self._run(lambda s, c: ops.skip(s, c, key, reason, self._by())):
            self.skip_reason.clear()

    def remove_selected(self) -> None:
        """Take the selected (or last) forecast story out."""
        view = self.view
        if view is None or not view.planning.forecast.entries:
            return
        row = self.forecast.currentRow()
        entries = view.planning.forecast.entries
        key = entries[row if 0 <= row < len(entries) else -1].key
        self._run(lambda s, c: ops.remove(s, c, key, self._by()), done=f"{key} removed")

    def remove_last(self) -> None:
        """X: remove the last pulled story."""
        self.forecast.setCurrentRow(-1)
        self.remove_selected()

    def declare_full(self) -> None:
        """F: the team says the forecast is full."""
        self._run(lambda s, c: ops.declare_full(s, c, self._by()), done="Forecast declared full")

    def set_capacity(self) -> None:
        """Set the capacity: the first choice records it next to the proposal."""
        points, reason = self.capacity.value(), self.capacity_reason.text()
        view = self.view
        if view is not None and view.choice is None:
            act: Act = lambda s, c: ops.choose_capacity_points(s, c, points, self._by())  # noqa: E731
        else:
            act = lambda s, c: ops.raise_capacity(s, c, points, reason, self._by())  # noqa: E731
        if self._run(act, self.capacity_error, f"Capacity {points_words(points)}"):
            self.capacity_reason.clear()

    def set_availability(self) -> None:
        """Save the picked member's allocation and days off."""
        member = MemberId(int(self.avail_member.currentData() or 0))
        allocation, text = self.allocation.value(), self.days_off.text()

        def act(store: Store, ctx: ActionContext) -> Changes:
            return ops.set_availability(store, ctx, member, allocation, parse_days_off(text))

        self._run(act, self.avail_error, "Availability saved")

    def acknowledge(self) -> None:
        """Acknowledge the picked story's risks with an owner and a mitigation."""
        key = self.ack_story.currentText()
        data = self.ack_owner.currentData()
        owner = None if data is None else MemberId(int(data))
        plan = self.ack_mitigation.text()
        if not key:
            self._show(self.ack_error, "✗ No forecast story has an open dependency or risk")
            return
        act: Act = lambda s, c: ops.acknowledge(s, c, key, owner, plan, self._by())  # noqa: E731
        if self._run(act, self.ack_error, f"{key} acknowledged"):
            self.ack_mitigation.clear()

    def set_goal(self) -> None:
        """Write the sprint goal."""
        goal = self.goal.text()
        self._run(lambda s, c: ops.set_goal(s, c, goal), done="Sprint goal set")

    def confirm(self, confirmer: Confirmer) -> None:
        """The picked member confirms as Product Owner or delivery lead."""
        who = self._by()
        self._run(lambda s, c: ops.confirm(s, c, who, confirmer), self.confirm_error)

    def close_planning(self) -> None:
        """C: freeze the forecast and start the sprint."""
        if self._run(lambda s, c: ops.close_planning(s, c, self._by()), done="Planning closed"):
            self.ceremony_finished.emit()

    def reopen(self) -> None:
        """Reopen closed planning with a reason."""
        reason = self.reopen_reason.text()
        if self._run(lambda s, c: ops.reopen_planning(s, c, reason, self._by())):
            self.reopen_reason.clear()

    def _show(self, label: QLabel, message: str) -> None:
        label.setText(message)
        label.setVisible(bool(message))
