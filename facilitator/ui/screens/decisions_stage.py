"""Decisions in presenter mode: the log is the stage, and single keys raise, decide and act on
decisions there (asked on the stage one question at a time, as Planning's keys are), so that
the room keeps the log in view and the facilitator never leaves the mode for the forms.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QShortcut

from facilitator.domain.decisions import DecisionKind
from facilitator.domain.ids import MemberId
from facilitator.ops import decisions as ops
from facilitator.ui.actions import Action, refusals
from facilitator.ui.keys_line import keys_line
from facilitator.ui.screens.timebox_screen import stage_keys
from facilitator.ui.widgets.stage_prompt import StagePrompt
from facilitator.ui.widgets.stage_questions import Answer, Ask, StageQuestions

if TYPE_CHECKING:
    from facilitator.ui.screens.decisions import DecisionsScreen

KINDS = tuple(DecisionKind)
KEYS = keys_line(
    ("↑ ↓", "choose"), ("R", "raise a question"), ("D", "decide"), ("A", "mark acted on")
)
QUESTION_COLUMN = 1  # of the log (decisions.HEADERS)


class DecisionKeys:
    """Presenter mode's keys of the Decisions screen and the prompt they ask on.

    Args:
        screen: the screen; the prompt goes under its log.
    """

    def __init__(self, screen: DecisionsScreen) -> None:
        """Make the prompt and the keys (off until presenter mode turns them on)."""
        self.screen = screen
        self.presenting = False
        self.prompt = StagePrompt("decisions_prompt")
        self.questions = StageQuestions(self.prompt, self.sync)
        self.prompt.asked.connect(screen.keys_changed.emit)  # each question names its keys
        self.shortcuts: dict[str, QShortcut] = {}
        stage_keys(
            screen,
            {"R": self.raise_question, "D": self.decide, "A": screen.act_on},
            self.shortcuts,
        )

    def set_presenter(self, on: bool) -> None:
        """Turn the keys on (the log takes the keyboard: ↑ ↓ choose) or off."""
        self.presenting = on
        if not on and self.questions.asking:
            self.questions.cancel()
        if on and self.screen.table.model().rowCount():
            # The room sees what D decides; ↓ from a column the mode hides moved nothing.
            self._choose(max(0, self.screen.table.currentIndex().row()))
        self.sync()

    def _choose(self, row: int) -> None:
        """Make ``row`` of the log the chosen one, its cursor in the question's column."""
        table = self.screen.table
        table.selectionModel().setCurrentIndex(
            table.model().index(row, QUESTION_COLUMN),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )

    def sync(self) -> None:
        """Single keys work while presenting and no question is open (its field types them)."""
        asking = self.questions.asking
        for shortcut in self.shortcuts.values():
            shortcut.setEnabled(self.presenting and not asking)
        if self.presenting and not asking and not self.screen.table.hasFocus():
            self.screen.table.setFocus(Qt.FocusReason.OtherFocusReason)  # ↑ ↓ choose again
        self.screen.keys_changed.emit()

    def keys(self) -> str:
        """The keys that work now."""
        if not self.presenting:
            return ""
        return self.prompt.keys() if self.questions.asking else KEYS

    def escape(self) -> bool:
        """Esc drops the question open on the stage (True), else lets presenter mode end."""
        if not self.questions.asking:
            return False
        self.questions.cancel()
        self.screen.table.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def _run(self, act: Action, refuse: Callable[[str], None], done: str) -> bool:
        """Run ``act`` as the form's button does; a refusal stays under the question."""
        screen = self.screen
        taken = screen.ctx.actions.run(
            act, screen.ctx.action(screen.team_id), errors=refusals(refuse), parent=screen
        )
        if taken is None:
            return False
        screen.say(f"✓ {done}")
        screen.saved.emit()
        screen.table.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def raise_question(self) -> None:
        """R: the question, what it is about, who decides (the decision authority's first)
        and who raised it."""
        log = self.screen.log
        if log is None:
            return
        members = [(f"{m.name} ({m.role_label})", int(m.id)) for m in log.members]

        def step(answers: Sequence[Answer]) -> Ask | None:
            if not answers:
                return Ask("What needs deciding?", "Question", "The question")
            if len(answers) == 1:
                kinds = [(k.label, i) for i, k in enumerate(KINDS)]
                return Ask("What is it about?", "What it is about", choices=kinds)
            if len(answers) == 2:
                decider = log.authority.decider(KINDS[int(answers[1])])
                first = sorted(members, key=lambda m: m[1] != decider)  # the authority's first
                return Ask("Who decides?", "Decision-maker", choices=first)
            if len(answers) == 3:
                return Ask("Who raised it?", "Raised by", choices=members)
            return None

        def finish(answers: Sequence[Answer], refuse: Callable[[str], None]) -> bool:
            question, kind = str(answers[0]), KINDS[int(answers[1])]
            maker, raised_by = MemberId(int(answers[2])), MemberId(int(answers[3]))
            raised = self._run(
                lambda store, ctx: ops.raise_decision(store, ctx, question, raised_by, maker, kind),
                refuse,
                "Question raised",
            )
            if raised:
                self._choose_newest()  # D decides it next
            return raised

        self.questions.ask(step, finish)

    def _choose_newest(self) -> None:
        """Choose the newest decision in the log (the one just raised)."""
        log = self.screen.log
        if log is None or not log.decisions:
            return
        row = self.screen.rows.row_of(max(d.id for d in log.decisions))
        if row is not None:
            self._choose(row)

    def decide(self) -> None:
        """D: what was decided about the decision chosen in the log."""
        chosen = self.screen.selected()
        if chosen is None:
            return
        row = self.screen.table.currentIndex().row()
        question = self.screen.rows.shown(row, QUESTION_COLUMN)

        def step(answers: Sequence[Answer]) -> Ask | None:
            return (
                None
                if answers
                else Ask(f"What was decided: {question}", "Decision", "The decision")
            )

        def finish(answers: Sequence[Answer], refuse: Callable[[str], None]) -> bool:
            text = str(answers[0])
            return self._run(
                lambda store, ctx: ops.decide(store, ctx, chosen, text),
                refuse,
                "Decision recorded",
            )

        self.questions.ask(step, finish)
