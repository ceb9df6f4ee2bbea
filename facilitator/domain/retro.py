"""The retrospective (rule 6): six timeboxed phases that end in exactly one experiment.

Phases: evaluate the previous experiment → gather notes → group → dot-vote → discuss → decide
the one experiment. The state keeps everything, so going back a phase (an accidental advance)
loses nothing. Phase 1 cannot be left while the previous experiment is unevaluated, and the
retro cannot close while it is unevaluated or without this retro's experiment. A second
experiment is refused; the one decided may be revised.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

from facilitator.domain.experiment import Experiment, Outcome, propose
from facilitator.domain.ids import MemberId, TeamId
from facilitator.domain.model import Member
from facilitator.domain.retro_notes import (
    Column,
    Friction,
    Group,
    GroupId,
    Note,
    NoteId,
    NoteView,
    Vote,
    facilitator_view,
    room_view,
)
from facilitator.domain.retro_phases import PHASES, RetroPhase
from facilitator.domain.signed import Signed
from facilitator.errors import InputError, RuleViolation

DEFAULT_VOTES_PER_PERSON = 3


@dataclass(frozen=True, slots=True)
class Retro:
    """One retrospective as it stands.

    Attributes:
        sprint: the sprint it looks back on.
        team_id: the team; only its active members write notes, vote and own the experiment.
        previous: the previous retro's experiment, to evaluate first (None if there was none).
        phase: the current phase.
        notes: every note, in the order written.
        groups: every group, in the order made.
        votes: every dot cast.
        votes_per_person: each member's allowance of dots.
        voting_skipped: whether the room skipped voting.
        revealed: whether the anonymous notes were revealed.
        discussing: the group under discussion, if any.
        experiment: this retro's one experiment, once decided.
        closed: who closed it and when, once closed.

    Raises:
        InputError: ``votes_per_person`` is below 1.
    """

    sprint: str
    team_id: TeamId
    previous: Experiment | None = None
    phase: RetroPhase = RetroPhase.EVALUATE
    notes: tuple[Note, ...] = ()
    groups: tuple[Group, ...] = ()
    votes: tuple[Vote, ...] = ()
    votes_per_person: int = DEFAULT_VOTES_PER_PERSON
    voting_skipped: bool = False
    revealed: bool = False
    discussing: GroupId | None = None
    experiment: Experiment | None = None
    closed: Signed | None = None

    def __post_init__(self) -> None:
        if self.votes_per_person < 1:
            raise InputError(
                "Votes per person: at least 1 (to go without votes, skip the voting phase)"
            )

    @property
    def needs_evaluation(self) -> bool:
        """Whether the previous experiment waits for its evaluation."""
        return self.previous is not None and not self.previous.evaluated

    def _open(self, what: str, phase: RetroPhase | None = None) -> None:
        if self.closed is not None:
            raise RuleViolation(f"{what}: this retrospective is closed")
        if phase is not None and self.phase is not phase:
            raise RuleViolation(
                f"{what} in phase {phase.number}, {phase.label}; this is phase "
                f"{self.phase.number}, {self.phase.label}"
            )

    def _member(self, member: Member, act: str) -> None:
        if member.team_id != self.team_id:
            raise RuleViolation(f"{member.name} cannot {act}: not on this team")
        if not member.active:
            raise RuleViolation(f"{member.name} cannot {act}: not an active member of this team")

    def advance(self) -> Retro:
        """Go on to the next phase.

        Raises:
            RuleViolation: closed; in phase 1 with the previous experiment unevaluated; or
                already in the last phase.
        """
        self._open("The retrospective cannot move on")
        previous = self.previous
        if self.phase is RetroPhase.EVALUATE and previous is not None and not previous.evaluated:
            raise RuleViolation(_evaluate_first(previous, "Evaluate"))
        if self.phase is RetroPhase.DECIDE:
            raise RuleViolation("This is the last phase: decide the one experiment, then close")
        following = PHASES[self.phase.number]
        return replace(
            self,
            phase=following,
            voting_skipped=False if following is RetroPhase.VOTE else self.voting_skipped,
        )

    def back(self) -> Retro:
        """Go back one phase; everything gathered, grouped, voted or decided is kept.

        Raises:
            RuleViolation: closed, or already in the first phase.
        """
        self._open("The retrospective cannot go back")
        if self.phase is RetroPhase.EVALUATE:
            raise RuleViolation("This is the first phase: there is nothing before it")
        previous = PHASES[self.phase.number - 2]
        return replace(
            self,
            phase=previous,
            voting_skipped=False if previous is RetroPhase.VOTE else self.voting_skipped,
        )

    def skip_voting(self) -> Retro:
        """Go from grouping or voting straight to the discussion (any dots cast are kept).

        Raises:
            RuleViolation: closed, or not in the group or vote phase.
        """
        self._open("Voting cannot be skipped")
        if self.phase not in (RetroPhase.GROUP, RetroPhase.VOTE):
            raise RuleViolation(
                f"Voting can be skipped from grouping or voting; this is phase "
                f"{self.phase.number}, {self.phase.label}"
            )
        return replace(self, phase=RetroPhase.DISCUSS, voting_skipped=True)

    def evaluate_previous(self, outcome: Outcome, evidence: str, signed: Signed) -> Retro:
        """Record how the previous experiment went, with the evidence (again corrects it).

        Raises:
            InputError: the outcome is pending or the evidence is empty.
            RuleViolation: closed, not in phase 1, or there is no previous experiment.
        """
        self._open("The previous experiment is evaluated", RetroPhase.EVALUATE)
        if self.previous is None:
            raise RuleViolation("There is no previous experiment to evaluate")
        return replace(self, previous=self.previous.evaluate(outcome, evidence, signed))

    def write_note(
        self,
        author: Member,
        column: Column,
        text: str,
        anonymous: bool = False,
        friction: Friction | None = None,
    ) -> Retro:
        """Add a note; an anonymous one keeps nothing of ``author`` (checked, then dropped).

        Raises:
            InputError: the note is empty, or a friction kind is outside the friction column.
            RuleViolation: closed, not gathering, or ``author`` is not an active team member.
        """
        self._open("Notes are written", RetroPhase.GATHER)
        self._member(author, "write a note")
        note_id = NoteId(max((n.note_id for n in self.notes), default=0) + 1)
        who_id, who = (None, None) if anonymous else (author.id, author.name)
        note = Note(note_id, column, text.strip(), who_id, who, friction)
        return replace(self, notes=(*self.notes, note))

    def reveal(self) -> Retro:
        """Reveal the anonymous notes to the facilitator's and the room's windows.

        Raises:
            RuleViolation: closed.
        """
        self._open("The notes cannot be revealed")
        return replace(self, revealed=True)

    def facilitator_notes(self) -> tuple[NoteView, ...]:
        """The notes as the facilitator's window shows them."""
        return facilitator_view(self.notes, self.revealed)

    def room_notes(self) -> tuple[NoteView, ...]:
        """The notes as the room window shows them."""
        return room_view(self.notes, self.revealed)

    def group(self, title: str, note_ids: tuple[NoteId, ...]) -> Retro:
        """Make a group of ``note_ids`` (a note already in another group moves to this one).

        Raises:
            InputError: the title is empty.
            RuleViolation: closed, not grouping, no note chosen, or a note does not exist.
        """
        self._open("Notes are grouped", RetroPhase.GROUP)
        if not note_ids:
            raise RuleViolation(f"Choose at least one note for the group “{title.strip()}”")
        if problem := self.notes_problem(note_ids):
            raise RuleViolation(problem)
        members = tuple(dict.fromkeys(note_ids))
        group_id = GroupId(max((g.group_id for g in self.groups), default=0) + 1)
        new = Group(group_id, title.strip(), members)
        kept = tuple(
            replace(g, note_ids=tuple(i for i in g.note_ids if i not in members))
            for g in self.groups
        )
        return replace(self, groups=(*kept, new))

    def notes_problem(self, note_ids: Sequence[NoteId]) -> str:
        """What is wrong with ``note_ids`` as the notes of a new group, or "" (the numbers can
        be checked as soon as they are typed, before the group is named)."""
        if not note_ids:
            return "Choose at least one note for the group"
        known = {n.note_id for n in self.notes}
        unknown = [str(i) for i in note_ids if i not in known]
        if unknown:
            return f"There is no note {', '.join(unknown)} to group"
        return ""

    def experiment_taken(self) -> str:
        """Why a second experiment cannot be decided, or "" while there is none yet."""
        if self.experiment is None:
            return ""
        return (
            f"This retrospective already has its experiment, “{self.experiment.change}”: "
            "one per retrospective, so a second cannot be created; change that one instead"
        )

    def revision_problem(self) -> str:
        """Why the experiment cannot be changed yet (none was decided), or ""."""
        if self.experiment is not None:
            return ""
        where = "first" if self.phase is RetroPhase.DECIDE else "in phase 6"
        return f"No experiment was decided yet: decide it {where}"

    def ungrouped(self) -> tuple[Note, ...]:
        """Notes in no group yet."""
        grouped = {i for g in self.groups for i in g.note_ids}
        return tuple(n for n in self.notes if n.note_id not in grouped)

    def with_allowance(self, votes_per_person: int) -> Retro:
        """Each member's dots; InputError below 1, RuleViolation if closed or already exceeded."""
        self._open("The votes per person cannot change")
        cast = max(
            (self.votes_per_person - self.votes_left(v.member_id) for v in self.votes), default=0
        )
        if cast > votes_per_person >= 1:
            raise RuleViolation(
                f"Votes per person: someone already cast {cast}; take dots back before lowering it"
            )
        return replace(self, votes_per_person=votes_per_person)  # __post_init__ checks >= 1

    def votes_left(self, member_id: MemberId) -> int:
        """Dots ``member_id`` may still cast."""
        return self.votes_per_person - sum(1 for v in self.votes if v.member_id == member_id)

    def vote(self, member: Member, group_id: GroupId) -> Retro:
        """``member`` puts a dot on a group.

        Raises:
            RuleViolation: closed, not voting, not an active team member, no such group, or the
                member has no dot left.
        """
        self._open("Dots are cast", RetroPhase.VOTE)
        self._member(member, "vote")
        group = self._group(group_id)
        if self.votes_left(member.id) <= 0:
            raise RuleViolation(
                f"{member.name} has used all {self.votes_per_person} votes: take one back to "
                f"vote for “{group.title}”"
            )
        return replace(self, votes=(*self.votes, Vote(member.id, group_id)))

    def unvote(self, member: Member, group_id: GroupId) -> Retro:
        """``member`` takes back one dot from a group.

        Raises:
            RuleViolation: closed, not voting, or the member has no dot on that group.
        """
        self._open("Dots are taken back", RetroPhase.VOTE)
        group = self._group(group_id)
        target = Vote(member.id, group_id)
        if target not in self.votes:
            raise RuleViolation(f"{member.name} has no vote on “{group.title}” to take back")
        index = self.votes.index(target)
        return replace(self, votes=self.votes[:index] + self.votes[index + 1 :])

    def _group(self, group_id: GroupId) -> Group:
        found = next((g for g in self.groups if g.group_id == group_id), None)
        if found is None:
            raise RuleViolation(f"There is no group {group_id}")
        return found

    def tally(self) -> tuple[tuple[Group, int], ...]:
        """Every group with its dots, most first (ties in the order made); none are dropped."""
        counts = {g.group_id: 0 for g in self.groups}
        for vote in self.votes:
            counts[vote.group_id] += 1
        return tuple(sorted(((g, counts[g.group_id]) for g in self.groups), key=lambda t: -t[1]))

    def discuss(self, group_id: GroupId) -> Retro:
        """Put a group under discussion (groups without votes stay available).

        Raises:
            RuleViolation: closed, not discussing, or no such group.
        """
        self._open("Groups are discussed", RetroPhase.DISCUSS)
        self._group(group_id)
        return replace(self, discussing=group_id)

    def decide(
        self,
        change: str,
        owner: Member | None,
        success_measure: str,
        check_on: dt.date | None = None,
    ) -> Retro:
        """Decide this retro's one experiment (see :func:`experiment.propose` for the checks).

        Raises:
            InputError: the change, the owner or the success measure is missing.
            RuleViolation: closed, not deciding, an experiment already exists, or the owner is
                not an active member of this team.
        """
        self._open("The experiment is decided", RetroPhase.DECIDE)
        if taken := self.experiment_taken():
            raise RuleViolation(taken)
        chosen = propose(change, owner, success_measure, self.team_id, check_on)
        return replace(self, experiment=chosen)

    def revise(
        self,
        change: str,
        owner: Member | None,
        success_measure: str,
        check_on: dt.date | None = None,
    ) -> Retro:
        """Correct the experiment decided (it stays the only one).

        Raises:
            InputError: the change, the owner or the success measure is missing.
            RuleViolation: closed, no experiment was decided yet, or the owner is not an active
                member of this team.
        """
        self._open("The experiment cannot change")
        if problem := self.revision_problem():
            raise RuleViolation(problem)
        chosen = propose(change, owner, success_measure, self.team_id, check_on)
        return replace(self, experiment=chosen)

    def missing_to_close(self) -> tuple[str, ...]:
        """What stops the retro from closing, in words; empty when it can close."""
        missing: list[str] = []
        if self.previous is not None and not self.previous.evaluated:
            missing.append(_evaluate_first(self.previous, "evaluate"))
        if self.experiment is None:
            missing.append(
                "decide the one experiment: what we change, its owner, and how we will know "
                "it worked"
            )
        return tuple(missing)

    def close(self, signed: Signed) -> Retro:
        """Close the retrospective.

        Raises:
            RuleViolation: already closed, or something in :meth:`missing_to_close` is left.
        """
        self._open("It cannot close again")
        missing = self.missing_to_close()
        if missing:
            raise RuleViolation("The retrospective cannot close yet: " + "; ".join(missing))
        return replace(self, closed=signed)


def _evaluate_first(previous: Experiment, verb: str) -> str:
    return (
        f"{verb} last sprint's experiment “{previous.change}” first: worked, did not work or "
        "inconclusive, with the evidence"
    )


def next_retro(
    sprint: str,
    team_id: TeamId,
    last: Retro | None,
    votes_per_person: int = DEFAULT_VOTES_PER_PERSON,
) -> Retro:
    """A new retrospective of ``sprint``; the last retro's experiment waits for evaluation.

    Args:
        sprint: the sprint the new retro looks back on.
        team_id: the team.
        last: the team's previous retrospective, if any.
        votes_per_person: each member's allowance of dots.

    Raises:
        InputError: ``votes_per_person`` is below 1.
        RuleViolation: ``last`` is still open, or belongs to another team.
    """
    if last is not None and last.team_id != team_id:
        raise RuleViolation(f"The retrospective of {last.sprint} belongs to another team")
    if last is not None and last.closed is None:
        raise RuleViolation(
            f"The retrospective of {last.sprint} is still open: close it before starting the next"
        )
    previous = None if last is None else last.experiment
    return Retro(sprint, team_id, previous, votes_per_person=votes_per_person)
