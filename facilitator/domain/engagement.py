"""The guide's four engagement shapes, the team's operating model, and the partner scorecard."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from facilitator.domain.ids import MemberId, TeamId


class Shape(StrEnum):
    """How the engagement between in-house and outsourced people is shaped."""

    PRODUCT_TEAM = "product_team"
    DELIVERY = "delivery"
    HYBRID = "hybrid"
    MVP_TRANSITION = "mvp_transition"

    @property
    def number(self) -> int:
        """The shape's number in the guide (1–4)."""
        return list(Shape).index(self) + 1

    @property
    def label(self) -> str:
        """Short name, e.g. ``2 · Outsourced delivery, in-house tech lead``."""
        return f"{self.number} · {SHAPE_TEXT[self][0]}"

    @property
    def description(self) -> str:
        """What the shape is and what it is best for."""
        return SHAPE_TEXT[self][1]


SHAPE_TEXT: dict[Shape, tuple[str, str]] = {
    Shape.PRODUCT_TEAM: (
        "Outsourced product team, in-house Product Owner",
        "A complete delivery squad (engineers, lead, QA) is sourced externally; the Product "
        "Owner stays in-house and runs the backlog. Best for established products where the "
        "in-house team is the constraint on shipping speed but product strategy is settled.",
    ),
    Shape.DELIVERY: (
        "Outsourced delivery, in-house tech lead",
        "Engineers are outsourced; the tech lead is in-house and owns architecture and code "
        "review. Best for FinTech and regulated software where architectural decisions need to "
        "stay close to compliance and security. Needs an in-house tech lead with bandwidth.",
    ),
    Shape.HYBRID: (
        "Hybrid squad with rotating roles",
        "In-house and outsourced engineers work in the same squad, QA and DevOps often "
        "outsourced and product roles in-house. Best for scaling from one squad to several.",
    ),
    Shape.MVP_TRANSITION: (
        "Outsourced MVP build, in-house transition",
        "An outsourced team ships the MVP to a defined product-market test, with a planned "
        "transition of code ownership (and often one or two senior engineers) in-house after "
        "launch. Needs a transition plan and named engineers for the hand-over.",
    ),
}


class Area(StrEnum):
    """What a named person is responsible for in the operating model."""

    TECHNICAL = "technical"
    PRODUCT = "product"
    ESCALATION = "escalation"
    HANDOVER = "handover"

    @property
    def label(self) -> str:
        """Human name of the area."""
        return _AREA_LABELS[self]


_AREA_LABELS = {
    Area.TECHNICAL: "Technical decisions inside the sprint",
    Area.PRODUCT: "Reprioritisation within the sprint",
    Area.ESCALATION: "Escalation path (decisions needing both sides)",
    Area.HANDOVER: "Engineers for the in-house hand-over",
}


class LinkKind(StrEnum):
    """Kinds of written knowledge the guide calls the cheapest insurance."""

    ADR = "adr"
    RUNBOOK = "runbook"
    ONBOARDING = "onboarding"
    OTHER = "other"

    @property
    def label(self) -> str:
        """Human name of the kind."""
        return {
            LinkKind.ADR: "Architecture decision records",
            LinkKind.RUNBOOK: "Runbook",
            LinkKind.ONBOARDING: "Onboarding guide",
            LinkKind.OTHER: "Other",
        }[self]


REQUIRED_LINK_KINDS = (LinkKind.ADR, LinkKind.RUNBOOK, LinkKind.ONBOARDING)


@dataclass(frozen=True, slots=True)
class KnowledgeLink:
    """A document the team keeps, and when someone last checked it was still true."""

    id: int
    team_id: TeamId
    kind: LinkKind
    title: str
    url: str
    last_reviewed: dt.date | None


@dataclass(frozen=True, slots=True)
class OperatingModel:
    """A team's engagement shape and the named people and documents around it."""

    team_id: TeamId
    shape: Shape | None = None
    regulated: bool = False
    transition_plan: str = ""
    min_po_hours_per_week: float = 4.0
    assignments: tuple[tuple[Area, MemberId], ...] = ()
    links: tuple[KnowledgeLink, ...] = ()

    def people(self, area: Area) -> tuple[MemberId, ...]:
        """Members named for ``area``, in order."""
        return tuple(member for a, member in self.assignments if a is area)


class PartnerFilter(StrEnum):
    """The guide's five filters for evaluating a delivery partner."""

    SENIOR_RATIO = "senior_ratio"
    DOMAIN = "domain"
    PRACTICES = "practices"
    REFERENCES = "references"
    MODEL_FIT = "model_fit"

    @property
    def label(self) -> str:
        """Human name of the filter."""
        return PARTNER_FILTER_TEXT[self][0]

    @property
    def question(self) -> str:
        """What to look for."""
        return PARTNER_FILTER_TEXT[self][1]


PARTNER_FILTER_TEXT: dict[PartnerFilter, tuple[str, str]] = {
    PartnerFilter.SENIOR_RATIO: (
        "Senior engineering ratio",
        "At least one senior per two juniors on the proposed team?",
    ),
    PartnerFilter.DOMAIN: (
        "Domain experience",
        "Have they shipped work in this domain (e.g. FinTech compliance) before?",
    ),
    PartnerFilter.PRACTICES: (
        "Documented engineering practices",
        "Can they describe code review, branching, CI/CD, security and observability concretely?",
    ),
    PartnerFilter.REFERENCES: (
        "Reference customers at your stage",
        "Do their references match the team's stage, not just its logo size?",
    ),
    PartnerFilter.MODEL_FIT: (
        "Operating model fit",
        "Which engagement shape do they prefer, and does it match the one the team needs?",
    ),
}

MAX_SCORE = 5


@dataclass(frozen=True, slots=True)
class PartnerScore:
    """One filter's score (0–5) and the note that justifies it."""

    filter: PartnerFilter
    score: int
    note: str = ""


@dataclass(frozen=True, slots=True)
class PartnerCandidate:
    """A delivery partner evaluated for a team."""

    id: int
    team_id: TeamId
    name: str
    scores: tuple[PartnerScore, ...] = ()

    def score_for(self, which: PartnerFilter) -> PartnerScore | None:
        """The score for one filter, or None when not yet scored."""
        return next((s for s in self.scores if s.filter is which), None)

    @property
    def total(self) -> int:
        """Sum of the scores given so far."""
        return sum(s.score for s in self.scores)

    @property
    def complete(self) -> bool:
        """Whether every filter has a score."""
        return all(self.score_for(f) is not None for f in PartnerFilter)

    @property
    def summary(self) -> str:
        """``18 / 25`` or ``12 / 25 (3 of 5 filters scored)``."""
        text = f"{self.total} / {MAX_SCORE * len(PartnerFilter)}"
        if not self.complete:
            text += f" ({len(self.scores)} of {len(PartnerFilter)} filters scored)"
        return text


def rank_candidates(candidates: Sequence[PartnerCandidate]) -> list[PartnerCandidate]:
    """Candidates best first: fully scored before partly scored, then by total, then by name."""
    return sorted(candidates, key=lambda c: (not c.complete, -c.total, c.name.casefold()))


def check_score(score: int) -> None:
    """Validate a partner score.

    Raises:
        ValueError: outside 0–5.
    """
    if not 0 <= score <= MAX_SCORE:
        raise ValueError(f"Score: {score} is outside 0–{MAX_SCORE}")


@dataclass(frozen=True, slots=True)
class MemberExtras:
    """Operating-model facts about a member beyond :class:`~facilitator.domain.model.Member`."""

    member_id: MemberId
    po_hours_per_week: float = 0.0
    access_controls_done: bool = False
    compliance_training_done: bool = False
