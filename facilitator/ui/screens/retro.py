"""The retrospective: six timeboxed phases that end in exactly one experiment.

Presenter-first: in presenter mode every phase runs by keyboard (O opens, ← → move between
phases, each phase's keys ask on the stage); the editing forms below the stage do the same with
the mouse or Tab. Anonymous notes show as a placeholder here until the reveal and not at all in
the room window before it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from facilitator.domain.experiment import Outcome, change_problem, measure_problem
from facilitator.domain.ids import MemberId, TeamId
from facilitator.domain.retro_notes import GroupId
from facilitator.domain.retro_phases import RetroPhase
from facilitator.ops import retro as ops
from facilitator.ops.changes import ActionContext, Changes, Kind
from facilitator.ops.retro_reads import load_retro
from facilitator.ui.actions import refusals
from facilitator.ui.context import UiContext
from facilitator.ui.screens.retro_layout import NOTE_KINDS, OUTCOMES, RetroLayout
from facilitator.ui.screens.retro_steps import Answer, Ask, Steps, check_date, note_numbers
from facilitator.ui.screens.retro_view import (
    IDLE_TEXT,
    room_view_of,
    stage_texts,
    stepper,
)
from facilitator.ui.screens.timebox_screen import RoomView

__all__ = ["RetroScreen"]

Op = Callable[..., Changes]
ANONYMOUS, NAMED = 1, 0


class RetroScreen(RetroLayout):
    """The timeboxed retrospective; renders the committed retro run."""

    key = "retro"
    title = "Retro"
    ceremony = "retro"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        """Build and wire the screen; :meth:`show_team` loads it."""
        super().__init__(ctx, parent)
        self.team_id: TeamId | None = None
        self.steps = Steps(self.prompt, self._prompt_closed)
        self.open_button.clicked.connect(self.open)
        self.back_button.clicked.connect(lambda: self._do(ops.back_phase))
        self.next_button.clicked.connect(lambda: self._do(ops.advance_phase))
        self.skip_button.clicked.connect(lambda: self._do(ops.skip_voting))
        self.close_button.clicked.connect(self.close_retro)
        self.evaluate_button.clicked.connect(self._evaluate_from_form)
        self.note_button.clicked.connect(self._note_from_form)
        self.reveal_button.clicked.connect(lambda: self._do(ops.reveal))
        self.group_button.clicked.connect(self._group_from_form)
        self.vote_button.clicked.connect(lambda: self._vote_from_form(ops.vote))
        self.unvote_button.clicked.connect(lambda: self._vote_from_form(ops.unvote))
        self.allowance_button.clicked.connect(
            lambda: self._do(ops.set_allowance, self.allowance.value())
        )
        self.discuss_button.clicked.connect(
            lambda: self._do(ops.discuss, GroupId(int(self.discuss_group.currentData() or 0)))
        )
        self.decide_button.clicked.connect(lambda: self._decide_from_form(ops.decide_experiment))
        self.revise_button.clicked.connect(lambda: self._decide_from_form(ops.revise_experiment))
        self._add_keys(
            {
                "O": self.open,
                "Right": lambda: self._do(ops.advance_phase),
                "Left": lambda: self._do(ops.back_phase),
                "E": self.ask_evaluation,
                "A": self.ask_note,
                "V": lambda: self._do(ops.reveal),
                "G": self.ask_group,
                "K": lambda: self._do(ops.skip_voting),
                "D": self.ask_vote,
                "P": self.ask_discussion,
                "X": lambda: self.ask_experiment(ops.decide_experiment),
                "R": lambda: self.ask_experiment(ops.revise_experiment),
                "C": self.close_retro,
            }
        )
        self.refresh_view()

    # --- screen contract -----------------------------------------------------------------------
    def show_team(self, team_id: TeamId) -> None:
        """Load ``team_id``'s retrospective under way, if any."""
        if team_id != self.team_id:
            self.undo_stack.clear()  # another team's steps do not apply here
        self.team_id = team_id
        self.view = load_retro(self.ctx.store, team_id)
        self.refresh_view()

    def apply_changes(self, changes: Changes) -> None:
        """Follow the team's retro from any window's action."""
        if self.team_id is None:
            return
        view = ops.view_of(changes)
        if view is not None and view.run.team_id == self.team_id:
            self.view = view
        elif changes.touches(Kind.RETRO, Kind.TEAM, Kind.MEMBER):
            self.view = load_retro(self.ctx.store, self.team_id)
        else:
            return
        self.refresh_view()

    def room_view(self) -> RoomView:
        """The phase on the stage for the room window: no unrevealed anonymous note in it."""
        return room_view_of(self.view)

    # --- rendering -----------------------------------------------------------------------------
    def _names(self) -> dict[MemberId, str]:
        return {} if self.view is None else {m.id: m.name for m in self.view.members}

    def refresh_view(self) -> None:
        """Show the committed retro: stepper, stage, forms and the keys that work."""
        view = self.view
        progress, title, lines = stage_texts(view, room=False, names=self._names())
        if view is None:
            title = IDLE_TEXT.format(key="O" if self.presenter else "Open")
        self.steps_label.setText(stepper(None if view is None else view.retro.phase))
        self.progress.setText(progress)
        self.title_label.setText(title)
        self.title_label.setToolTip(title)
        self.details.setText("\n".join(lines))
        if view is not None:
            self._fill_forms()
        self._sync()
        self.room_changed.emit()

    # --- running actions -----------------------------------------------------------------------
    def _ctx(self) -> ActionContext:
        run = None if self.view is None else self.view.run_id
        return self.ctx.action(self.team_id, run)

    def _run(self, op: Op, *args: object, errors: Callable[[str], None] | None = None) -> bool:
        done = self.ctx.actions.run(
            lambda store, ctx: op(store, ctx, *args),
            self._ctx(),
            errors=errors or refusals(self._say),
            undo_on=self.undo_stack,
            parent=self,
        )
        view = ops.view_of(done)
        if view is None:
            return False
        self.view = view
        self.refresh_view()
        self.saved.emit()
        return True

    def _do(self, op: Op, *args: object) -> None:
        if self.view is not None:
            self._run(op, *args)

    def _on_stage(self, op: Op, *args: object) -> str:
        """Run ``op`` from the prompt: its refusal, or an empty text once done (the prompt then
        closes and the stage's keys work again)."""
        said: list[str] = []
        if not self._run(op, *args, errors=said.append):
            return said[0] if said else "✗"
        return ""

    def _prompt_closed(self) -> None:
        self.setFocus()  # off the hidden prompt field, so the arrows reach the phase keys
        self.refresh_view()

    def open(self) -> None:
        """Open (or resume) the retro of the sprint just ended (O)."""
        if self.team_id is None or self._phase() is not None:
            return
        if self._run(ops.open_retro):
            self.ceremony_started.emit()

    def close_retro(self) -> None:
        """Close the retro (C); refused with the reason until it has its one experiment."""
        if self._phase() is RetroPhase.DECIDE and self._run(ops.close_retro, self._by()):
            self._say("✓ Retrospective closed with its one experiment")
            self.ceremony_finished.emit()

    def _by(self) -> MemberId:
        return MemberId(int(self.by.currentData() or 0))

    def _members(self) -> list[tuple[str, int]]:
        return [] if self.view is None else [(m.name, int(m.id)) for m in self.view.members]

    # --- the stage's questions (presenter mode) ------------------------------------------------
    def _ask(self, asks: list[Ask], done: Callable[[list[Answer]], str]) -> None:
        self._say("")
        self.steps.start(asks, done)
        self._sync()

    def ask_evaluation(self) -> None:
        """E: the previous experiment's outcome, then the evidence."""
        if self._phase() is not RetroPhase.EVALUATE or self.view is None:
            return
        if self.view.retro.previous is None:
            self._say("There is no previous experiment: → to gather notes")
            return
        choices = [(o.label, i) for i, o in enumerate(OUTCOMES)]
        self._ask(
            [
                Ask(f"Did “{self.view.retro.previous.change}” work?", "Outcome", choices),
                Ask("What was observed, against its success measure?", "Evidence"),
            ],
            lambda a: self._on_stage(
                ops.evaluate_previous, OUTCOMES[int(a[0])], str(a[1]), self._by()
            ),
        )

    def ask_note(self) -> None:
        """A: the note's column, its writer, named or anonymous, then its text."""
        if self._phase() is not RetroPhase.GATHER:
            return
        kinds = [(k[0], i) for i, k in enumerate(NOTE_KINDS)]
        self._ask(
            [
                Ask("Which column?", "Column", kinds),
                Ask("Who writes it?", "Writer", self._members()),
                Ask(
                    "Named or anonymous?",
                    "Named or anonymous",
                    [("Named", NAMED), ("Anonymous (no name is kept)", ANONYMOUS)],
                ),
                Ask("What does the note say?", "Note"),
            ],
            self._note_answers,
        )

    def _note_answers(self, a: list[Answer]) -> str:
        _label, column, friction = NOTE_KINDS[int(a[0])]
        return self._on_stage(
            lambda store, ctx: ops.write_note(
                store,
                ctx,
                MemberId(int(a[1])),
                column,
                str(a[3]),
                anonymous=int(a[2]) == ANONYMOUS,
                friction=friction,
            )
        )

    def ask_group(self) -> None:
        """G: the notes to group (their numbers), then the group's title."""
        if self._phase() is not RetroPhase.GROUP:
            return
        self._ask(
            [
                Ask(
                    "Which notes go together?",
                    "Notes to group",
                    placeholder="Note numbers, e.g. 1 3",
                    check=self._notes_problem,
                ),
                Ask("What do they have in common?", "Group title"),
            ],
            self._group_answers,
        )

    def _notes_problem(self, typed: Answer) -> str:
        notes = note_numbers(str(typed))
        if isinstance(notes, str):
            return notes
        return "" if self.view is None else self.view.retro.notes_problem(notes)

    def _group_answers(self, a: list[Answer]) -> str:
        notes = note_numbers(str(a[0]))
        if isinstance(notes, str):
            return notes
        return self._on_stage(ops.make_group, str(a[1]), notes)

    def ask_vote(self) -> None:
        """D: who votes, then the group they put a dot on."""
        if self._phase() is not RetroPhase.VOTE or self.view is None:
            return
        groups = [(f"{g.title} ({dots})", int(g.group_id)) for g, dots in self.view.retro.tally()]
        self._ask(
            [Ask("Who votes?", "Who votes", self._members()), Ask("Which group?", "Group", groups)],
            lambda a: self._on_stage(ops.vote, MemberId(int(a[0])), GroupId(int(a[1]))),
        )

    def ask_discussion(self) -> None:
        """P: the group to discuss (most dots first; groups without dots stay in the list)."""
        if self._phase() is not RetroPhase.DISCUSS or self.view is None:
            return
        groups = [(f"{g.title} ({dots})", int(g.group_id)) for g, dots in self.view.retro.tally()]
        self._ask(
            [Ask("Which group now?", "Group to discuss", groups)],
            lambda a: self._on_stage(ops.discuss, GroupId(int(a[0]))),
        )

    def ask_experiment(self, op: Op) -> None:
        """X (decide) or R (change it): what we change, its owner, how we will know, and an
        optional check date."""
        if self._phase() is not RetroPhase.DECIDE or self.view is None:
            return
        retro = self.view.retro
        problem = retro.experiment_taken() if op is ops.decide_experiment else ""
        if op is ops.revise_experiment:
            problem = retro.revision_problem()
        if problem:
            refusals(self._say)(problem)  # said before any question, not after the last
            return
        self._ask(
            [
                Ask(
                    "What do we change?",
                    "What we change",
                    check=lambda typed: change_problem(str(typed)),
                ),
                Ask("Who owns it?", "Owner", self._members()),
                Ask(
                    "How will we know it worked?",
                    "How we will know",
                    placeholder="e.g. reviews wait under 4 h",
                    check=lambda typed: measure_problem(str(typed).strip()),
                ),
                Ask(
                    "Check on (YYYY-MM-DD, or Return for none)",
                    "Check on",
                    placeholder="YYYY-MM-DD",
                ),
            ],
            lambda a: self._experiment_answers(op, a),
        )

    def _experiment_answers(self, op: Op, a: list[Answer]) -> str:
        check_on = check_date(str(a[3]))
        if isinstance(check_on, str):
            return check_on
        owner = MemberId(int(a[1]))
        return self._on_stage(op, str(a[0]), owner, str(a[2]), check_on)

    # --- the editing forms ---------------------------------------------------------------------
    def _evaluate_from_form(self) -> None:
        outcome = Outcome(str(self.outcome.currentData()))
        if self._run(ops.evaluate_previous, outcome, self.evidence.text(), self._by()):
            self.evidence.clear()

    def _note_from_form(self) -> None:
        _label, column, friction = NOTE_KINDS[int(self.kind.currentData() or 0)]
        writer = MemberId(int(self.writer.currentData() or 0))
        anonymous = self.anonymous.isChecked()
        text = self.note_text.text()
        if self._run(
            lambda store, ctx: ops.write_note(
                store, ctx, writer, column, text, anonymous=anonymous, friction=friction
            )
        ):
            self.note_text.clear()
            self.anonymous.setChecked(False)

    def _group_from_form(self) -> None:
        notes = note_numbers(self.group_notes.text())
        if isinstance(notes, str):
            refusals(self._say)(notes)
        elif self._run(ops.make_group, self.group_title.text(), notes):
            self.group_notes.clear()
            self.group_title.clear()

    def _vote_from_form(self, op: Op) -> None:
        self._run(
            op,
            MemberId(int(self.voter.currentData() or 0)),
            GroupId(int(self.vote_group.currentData() or 0)),
        )

    def _decide_from_form(self, op: Op) -> None:
        check_on = check_date(self.check_on.text())
        if isinstance(check_on, str):
            refusals(self._say)(check_on)
            return
        owner = int(self.owner.currentData() or 0)
        self._run(
            op,
            self.change.text(),
            MemberId(owner) if owner else None,
            self.measure.text(),
            check_on,
        )
