"""A short run of questions on the stage prompt: each answer leads to the next question, the
last one hands every answer to the action (presenter mode asks a note or the experiment this
way, by keyboard alone); and reading what was typed into note numbers and a date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from facilitator.domain.retro_notes import NoteId
from facilitator.ui.widgets.stage_prompt import StagePrompt

Answer = str | int


@dataclass(frozen=True)
class Ask:
    """One question: a line to type (``choices`` empty) or one entry to pick."""

    question: str
    accessible: str
    choices: Sequence[tuple[str, int]] = ()
    placeholder: str = ""
    # What is wrong with an answer, said under this question (which stays open), or "".
    check: Callable[[Answer], str] | None = None


class Steps:
    """Asks ``Ask`` after ``Ask`` on ``prompt``; ``done`` gets the answers in order.

    ``done`` returns an error text to show under the last question (the prompt stays open so
    the room sees why), or an empty text once the action went through (the prompt closes).
    """

    def __init__(self, prompt: StagePrompt, closed: Callable[[], None]) -> None:
        """Drive ``prompt`` (its signals are connected once); ``closed`` runs whenever it
        closes (answered, or Esc)."""
        self.prompt = prompt
        self.closed = closed
        self.asks: list[Ask] = []
        self.answers: list[Answer] = []
        self.done: Callable[[list[Answer]], str] | None = None
        prompt.answered.connect(self._answer)
        prompt.picked.connect(self._answer)
        prompt.cancelled.connect(self.stop)

    @property
    def active(self) -> bool:
        """Whether questions are being asked."""
        return self.done is not None

    def start(self, asks: Sequence[Ask], done: Callable[[list[Answer]], str]) -> None:
        """Ask ``asks`` in turn, then call ``done`` with the answers."""
        self.asks, self.answers, self.done = list(asks), [], done
        self._ask()

    def stop(self) -> None:
        """Forget the questions (Esc, or the action went through)."""
        self.asks, self.answers, self.done = [], [], None
        self.prompt.close_prompt()
        self.closed()

    def _ask(self) -> None:
        ask = self.asks[len(self.answers)]
        if ask.choices:
            self.prompt.ask_choice(ask.question, ask.accessible, ask.choices)
        else:
            self.prompt.ask_text(ask.question, ask.accessible, ask.placeholder)

    def _answer(self, value: Answer) -> None:
        if self.done is None:
            return
        ask = self.asks[len(self.answers)]
        wrong = "" if ask.check is None else ask.check(value)
        if wrong:
            self.prompt.refuse(wrong)  # this question again, the reason under it
            return
        self.answers.append(value)
        if len(self.answers) < len(self.asks):
            self._ask()
            return
        refused = self.done(self.answers)
        if refused:
            self.answers.pop()  # the last question again, with the reason under it
            self.prompt.refuse(refused)
        else:
            self.stop()


def note_numbers(typed: str) -> list[NoteId] | str:
    """The note numbers typed (``1 3`` or ``1, 3``), or what is wrong with them."""
    try:
        return [NoteId(int(n)) for n in typed.replace(",", " ").split()]
    except ValueError:
        return f"Notes to group: “{typed.strip()}” is not note numbers, e.g. 1 3"


def check_date(typed: str) -> dt.date | str | None:
    """The optional check date typed (empty: none), or what is wrong with it."""
    if not typed.strip():
        return None
    try:
        return dt.date.fromisoformat(typed.strip())
    except ValueError:
        return f"Check on: “{typed.strip()}” is not a date like 2026-12-11"
