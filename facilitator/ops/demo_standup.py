"""Demo standup data: written updates, blockers and decisions for past sprints and the active one.

Called once by :func:`facilitator.ops.demo.generate` inside its transaction, after the bulk
inserts. Its random stream is seeded from ``today`` and the stored teams (which the demo's seed
made), so the same seed and day give the same database. Some blockers and decisions run over
24 h, two blockers are open today (one past the SLA), one member has not written today's update.
"""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select
from sqlalchemy.orm import Session

from facilitator.domain.decisions import DecisionAuthority, DecisionKind, default_authority
from facilitator.domain.ids import MemberId, TeamId
from facilitator.domain.model import Member, Side
from facilitator.domain.tooling import ToolArea
from facilitator.store.models import (
    BlockerRow,
    DailyUpdateRow,
    DecisionRow,
    SprintRow,
    SprintStoryRow,
)
from facilitator.store.repositories import TeamRepository
from facilitator.store.standup_repository import StandupRepository

BLOCKERS = (
    "Sandbox credentials for the card processor expired",
    "Waiting for the security review of the new endpoint",
    "Staging database is out of disk space",
    "The fraud service changed its API without notice",
    "No test devices for the Android flow",
    "Firewall rule for the partner bank not opened yet",
    "CI runners queue for over an hour",
)
RESOLUTIONS = (
    "New credentials issued by the provider",
    "Review done, two findings fixed",
    "Disk extended and old dumps removed",
    "Adapter updated to the new contract",
    "Borrowed devices from the mobile team",
    "Rule opened by the network team",
    "Two more runners added",
)
QUESTIONS = (
    ("Do we keep the legacy provider as a fallback?", "priority", "Yes, for one more sprint"),
    ("Which retry policy for failed captures?", "technical", "Three retries with backoff"),
    ("Can refunds ship before partial captures?", "priority", "Yes, refunds first"),
    ("Postgres or Redis for the idempotency keys?", "technical", "Postgres, one store less"),
    ("Do we support 3-D Secure 1 at all?", "priority", "No, 3DS2 only"),
)
DONE = ("Paired on the capture flow", "Fixed the flaky checkout test", "Reviewed two PRs")
NEXT = ("Refund endpoint", "Contract tests for the fraud API", "Deploy to staging")
# team name → (area, in-house tool, outsourced tool); a split on issue tracking for Payments.
TOOLS: dict[str, tuple[tuple[ToolArea, str, str], ...]] = {
    "Payments": (
        (ToolArea.ISSUES, "Jira", "GitHub Issues"),
        (ToolArea.SOURCE, "GitHub", "GitHub"),
        (ToolArea.CI_CD, "GitHub Actions", "GitHub Actions"),
        (ToolArea.OBSERVABILITY, "Datadog", "Datadog"),
        (ToolArea.DOCS, "Confluence", "Confluence"),
    ),
}


def _at(day: dt.date, hour: float) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(tzinfo=dt.UTC)) + dt.timedelta(hours=hour)


def populate(session: Session, today: dt.date, clock: dt.datetime | None = None) -> None:
    """Add updates, blockers, decisions, authority and tools for every demo team.

    The demo's moment is the morning of ``today`` (the standup is about to start), or ``clock``
    when that is earlier: a demo written at dawn holds nothing raised or written in its future.
    """
    repo = StandupRepository(session)
    now = _at(today, 9) if clock is None else min(_at(today, 9), clock)
    for team in TeamRepository(session).all():
        rng = random.Random(f"{today.isoformat()}-{team.name}")
        members = TeamRepository(session).members(team.id)
        if not members:
            continue
        authority = default_authority(members)
        escalation = authority.priorities or members[0].id
        repo.set_authority(
            team.id,
            DecisionAuthority(
                authority.technical,
                authority.priorities,
                escalation,
                "Tech lead and PO together; then the head of engineering",
            ),
        )
        for area, mine, theirs in TOOLS.get(team.name, ()):
            repo.set_tool(team.id, area, Side.IN_HOUSE, mine)
            repo.set_tool(team.id, area, Side.OUTSOURCED, theirs)
        sprints = session.scalars(
            select(SprintRow)
            .where(SprintRow.team_id == team.id, SprintRow.start_date <= today)
            .order_by(SprintRow.start_date)
        ).all()
        ids = [m.id for m in members]
        for sprint in sprints:
            stories = session.scalars(
                select(SprintStoryRow.story_id)
                .where(SprintStoryRow.sprint_id == sprint.id)
                .order_by(SprintStoryRow.story_id)
            ).all()
            _sprint(session, rng, team.id, sprint, list(stories), ids, now, authority)
        _updates(session, rng, team.id, members[1:], today, now)


def _sprint(
    session: Session,
    rng: random.Random,
    team_id: TeamId,
    sprint: SprintRow,
    stories: list[int],
    members: list[MemberId],
    now: dt.datetime,
    authority: DecisionAuthority,
) -> None:
    active = sprint.end_date >= now.date()
    days = max(1, (min(sprint.end_date, now.date()) - sprint.start_date).days)
    for n in range(rng.randint(2, 4)):
        raised = _at(sprint.start_date, 24 * rng.randrange(days) + rng.uniform(7, 16))
        hours = rng.choice((1.5, 3, 5, 8, 20, 30, 52))
        resolved: dt.datetime | None = raised + dt.timedelta(hours=hours)
        if active and (resolved is None or resolved >= now):
            resolved = None
        _blocker(session, rng, team_id, raised, resolved, stories, members, n)
    if active:  # two open today: one past the 24 h SLA, one fresh
        _blocker(session, rng, team_id, now - dt.timedelta(hours=31), None, stories, members, 5)
        _blocker(session, rng, team_id, now - dt.timedelta(hours=3), None, stories, members, 6)
    for n in range(rng.randint(1, 3)):
        question, kind, decision = QUESTIONS[(sprint.id + n) % len(QUESTIONS)]
        raised = _at(sprint.start_date, 24 * rng.randrange(days) + rng.uniform(8, 15))
        decided = raised + dt.timedelta(hours=rng.choice((2, 6, 20, 28)))
        acted = decided + dt.timedelta(hours=rng.choice((1, 4, 10)))
        session.add(
            DecisionRow(
                team_id=team_id,
                question=question,
                kind=kind,
                raised_by_id=rng.choice(members),
                raised_at=raised,
                decision_maker_id=authority.decider(DecisionKind(kind)) or members[0],
                decided_at=decided if decided < now else None,
                decision=decision if decided < now else "",
                acted_on_at=acted if acted < now else None,
                story_id=rng.choice(stories) if stories and rng.random() < 0.6 else None,
            )
        )


def _blocker(
    session: Session,
    rng: random.Random,
    team_id: TeamId,
    raised: dt.datetime,
    resolved: dt.datetime | None,
    stories: list[int],
    members: list[MemberId],
    n: int,
) -> None:
    pick = rng.randrange(len(BLOCKERS))
    session.add(
        BlockerRow(
            team_id=team_id,
            raised_by_id=rng.choice(members),
            raised_at=raised,
            story_id=rng.choice(stories) if stories and n % 2 == 0 else None,
            description=BLOCKERS[pick],
            owner_id=rng.choice(members),
            resolved_at=resolved,
            resolution=RESOLUTIONS[pick] if resolved is not None else "",
        )
    )


def _updates(
    session: Session,
    rng: random.Random,
    team_id: TeamId,
    writers: list[Member],
    today: dt.date,
    now: dt.datetime,
) -> None:
    """The last week's updates of every member but the first (who has not written today)."""
    for back in range(6, -1, -1):
        day = today - dt.timedelta(days=back)
        if day.weekday() >= 5:
            continue
        for member in writers:
            session.add(
                DailyUpdateRow(
                    team_id=team_id,
                    member_id=member.id,
                    day=day,
                    done=rng.choice(DONE),
                    next=rng.choice(NEXT),
                    blockers="",
                    written_at=min(_at(day, 7 + rng.random()), now),
                )
            )
