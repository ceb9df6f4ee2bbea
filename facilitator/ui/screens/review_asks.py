"""The review's Q and K on the stage: what was asked or said, then who said it — one of the
team, "a stakeholder", or a name typed — as the form outside presenter mode stores it.

A chain of :class:`~facilitator.ui.widgets.stage_questions.Ask`; the last answer captures the
note with the same op as the form.
"""

from __future__ import annotations

from collections.abc import Sequence

from facilitator.domain.model import Member
from facilitator.domain.review_rules import NoteKind
from facilitator.domain.text_rules import REVIEW_NOTE, check_text
from facilitator.errors import InputError
from facilitator.ui.widgets.stage_questions import Answer, Ask, NextAsk

STAKEHOLDER = "a stakeholder"
# The choices after the team's members (their data: -1, -2; a member's is its list position).
A_STAKEHOLDER, SOMEONE_ELSE = -1, -2


def said_check(answer: Answer) -> str:
    """What is wrong with the text of a question or feedback, or ""."""
    try:
        check_text(str(answer), REVIEW_NOTE)
    except InputError as wrong:
        return str(wrong)
    return ""


def note_asks(kind: NoteKind, members: Sequence[Member]) -> NextAsk:
    """The questions of Q (``kind`` question) or K (feedback), given the answers so far."""
    what = "question was asked" if kind is NoteKind.QUESTION else "feedback was given"
    choices = [(m.name, index) for index, m in enumerate(members)]
    choices += [("A stakeholder", A_STAKEHOLDER), ("Someone else: type the name", SOMEONE_ELSE)]

    def next_ask(answers: Sequence[Answer]) -> Ask | None:
        if not answers:
            return Ask(f"Which {what}?", kind.value.capitalize(), "What was said", check=said_check)
        if len(answers) == 1:
            return Ask("Who said it?", "Said by", choices=choices)
        if len(answers) == 2 and answers[1] == SOMEONE_ELSE:
            return Ask("Who said it? Type the name", "Said by", "Their name", check=_name_check)
        return None

    return next_ask


def said_by(members: Sequence[Member], answers: Sequence[Answer]) -> str:
    """The name stored as who said it, from the answers of :func:`note_asks`."""
    chosen = answers[1]
    if chosen == SOMEONE_ELSE:
        return str(answers[2])
    if chosen == A_STAKEHOLDER:
        return STAKEHOLDER
    return members[int(chosen)].name


def _name_check(answer: Answer) -> str:
    if not str(answer).strip():
        return "Said by: type the name (or Esc, then choose “A stakeholder”)"
    return ""
