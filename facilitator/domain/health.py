"""Operating-model health checks (DESIGN.md rule 8): each says pass, warn, fail or no data, and why.

Every check takes its facts as arguments. Checks whose data does not exist yet (blockers,
decisions, review) take ``None`` and say "no data yet" instead of pretending to pass.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from facilitator.domain.decisions import DecisionAuthority
from facilitator.domain.engagement import (
    REQUIRED_LINK_KINDS,
    Area,
    KnowledgeLink,
    OperatingModel,
    Shape,
)
from facilitator.domain.model import Member, Role, Seniority, Side, Sprint, working_days
from facilitator.domain.overlap import OverlapSummary, format_hours, plural
from facilitator.domain.time_words import format_whole_hours
from facilitator.domain.tooling import ToolArea, ToolChoice, splits, unrecorded

STALE_AFTER_DAYS = 180
DECISION_SLA_HOURS = 24.0
MIN_REFINEMENTS_PER_SPRINT = 2


class Status(StrEnum):
    """Outcome of a check; shown with a symbol and a word, never colour alone."""

    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"
    NO_DATA = "no_data"

    @property
    def symbol(self) -> str:
        """✓, !, ✗ or –."""
        return {"pass": "✓", "warn": "!", "fail": "✗", "no_data": "–"}[self.value]

    @property
    def word(self) -> str:
        """Pass, Warning, Fail, No data yet."""
        return {"pass": "Pass", "warn": "Warning", "fail": "Fail", "no_data": "No data yet"}[
            self.value
        ]


@dataclass(frozen=True, slots=True)
class Check:
    """The result of one health check."""

    key: str
    title: str
    status: Status
    reason: str

    @property
    def line(self) -> str:
        """``✗ Fail · PO bandwidth: …`` for labels and reports."""
        return f"{self.status.symbol} {self.status.word} · {self.title}: {self.reason}"


def _active(members: Sequence[Member]) -> list[Member]:
    return [m for m in members if m.active]


def check_shape(model: OperatingModel, members: Sequence[Member], names: dict[int, str]) -> Check:
    """Shape prerequisites: shape 2 needs an in-house tech lead, shape 4 a transition plan."""
    title = "Engagement shape"
    shape = model.shape
    if shape is None:
        return Check("shape", title, Status.WARN, "no engagement shape chosen")
    people = _active(members)
    if shape is Shape.DELIVERY:
        leads = [m for m in people if m.role is Role.TECH_LEAD and m.side is Side.IN_HOUSE]
        if not leads:
            return Check("shape", title, Status.FAIL, "shape 2 needs an in-house tech lead")
        return Check("shape", title, Status.PASS, f"in-house tech lead {leads[0].name}")
    if shape is Shape.MVP_TRANSITION:
        missing = []
        if not model.transition_plan.strip():
            missing.append("a transition plan")
        handover = [names[m] for m in model.people(Area.HANDOVER) if m in names]
        if not handover:
            missing.append("named engineers for the hand-over")
        if missing:
            return Check("shape", title, Status.FAIL, "shape 4 needs " + " and ".join(missing))
        return Check("shape", title, Status.PASS, "hand-over to " + ", ".join(handover))
    if shape is Shape.PRODUCT_TEAM and not any(
        m.role is Role.PRODUCT_OWNER and m.side is Side.IN_HOUSE for m in people
    ):
        return Check("shape", title, Status.FAIL, "shape 1 needs an in-house Product Owner")
    return Check("shape", title, Status.PASS, f"shape {shape.number} prerequisites met")


def check_po_bandwidth(
    members: Sequence[Member], po_hours: dict[int, float], min_hours: float = 4.0
) -> Check:
    """The Product Owner(s) give the team at least ``min_hours`` a week."""
    title = "PO bandwidth"
    pos = [m for m in _active(members) if m.role is Role.PRODUCT_OWNER]
    if not pos:
        return Check("po_hours", title, Status.FAIL, "the team has no Product Owner")
    hours = sum(po_hours.get(int(m.id), 0.0) for m in pos)
    text = f"{hours:g} h a week (needs at least {min_hours:g} h)"
    if hours >= min_hours:
        return Check("po_hours", title, Status.PASS, text)
    return Check("po_hours", title, Status.FAIL if hours == 0 else Status.WARN, text)


def check_senior_ratio(members: Sequence[Member]) -> Check:
    """At least one senior per two juniors in the delivery team."""
    title = "Senior-to-junior ratio"
    delivery = [m for m in _active(members) if m.role.delivers]
    seniors = sum(1 for m in delivery if m.seniority is Seniority.SENIOR)
    juniors = sum(1 for m in delivery if m.seniority is Seniority.JUNIOR)
    text = f"{seniors} senior to {juniors} junior (needs at least 1:2)"
    if not delivery:
        return Check("seniority", title, Status.WARN, "no delivery team members yet")
    if juniors <= 2 * seniors:
        return Check("seniority", title, Status.PASS, text)
    return Check("seniority", title, Status.FAIL if seniors == 0 else Status.WARN, text)


def check_authority(model: OperatingModel, names: dict[int, str]) -> Check:
    """Technical and product decision authority and an escalation path are named."""
    title = "Decision authority"
    missing = [
        area.label.lower()
        for area in (Area.TECHNICAL, Area.PRODUCT, Area.ESCALATION)
        if not [m for m in model.people(area) if m in names]
    ]
    if missing:
        return Check("authority", title, Status.FAIL, "nobody named for " + "; ".join(missing))
    path = " → ".join(names[m] for m in model.people(Area.ESCALATION) if m in names)
    return Check("authority", title, Status.PASS, f"escalation: {path}")


def check_overlap(summary: OverlapSummary | None) -> Check:
    """The daily overlap is at least the team's minimum."""
    title = "Working-hours overlap"
    if summary is None or not summary.days:
        return Check("overlap", title, Status.NO_DATA, "no core members or no dates")
    worst = summary.shortest
    assert worst is not None  # days is not empty
    if summary.warning:
        status = Status.FAIL if worst.minutes == 0 else Status.WARN
        return Check("overlap", title, status, summary.warning)
    return Check("overlap", title, Status.PASS, f"at least {format_hours(worst.minutes)} a day")


def check_blockers(open_hours: Sequence[float] | None, sla_hours: float) -> Check:
    """No open blocker is older than the SLA. ``None`` means blockers are not tracked yet."""
    title = "Blockers over SLA"
    if open_hours is None:
        return Check("blockers", title, Status.NO_DATA, "blockers are not recorded yet")
    over = [h for h in open_hours if h > sla_hours]
    if not over:
        return Check("blockers", title, Status.PASS, f"none open over {sla_hours:g} h")
    return Check(
        "blockers",
        title,
        Status.FAIL,
        # Whole hours rounded down, as the blocker's flag shows them ("! 230 h"), not rounded.
        f"{len(over)} open over {sla_hours:g} h "
        f"(oldest {format_whole_hours(dt.timedelta(hours=max(over)))})",
    )


def check_decision_cycle(cycle_hours: Sequence[float] | None) -> Check:
    """The median decision-cycle time is under 24 h. ``None``/empty means no decisions yet."""
    title = "Decision cycle"
    if not cycle_hours:
        return Check("decisions", title, Status.NO_DATA, "no decisions logged yet")
    median = statistics.median(cycle_hours)
    text = f"median {median:.0f} h over {plural(len(cycle_hours), 'decision')} (target under 24 h)"
    if median <= DECISION_SLA_HOURS:
        return Check("decisions", title, Status.PASS, text)
    status = Status.FAIL if median > 2 * DECISION_SLA_HOURS else Status.WARN
    return Check("decisions", title, status, text)


def check_dod_enforced(all_items_checked: Sequence[bool] | None) -> Check:
    """Every story accepted at review had every DoD item checked.

    Args:
        all_items_checked: one flag per story marked Done at review; None when there are no
            reviews yet.
    """
    title = "Definition of Done enforced"
    if not all_items_checked:
        return Check("dod", title, Status.NO_DATA, "no sprint reviews recorded yet")
    skipped = sum(1 for ok in all_items_checked if not ok)
    if not skipped:
        return Check("dod", title, Status.PASS, "every Done story passed every DoD item")
    return Check(
        "dod",
        title,
        Status.FAIL,
        f"{skipped} of {len(all_items_checked)} Done stories skipped a DoD item",
    )


def check_knowledge(links: Sequence[KnowledgeLink], today: dt.date) -> Check:
    """ADRs, a runbook and an onboarding guide exist and were reviewed in the last 180 days."""
    title = "Knowledge links"
    kinds = {link.kind for link in links}
    missing = [k.label.lower() for k in REQUIRED_LINK_KINDS if k not in kinds]
    stale = [
        link.title
        for link in links
        if link.last_reviewed is None or (today - link.last_reviewed).days > STALE_AFTER_DAYS
    ]
    problems = []
    if missing:
        problems.append("missing " + ", ".join(missing))
    if stale:
        problems.append(f"not reviewed for over {STALE_AFTER_DAYS} days: " + ", ".join(stale))
    if not links:
        return Check("knowledge", title, Status.FAIL, problems[0])
    if problems:
        return Check("knowledge", title, Status.WARN, "; ".join(problems))
    return Check(
        "knowledge", title, Status.PASS, f"{plural(len(links), 'link')}, all reviewed recently"
    )


def check_compliance(
    regulated: bool, members: Sequence[Member], done: dict[int, tuple[bool, bool]]
) -> Check | None:
    """Regulated teams: outsourced members have access controls and compliance training done.

    Args:
        regulated: whether the team works on regulated software; None is returned otherwise.
        members: the team.
        done: member id → (access controls aligned, compliance training done).
    """
    if not regulated:
        return None
    title = "Week-one compliance"
    outsourced = [m for m in _active(members) if m.side is Side.OUTSOURCED]
    pending = [m.name for m in outsourced if done.get(int(m.id), (False, False)) != (True, True)]
    if not outsourced:
        return Check("compliance", title, Status.PASS, "no outsourced members")
    if pending:
        return Check(
            "compliance",
            title,
            Status.FAIL,
            "access controls or compliance training not done for " + ", ".join(pending),
        )
    return Check("compliance", title, Status.PASS, "done for every outsourced member")


def check_decision_roles(authority: DecisionAuthority | None, members: Sequence[Member]) -> Check:
    """Technical decisions, priorities and escalation each have a named, active member.

    Warns when technical decisions are not with a tech lead, or priorities not with the Product
    Owner, as the guide recommends.
    """
    title = "Decision authority and escalation"
    given = authority or DecisionAuthority()
    people = {m.id: m for m in _active(members)}
    tech, po, escalation = (
        None if who is None else people.get(who)
        for who in (given.technical, given.priorities, given.escalation)
    )
    if tech is None or po is None or escalation is None:
        areas = ("technical decisions", "priorities", "escalation")
        missing = [a for a, m in zip(areas, (tech, po, escalation), strict=True) if m is None]
        return Check(
            "decision_authority", title, Status.FAIL, "nobody named for " + ", ".join(missing)
        )
    odd = []
    if tech.role is not Role.TECH_LEAD:
        odd.append(f"technical decisions are with {tech.name}, who is not a tech lead")
    if po.role is not Role.PRODUCT_OWNER:
        odd.append(f"priorities are with {po.name}, who is not the Product Owner")
    if odd:
        return Check("decision_authority", title, Status.WARN, "; ".join(odd))
    path = f" ({given.path})" if given.path.strip() else ""
    return Check(
        "decision_authority",
        title,
        Status.PASS,
        f"technical: {tech.name}; priorities: {po.name}; escalation: {escalation.name}{path}",
    )


def check_tooling(choices: Sequence[ToolChoice], members: Sequence[Member]) -> Check:
    """Both sides use the same tool for issue tracking, source control, CI/CD, observability
    and documentation; a split issue tracker fails, other splits and gaps warn."""
    title = "Tooling consistency"
    if not choices:
        return Check("tooling", title, Status.NO_DATA, "the tools each side uses are not recorded")
    split = splits(choices)
    sides = {m.side for m in _active(members)} or set(Side)
    gaps = unrecorded(choices, sides)
    problems = []
    if split:
        problems.append(
            "split "
            + "; ".join(s.text for s in split)
            + ": the most common cause of invisible progress"
        )
    if gaps:
        problems.append(
            "not recorded: " + ", ".join(f"{area.label} ({side.label})" for area, side in gaps)
        )
    if any(s.area is ToolArea.ISSUES for s in split):
        return Check("tooling", title, Status.FAIL, "; ".join(problems))
    if problems:
        return Check("tooling", title, Status.WARN, "; ".join(problems))
    return Check("tooling", title, Status.PASS, "both sides use the same tools in every area")


def refinements_needed(sprint: Sprint) -> int:
    """Refinement runs a sprint needs: two, and at least one per (started) week of it."""
    weeks = math.ceil(working_days(sprint.start, sprint.end) / 5)
    return max(MIN_REFINEMENTS_PER_SPRINT, weeks)


def check_refinement_cadence(
    sprints: Sequence[Sprint], run_dates: Sequence[dt.date], today: dt.date, recent: int = 3
) -> Check:
    """The last ``recent`` finished sprints each had enough refinement runs.

    Args:
        sprints: the team's sprints; those ended before ``today`` are judged.
        run_dates: the local dates of the team's refinement runs.
        today: the local date.
        recent: how many finished sprints to judge, latest first.
    """
    finished = sorted((s for s in sprints if s.end < today), key=lambda s: s.start)[-recent:]
    counted = [(s, sum(1 for day in run_dates if s.start <= day <= s.end)) for s in finished]
    return check_refinement_counts(counted)


def check_refinement_counts(finished: Sequence[tuple[Sprint, int]]) -> Check:
    """Each finished sprint (with its count of refinement runs) had enough of them."""
    title = "Refinement cadence"
    if not finished:
        return Check("refinement", title, Status.NO_DATA, "no finished sprint yet")
    short = []
    empty = False
    for sprint, count in finished:
        needed = refinements_needed(sprint)
        if count < needed:
            empty = empty or count == 0
            short.append(f"{sprint.name}: {count or 'none'} of {needed}")
    if short:
        return Check(
            "refinement",
            title,
            Status.FAIL if empty else Status.WARN,
            "too few refinement runs (two a sprint, one a week) in " + "; ".join(short),
        )
    return Check(
        "refinement",
        title,
        Status.PASS,
        f"enough refinement runs in the last {plural(len(finished), 'sprint')}",
    )


def worst(checks: Sequence[Check]) -> Status:
    """The most serious status among ``checks`` (no data counts as less than a warning)."""
    order = (Status.FAIL, Status.WARN, Status.NO_DATA, Status.PASS)
    return next((s for s in order if any(c.status is s for c in checks)), Status.PASS)
