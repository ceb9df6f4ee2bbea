"""The decision log (DESIGN.md rule 7): who decides, and how long from question to action.

Cycle time is acted-on − raised. While a decision is made but not yet acted on, it is
decided − raised and shown as still open; before it is decided, it is the wait so far (now −
raised), also open. Over 24 h is flagged. All arithmetic is in UTC, exact across DST changes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from facilitator.domain.blockers import StoryRef, check_member, check_story
from facilitator.domain.ids import MemberId, RunId, StoryId, TeamId
from facilitator.domain.model import Member, Role, Side
from facilitator.domain.text_rules import DECISION_TEXT, ESCALATION_PATH, QUESTION, check_text
from facilitator.domain.time_words import as_utc, elapsed, format_age, hours_of, utc_words
from facilitator.errors import RuleViolation

DECISION_TARGET_HOURS = 24.0
"""A decision should be made and acted on within a day."""


class DecisionKind(StrEnum):
    """What a decision is about, which says who has the authority to make it."""

    TECHNICAL = "technical"
    PRIORITY = "priority"
    OTHER = "other"

    @property
    def label(self) -> str:
        """Human name of the kind."""
        return {
            "technical": "Technical",
            "priority": "Priorities",
            "other": "Other",
        }[self.value]


@dataclass(frozen=True, slots=True)
class DecisionAuthority:
    """Who decides what in a team, and where a decision goes when the sides disagree.

    Attributes:
        technical: decides technical questions (the delivery team's tech lead).
        priorities: decides priorities (the Product Owner).
        escalation: the named person a decision needing both sides escalates to.
        path: the escalation path in words, e.g. "Tech lead and PO, then the CTO".
    """

    technical: MemberId | None = None
    priorities: MemberId | None = None
    escalation: MemberId | None = None
    path: str = ""

    def decider(self, kind: DecisionKind) -> MemberId | None:
        """Who decides a question of ``kind`` (None for other kinds or when nobody is named)."""
        if kind is DecisionKind.TECHNICAL:
            return self.technical
        if kind is DecisionKind.PRIORITY:
            return self.priorities
        return None


def default_authority(members: Sequence[Member]) -> DecisionAuthority:
    """The guide's default: technical decisions with the delivery team's tech lead (in-house
    first), priorities with the Product Owner; no escalation person until one is named."""
    active = [m for m in members if m.active]
    leads = sorted(
        (m for m in active if m.role is Role.TECH_LEAD), key=lambda m: m.side is not Side.IN_HOUSE
    )
    po = next((m for m in active if m.role is Role.PRODUCT_OWNER), None)
    return DecisionAuthority(
        technical=leads[0].id if leads else None,
        priorities=po.id if po is not None else None,
    )


def check_path(path: str) -> str:
    """Validate the escalation path's words.

    Raises:
        InputError: the text is too long or holds a character that is not text.
    """
    return check_text(path, ESCALATION_PATH)


class Stage(StrEnum):
    """Where a decision is."""

    RAISED = "raised"
    DECIDED = "decided"
    ACTED_ON = "acted_on"

    @property
    def label(self) -> str:
        """Plain words for the log."""
        return {"raised": "waiting for a decision", "decided": "decided", "acted_on": "acted on"}[
            self.value
        ]


@dataclass(frozen=True, slots=True)
class Cycle:
    """A decision's cycle time and whether it is still open.

    Attributes:
        duration: acted-on − raised; decided − raised or now − raised while open.
        open: whether it is not acted on yet.
    """

    duration: dt.timedelta
    open: bool

    @property
    def hours(self) -> float:
        """The duration in hours."""
        return hours_of(self.duration)

    @property
    def over_target(self) -> bool:
        """Whether it took (or is taking) more than 24 h."""
        return self.duration > dt.timedelta(hours=DECISION_TARGET_HOURS)

    @property
    def label(self) -> str:
        """``1 d 2 h · over 24 h``, ``3 h 20 min (still open)``."""
        text = format_age(self.duration)
        if self.open:
            text += " (still open)"
        if self.over_target:
            text += f" · over {DECISION_TARGET_HOURS:g} h"
        return text


@dataclass(frozen=True, slots=True)
class Decision:
    """A question in the decision log, from raised to acted on.

    Attributes:
        id: the stored id (0 before it is saved).
        team_id: the team.
        question: what needs deciding.
        raised_by: who asked.
        raised_at: when (aware, UTC).
        decision_maker: the named member who decides.
        kind: technical, priorities or other.
        decided_at: when it was decided, None until then.
        decision: what was decided ("" until then).
        acted_on_at: when the decision was acted on, None until then.
        run_id: the ceremony run it was raised in, if any.
        story_id: the story it came from, if any.
    """

    id: int
    team_id: TeamId
    question: str
    raised_by: MemberId
    raised_at: dt.datetime
    decision_maker: MemberId
    kind: DecisionKind = DecisionKind.OTHER
    decided_at: dt.datetime | None = None
    decision: str = ""
    acted_on_at: dt.datetime | None = None
    run_id: RunId | None = None
    story_id: StoryId | None = None

    @property
    def stage(self) -> Stage:
        """Raised, decided or acted on."""
        if self.acted_on_at is not None:
            return Stage.ACTED_ON
        return Stage.RAISED if self.decided_at is None else Stage.DECIDED

    def cycle(self, now: dt.datetime) -> Cycle:
        """The cycle time at ``now`` (never negative).

        Raises:
            InputError: ``now`` has no time zone.
        """
        if self.acted_on_at is not None:
            end, still_open = self.acted_on_at, False
        elif self.decided_at is not None:
            end, still_open = self.decided_at, True
        else:
            end, still_open = now, True
        return Cycle(max(dt.timedelta(), elapsed(self.raised_at, end)), still_open)


def raise_decision(
    team_id: TeamId,
    question: str,
    raised_by: MemberId,
    raised_at: dt.datetime,
    decision_maker: MemberId | None,
    members: Sequence[Member],
    kind: DecisionKind = DecisionKind.OTHER,
    run_id: RunId | None = None,
    story: StoryRef | None = None,
) -> Decision:
    """A checked new question for the log (id 0 until saved).

    Args:
        team_id: the team.
        question: what needs deciding.
        raised_by: who asks.
        raised_at: when (aware).
        decision_maker: the member who decides; required.
        members: the team's members.
        kind: what it is about.
        run_id: the ceremony run it is raised in, if any.
        story: the story it comes from, if any.

    Raises:
        RuleViolation: no decision-maker, a person who is not an active member of the team, or
            a story of another team.
        InputError: the question is empty or invalid, or ``raised_at`` has no time zone.
    """
    text = check_text(question, QUESTION)
    at = as_utc(raised_at, "Raised at")
    if decision_maker is None:
        raise RuleViolation(
            "Decision: name the decision-maker, the team member who will decide this"
        )
    check_member(raised_by, team_id, members, "Decision", "person raising it")
    check_member(decision_maker, team_id, members, "Decision", "decision-maker")
    story_id = check_story(story, team_id, "Decision")
    return Decision(
        0, team_id, text, raised_by, at, decision_maker, kind, run_id=run_id, story_id=story_id
    )


def _stamp(at: dt.datetime, after: dt.datetime, what: str, earlier: str, field: str) -> dt.datetime:
    moment = as_utc(at, field)
    if moment < as_utc(after):
        raise RuleViolation(
            f"Decision: {what} ({utc_words(moment)}) is before {earlier} "
            f"({utc_words(as_utc(after))}); check the time"
        )
    return moment


def decide(decision: Decision, decided_at: dt.datetime, text: str) -> Decision:
    """``decision`` decided at ``decided_at``.

    Raises:
        RuleViolation: already decided, or decided before it was raised.
        InputError: the decision text is empty or invalid, or ``decided_at`` has no time zone.
    """
    if decision.decided_at is not None:
        raise RuleViolation("Decision: it is already decided")
    at = _stamp(decided_at, decision.raised_at, "the decision", "the question", "Decided at")
    return replace(decision, decided_at=at, decision=check_text(text, DECISION_TEXT))


def act_on(decision: Decision, acted_on_at: dt.datetime) -> Decision:
    """``decision`` acted on at ``acted_on_at``.

    Raises:
        RuleViolation: not decided yet, already acted on, or acted on before it was decided.
        InputError: ``acted_on_at`` has no time zone.
    """
    if decision.decided_at is None:
        raise RuleViolation("Decision: decide it before marking it acted on")
    if decision.acted_on_at is not None:
        raise RuleViolation("Decision: it is already acted on")
    at = _stamp(acted_on_at, decision.decided_at, "acting on it", "the decision", "Acted on at")
    return replace(decision, acted_on_at=at)


def over_target(decisions: Sequence[Decision], now: dt.datetime) -> list[Decision]:
    """Decisions whose cycle is over 24 h at ``now``, longest first."""
    late = [d for d in decisions if d.cycle(now).over_target]
    return sorted(late, key=lambda d: (-d.cycle(now).duration.total_seconds(), d.id))
