"""A short chain of questions asked one after another on a :class:`StagePrompt`.

Presenter mode has no dialogs: an action that needs answers (who, how much, why) asks them on
the stage, one at a time, and the last answer runs the action. A refusal stays on the last
question with the reason under it, so the facilitator corrects the answer instead of starting
over; Esc drops the whole chain.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from facilitator.ui.widgets.stage_prompt import StagePrompt

Answer = str | int


@dataclass(frozen=True, slots=True)
class Ask:
    """One question: a line to type (``choices`` None) or one entry of ``choices`` to pick."""

    question: str
    accessible: str
    placeholder: str = ""
    choices: Sequence[tuple[str, int]] | None = None
    filled: str = ""  # the text field starts with this (the current value, to edit)
    # What is wrong with an answer (shown under this question, which stays open), or "".
    check: Callable[[Answer], str] | None = None


# Given the answers so far, the next question, or None when the chain has all it needs.
NextAsk = Callable[[Sequence[Answer]], Ask | None]
# Runs the action with every answer; refusals go to the callable given; True when it was taken.
Finish = Callable[[Sequence[Answer], Callable[[str], None]], bool]


class StageQuestions:
    """Asks one chain at a time on ``prompt``; ``changed`` is called when asking starts or ends."""

    def __init__(self, prompt: StagePrompt, changed: Callable[[], None]) -> None:
        """Listen to ``prompt``'s answers."""
        self.prompt = prompt
        self._changed = changed
        self._next: NextAsk | None = None
        self._finish: Finish | None = None
        self._answers: list[Answer] = []
        self._asked: Ask | None = None
        prompt.answered.connect(self._take)
        prompt.picked.connect(self._take)
        prompt.cancelled.connect(self._drop)

    @property
    def asking(self) -> bool:
        """A question is open on the stage."""
        return self._next is not None

    def ask(self, next_ask: NextAsk, finish: Finish) -> None:
        """Start a chain (a chain already open is dropped)."""
        self._next, self._finish, self._answers = next_ask, finish, []
        if not self._open():
            self._complete()
        self._changed()

    def cancel(self) -> None:
        """Drop the chain and close the prompt (Esc)."""
        self.prompt.close_prompt()
        self._drop()

    def _open(self) -> bool:
        assert self._next is not None
        step = self._next(tuple(self._answers))
        if step is None:
            return False
        self._asked = step  # kept while the chain finishes: a refusal re-asks it
        if step.choices is None:
            self.prompt.ask_text(step.question, step.accessible, step.placeholder)
            self.prompt.entry.setText(step.filled)
        else:
            self.prompt.ask_choice(step.question, step.accessible, step.choices)
        return True

    def _take(self, answer: Answer) -> None:
        if self._next is None:
            return
        wrong = (
            "" if self._asked is None or self._asked.check is None else self._asked.check(answer)
        )
        if wrong:
            self.prompt.refuse(wrong)
            return
        self._answers.append(answer)
        if self._open():
            self._changed()  # another kind of question: the hint line may name other keys
        else:
            self._complete()

    def _complete(self) -> None:
        assert self._finish is not None
        if self._finish(tuple(self._answers), self.prompt.refuse):
            self.prompt.close_prompt()
            self._drop()
        elif self._answers:
            self._answers.pop()  # stay on the last question, the reason under it

    def _drop(self) -> None:
        self._next, self._finish, self._answers, self._asked = None, None, [], None
        self._changed()
