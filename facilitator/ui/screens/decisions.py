"""The decision log: every question from raised to acted on, with its cycle time.

Cycle time = acted-on − raised (decided − raised, or the wait so far, while still open); over
24 h is flagged with ``!`` beside the words. Raising, deciding and acting on are one action each.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QVBoxLayout, QWidget

from facilitator.domain.decisions import Cycle, Decision, DecisionKind
from facilitator.domain.ids import MemberId, TeamId
from facilitator.ops import decisions as ops
from facilitator.ops.changes import Changes, Kind
from facilitator.ui.actions import refusals
from facilitator.ui.context import UiContext
from facilitator.ui.models.plain_rows import PlainRowsModel
from facilitator.ui.screens.base import Screen
from facilitator.ui.screens.decisions_stage import DecisionKeys
from facilitator.ui.screens.standup_layout import space_clicks
from facilitator.ui.widgets.plain_table import (
    STRETCH_SHARE_PROPERTY,
    RowFitter,
    fill,
    fit_columns,
    fit_rows,
    table_view,
)
from facilitator.ui.widgets.settle import LaidOutBeforePaint, columns_settled
from facilitator.ui.widgets.story_form import button, combo, error_label, fill_members, line
from facilitator.ui.widgets.text import plain_label

HEADERS = ("Flag", "Question", "Raised by", "Decision-maker", "Stage", "Cycle time", "Decision")
# Left out of the log the room sees (Flag, Raised by, Stage): the flag's words are the cycle
# time's ("· over 24 h"), an open question's cycle time says "(still open)" and its decision is
# empty, and who raised a question matters less than who decides it. Seven columns in presenter
# type at 1280 px wrapped every question onto four lines: two rows of the log showed.
PRESENTER_HIDDEN = (0, 2, 4)
PRESENTER_STRETCH_SHARE = 0.55  # of the log's width, for the question and the decision

__all__ = ["DecisionsScreen", "decision_cells"]


def decision_cells(decision: Decision, log: ops.DecisionLog, now_cycle: str) -> tuple[str, ...]:
    """One row of the log: flag, question, people, stage, cycle time and the decision."""
    names, keys = log.names, log.story_keys
    flag = "! over 24 h" if "over 24 h" in now_cycle else ""
    where = keys.get(decision.story_id, "") if decision.story_id is not None else ""
    stage = decision.stage.label + (f" · {where}" if where else "")
    return (
        flag,
        decision.question,
        names.get(decision.raised_by, "?"),
        names.get(decision.decision_maker, "?"),
        stage,
        now_cycle,
        decision.decision,
    )


class DecisionsScreen(Screen):
    """The team's decision log with cycle times; raise, decide and act on decisions."""

    key = "decisions"
    title = "Decisions"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        """Build the log and its forms."""
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("decisions_screen")
        self.setAccessibleName("Decisions")
        self.team_id: TeamId | None = None
        self.log: ops.DecisionLog | None = None
        # The log's names, decision authority and story keys are current: no action named the
        # team, its members or stories since they were read (the decisions are read anyway).
        self.settled = False

        self.summary = plain_label(name="decisions_summary", wrap=True)
        # A view over plain rows: a 400-decision log refilled as items was 2,900 of them.
        self.rows = PlainRowsModel(HEADERS, self)
        self.table = table_view("decisions_log", "Decision log", self.rows, (1, 6))
        self.question = line("decision_question", "Question", "What needs deciding?")
        # Fitted to their items when shown and when refilled, not 20 ms after each change (the
        # re-fit came after the first paint and painted the forms again).
        self.kind = combo(
            "decision_kind",
            "What it is about",
            [(k.label, k.value) for k in DecisionKind],
            fit_on_show=True,
        )
        self.raised_by = combo("decision_raised_by", "Raised by", fit_on_show=True)
        self.maker = combo("decision_maker", "Decision-maker", fit_on_show=True)
        self.raise_button = button("decision_raise", "Raise the question")
        self.decision_text = line("decision_text", "Decision", "What was decided")
        self.decide_button = button("decision_decide", "Record the decision for the selected")
        self.act_button = button("decision_act", "Mark the selected acted on")
        self.error = error_label("decisions_error")

        raise_box = QGroupBox("Raise a question")
        form = QFormLayout(raise_box)
        form.addRow("Question", self.question)
        form.addRow("About", self.kind)
        form.addRow("Raised by", self.raised_by)
        form.addRow("Decision-maker", self.maker)
        form.addRow(self.raise_button)
        decide_box = QGroupBox("Decide and act")
        decide = QFormLayout(decide_box)
        decide.addRow("Decision", self.decision_text)
        decide.addRow(self.decide_button)
        decide.addRow(self.act_button)
        # The forms are editing chrome: presenter mode folds them away (the log takes the
        # room) and they wait outside the screen meanwhile (see before_presenter).
        self.forms = QWidget()
        self.forms.setObjectName("decisions_forms")
        forms = QHBoxLayout(self.forms)
        forms.setContentsMargins(0, 0, 0, 0)
        forms.addWidget(raise_box, 3)
        forms.addWidget(decide_box, 2)
        self.main_layout = QVBoxLayout(self)
        layout = self.main_layout
        # The heading and the summary share a line: in presenter type, a line more of the log.
        head = QHBoxLayout()
        head.addWidget(plain_label("Decision log", bold=True, point_scale=1.3))
        head.addWidget(self.summary, 1)
        layout.addLayout(head)
        layout.addWidget(self.table, 1)
        # Presenter mode's keys ask on the stage, under the log (R raise, D decide, A act on).
        self.stage = DecisionKeys(self)
        layout.addWidget(self.stage.prompt)
        layout.addWidget(self.error)
        layout.addWidget(self.forms)

        space_clicks(self, (self.raise_button, self.decide_button, self.act_button))
        self.kind.currentIndexChanged.connect(self._default_maker)
        self.raise_button.clicked.connect(self.raise_question)
        self.decide_button.clicked.connect(self.decide)
        self.act_button.clicked.connect(self.act_on)
        self.laid_out = LaidOutBeforePaint(self, lambda: (self.table,), (self.table,))

    def before_presenter(self) -> None:
        """The forms, hidden while presenting, wait outside the screen (a hidden child of the
        window), where the mode's style sheet does not restyle their widgets for nobody."""
        window = self.window()
        if self.forms.parentWidget() is self and window is not self:
            self.forms.hide()
            self.forms.setParent(window)

    def set_presenter(self, on: bool) -> None:
        """The log alone, in the room's type: the forms fold away (R, D and A ask on the stage
        instead; leaving the mode brings them back) and the log leaves out the columns the room
        does not need (:data:`PRESENTER_HIDDEN`)."""
        if not on and self.forms.parentWidget() is not self:
            self.main_layout.addWidget(self.forms)
        self.forms.setVisible(not on)
        self._say("")  # what a form (or a key) last did: the new mode starts afresh
        self.stage.set_presenter(on)
        header = self.table.horizontalHeader()
        if header.isSectionHidden(PRESENTER_HIDDEN[0]) == on:
            return  # a revisit in the mode: laid out as it is
        for column in PRESENTER_HIDDEN:
            header.setSectionHidden(column, on)
        # The question and the decision keep more of the width: beside an open decision's
        # "1 d 2 h (still open) · over 24 h" each question took three lines (five rows showed).
        self.table.setProperty(STRETCH_SHARE_PROPERTY, PRESENTER_STRETCH_SHARE if on else None)
        fitter = self.table.findChild(RowFitter, "row_fitter")
        if fitter is not None:
            # The columns shown share the width once the screen is laid out in the mode's type
            # (the mode's font change fits it then too: it is fitted once). Fitted now, the
            # rows were measured at the widths the question had beside seven columns.
            fitter.fit_when_shown()
            QTimer.singleShot(0, fitter.fit_stale)

    def presenter_keys(self) -> str:
        """The keys of the log that work now in presenter mode."""
        return self.stage.keys()

    def presenter_escape(self) -> bool:
        """Esc closes a question open on the stage first, else presenter mode ends."""
        return self.stage.escape()

    def window_keys_work(self) -> bool:
        """The window's single keys type into a question open on the stage."""
        return not self.stage.questions.asking

    def show_team(self, team_id: TeamId) -> None:
        """Load ``team_id``'s decision log. A revisit reads the decisions again (others, on a
        shared database, raise and decide too) and refills the table only when they changed;
        otherwise it ages the decisions still open. Laid out before it is painted."""
        if team_id != self.team_id:
            self.team_id, self.settled = team_id, False
        self.reload()
        self.laid_out.request()

    def apply_changes(self, changes: Changes) -> None:
        """Follow a decision, the team or its members changed by any window's action: at once
        while the screen shows, else on the next visit (which reads the decisions anyway)."""
        if changes.touches(Kind.TEAM, Kind.MEMBER, Kind.STORY):
            self.settled = False  # the names, the decision authority, the stories' keys
        if self.isVisible() and changes.touches(Kind.DECISION, Kind.TEAM, Kind.MEMBER):
            self.reload()

    def reload(self) -> None:
        """Read the log again (the decisions only, unless an action named the team, its
        members or stories) and show it at the clock's now."""
        if self.team_id is None:
            return
        known = self.log if self.settled else None
        log = ops.decision_log(self.ctx.store, self.team_id, known)
        self.settled = True
        if log is self.log:
            self._age()
        else:
            self._show(log)

    def _show(self, log: ops.DecisionLog) -> None:
        """Fill the table and the choices from ``log`` at the clock's now."""
        self.log = log
        members = list(log.members)
        fill_members(self.raised_by, members)
        fill_members(self.maker, members)
        self._default_maker()
        now = self.ctx.now()
        newest_first = list(reversed(log.decisions))
        cycles = [d.cycle(now) for d in newest_first]
        with columns_settled(self.table):
            fill(
                self.table,
                [
                    decision_cells(d, log, c.label)
                    for d, c in zip(newest_first, cycles, strict=True)
                ],
                [d.id for d in newest_first],
            )
        self._summarise(cycles)

    def _age(self) -> None:
        """The open decisions' rows and the summary at the clock's now, from what was read."""
        log = self.log
        if log is None:
            return
        now = self.ctx.now()
        newest_first = list(reversed(log.decisions))
        cycles = [d.cycle(now) for d in newest_first]
        still_open = {  # acted on: its row cannot change with time
            row: decision_cells(decision, log, cycle.label)
            for row, (decision, cycle) in enumerate(zip(newest_first, cycles, strict=True))
            if cycle.open
        }
        if self.rows.update_rows(still_open):  # a longer wait or a new flag: fit it
            texts = self.rows.texts()
            with columns_settled(self.table):
                fit_columns(self.table, texts)
                fit_rows(self.table, texts)
        self._summarise(cycles)

    def _summarise(self, cycles: Sequence[Cycle]) -> None:
        still_open = sum(1 for c in cycles if c.open)
        late = sum(1 for c in cycles if c.over_target)
        self.summary.setText(
            f"{len(cycles)} decision{'s' if len(cycles) > 1 else ''} · {still_open} still open · "
            f"{late} over 24 h"
            if cycles
            else "No decisions yet: raise the first question below"
        )

    def _default_maker(self) -> None:
        """The decision authority names who decides technical questions and priorities."""
        if self.log is None:
            return
        who = self.log.authority.decider(DecisionKind(self.kind.currentData()))
        if who is not None:
            index = self.maker.findData(int(who))
            if index >= 0:
                self.maker.setCurrentIndex(index)

    def selected(self) -> int | None:
        """The id of the decision chosen in the log (None, and says so, when none is)."""
        return self._selected()

    def say(self, message: str) -> None:
        """Show ``message`` on the screen's message line (empty: hide it)."""
        self._say(message)

    def _selected(self) -> int | None:
        chosen = self.rows.row_id(self.table.currentIndex().row())
        if chosen is None:
            self._say("✗ Select a decision in the log first")
        return chosen

    def _say(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))

    def raise_question(self) -> None:
        """Raise the typed question for the chosen decision-maker."""
        raised_by = MemberId(int(self.raised_by.currentData() or 0))
        maker = self.maker.currentData()
        kind = DecisionKind(self.kind.currentData())
        done = self.ctx.actions.run(
            lambda store, ctx: ops.raise_decision(
                store,
                ctx,
                self.question.text(),
                raised_by,
                None if maker is None else MemberId(int(maker)),
                kind,
            ),
            self.ctx.action(self.team_id),
            errors=refusals(self._say),
            parent=self,
        )
        if done is not None:
            self.question.clear()
            self._say("✓ Question raised")
            self.saved.emit()

    def decide(self) -> None:
        """Record the typed decision for the selected question."""
        chosen = self._selected()
        if chosen is None:
            return
        done = self.ctx.actions.run(
            lambda store, ctx: ops.decide(store, ctx, chosen, self.decision_text.text()),
            self.ctx.action(self.team_id),
            errors=refusals(self._say),
            parent=self,
        )
        if done is not None:
            self.decision_text.clear()
            self._say("✓ Decision recorded")
            self.saved.emit()

    def act_on(self) -> None:
        """Mark the selected decision acted on now."""
        chosen = self._selected()
        if chosen is None:
            return
        done = self.ctx.actions.run(
            lambda store, ctx: ops.act_on(store, ctx, chosen),
            self.ctx.action(self.team_id),
            errors=refusals(self._say),
            parent=self,
        )
        if done is not None:
            self._say("✓ Marked acted on")
            self.saved.emit()
