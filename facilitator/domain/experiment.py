"""The retrospective's one experiment (rule 6): what we change, who owns it, how we will know.

An experiment names the one change the team tries next sprint, an owner who is an active member
of the team, a success measure (the signal that tells whether it worked: it must name a number
or something to count or compare, so "better communication" is refused) and an optional date to
check it. The next retrospective evaluates it first: worked, did not work or inconclusive, always
with the evidence read against the success measure. Until then its outcome is ``pending``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from enum import StrEnum

from facilitator.domain.dates import date_words
from facilitator.domain.ids import MemberId, TeamId
from facilitator.domain.model import Member
from facilitator.domain.signed import Signed
from facilitator.errors import InputError, RuleViolation


class Outcome(StrEnum):
    """An experiment's outcome, as the command line names it (DESIGN.md)."""

    WORKED = "worked"
    DID_NOT_WORK = "did_not_work"
    INCONCLUSIVE = "inconclusive"
    PENDING = "pending"

    @property
    def label(self) -> str:
        """Human words: ``worked``, ``did not work``, ``inconclusive``, ``not evaluated yet``."""
        return _OUTCOME_LABELS[self]


_OUTCOME_LABELS = {
    Outcome.WORKED: "worked",
    Outcome.DID_NOT_WORK: "did not work",
    Outcome.INCONCLUSIVE: "inconclusive",
    Outcome.PENDING: "not evaluated yet",
}


@dataclass(frozen=True, slots=True)
class Evaluation:
    """The next retrospective's verdict on an experiment.

    Attributes:
        outcome: worked, did not work or inconclusive (never pending).
        evidence: what was observed, against the success measure.
        signed: who recorded it, and when.
    """

    outcome: Outcome
    evidence: str
    signed: Signed


@dataclass(frozen=True, slots=True)
class Experiment:
    """The one change a retrospective decided to try.

    Attributes:
        change: what we change.
        owner_id: the member who owns it.
        owner: their name, kept so the record reads right after a rename.
        success_measure: how we will know it worked.
        check_on: when to check the signal, if the team set a date.
        evaluation: the next retrospective's verdict, once given.
    """

    change: str
    owner_id: MemberId
    owner: str
    success_measure: str
    check_on: dt.date | None = None
    evaluation: Evaluation | None = None

    @property
    def outcome(self) -> Outcome:
        """The evaluated outcome, or ``pending``."""
        return Outcome.PENDING if self.evaluation is None else self.evaluation.outcome

    @property
    def evaluated(self) -> bool:
        """Whether a later retrospective evaluated it."""
        return self.evaluation is not None

    def words(self) -> str:
        """``Pair on every review, owned by Ana; it worked if: reviews wait under 4 h``."""
        check = f"; check on {date_words(self.check_on)}" if self.check_on else ""
        return f"{self.change}, owned by {self.owner}; it worked if: {self.success_measure}{check}"

    def evaluate(self, outcome: Outcome, evidence: str, signed: Signed) -> Experiment:
        """Record the outcome with its evidence (evaluating again corrects the earlier verdict).

        Raises:
            InputError: the outcome is pending, or the evidence is empty.
        """
        if outcome is Outcome.PENDING:
            raise InputError(
                "Outcome of the experiment: choose worked, did not work or inconclusive"
            )
        seen = evidence.strip()
        if not seen:
            raise InputError(
                f"Evidence for “{self.change}”: write what was observed against its success "
                f"measure ({self.success_measure})"
            )
        return replace(self, evaluation=Evaluation(outcome, seen, signed))


def propose(
    change: str,
    owner: Member | None,
    success_measure: str,
    team_id: TeamId,
    check_on: dt.date | None = None,
) -> Experiment:
    """A new experiment, checked: something to change, an owner of the team, a success measure.

    Args:
        change: what we change.
        owner: who owns it; must be an active member of ``team_id``.
        success_measure: how we will know it worked.
        team_id: the team holding the retrospective.
        check_on: when to check, if set.

    Raises:
        InputError: the change, the owner or the success measure is missing.
        RuleViolation: the owner is on another team or no longer active.
    """
    what = change.strip()
    if problem := change_problem(what):
        raise InputError(problem)
    if owner is None:
        raise InputError(f"Owner of “{what}”: choose the team member who owns the experiment")
    if owner.team_id != team_id:
        raise RuleViolation(f"{owner.name} cannot own the experiment: not on this team")
    if not owner.active:
        raise RuleViolation(
            f"{owner.name} cannot own the experiment: not an active member of this team"
        )
    measure = success_measure.strip()
    problem = measure_problem(measure)
    if problem:
        raise InputError(f"How we will know “{what}” worked: {problem}")
    return Experiment(what, owner.id, owner.name, measure, check_on)


# Words that make a signal something to count or compare. A success measure needs a number or
# one of these; "better communication" has neither, "fewer blockers over 24 h" has both.
_WORDS = """no none zero one two three four five six seven eight nine ten half twice double every
each all any fewer less more most least under below above over within than never always per
percent median average mean rate count number times minutes hours days weeks daily weekly
increase increases decrease decreases drop drops rise rises reduce reduces reduced raise raises
until before after nobody everyone"""
_MEASURE_WORDS = frozenset(_WORDS.split())


def change_problem(change: str) -> str:
    """What is wrong with the change an experiment tries, or "" when there is one."""
    return "" if change.strip() else "What we change: write the one change the team will try"


def measure_problem(measure: str) -> str:
    """What is wrong with a success measure in words, or "" when it is measurable."""
    if not measure.strip():
        return "write a signal you can measure, e.g. “reviews wait less than 4 hours”"
    if measurable(measure):
        return ""
    return (
        f"“{measure}” has nothing to count or compare; name the signal and its target, "
        "e.g. “reviews wait less than 4 hours”"
    )


def measurable(measure: str) -> bool:
    """Whether ``measure`` names something to count or compare (a number or a measure word)."""
    if any(ch.isdigit() for ch in measure) or "%" in measure:
        return True
    return bool(_MEASURE_WORDS.intersection(re.findall(r"[a-z]+", measure.casefold())))
