"""A realistic, deterministic demo database: a distributed squad, a ranked backlog, past sprints.

The same seed and the same ``today`` always give the same rows. Rows go in with bulk inserts, so
200 sprints and 20,000 stories take seconds.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Integer, func, insert, select, text
from sqlalchemy.orm import Session

from facilitator.domain.model import DEFAULT_DEFINITION_OF_DONE
from facilitator.errors import InputError
from facilitator.ops import demo_retro, demo_review, demo_standup, demo_team
from facilitator.ops.demo_backlog import DELIVERS, refinement_details
from facilitator.ops.demo_planning import planning_rows
from facilitator.ops.demo_words import (
    ACTIONS,
    GOALS,
    OBJECTS,
    PAYMENTS_PEOPLE,
    QUALIFIERS,
    RISK_PEOPLE,
)
from facilitator.store.db import UNSTAMPED, Store
from facilitator.store.models import (
    AssumptionRow,
    Base,
    CriterionRow,
    DependencyRow,
    DoneItemRow,
    MemberRow,
    RiskRow,
    SprintRow,
    SprintStoryRow,
    StoryRow,
    TeamRow,
)

RANK_STEP = 1024
FIBONACCI = (1, 2, 3, 5, 8, 13)


@dataclass
class _Rows:
    teams: list[dict[str, Any]] = field(default_factory=list)
    dod: list[dict[str, Any]] = field(default_factory=list)
    members: list[dict[str, Any]] = field(default_factory=list)
    stories: list[dict[str, Any]] = field(default_factory=list)
    criteria: list[dict[str, Any]] = field(default_factory=list)
    sprints: list[dict[str, Any]] = field(default_factory=list)
    sprint_stories: list[dict[str, Any]] = field(default_factory=list)
    assumptions: list[dict[str, Any]] = field(default_factory=list)
    dependencies: list[dict[str, Any]] = field(default_factory=list)
    risks: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class DemoResult:
    """What the generator wrote."""

    teams: int
    members: int
    sprints: int
    stories: int


def generate(
    store: Store,
    *,
    sprints: int = 12,
    stories: int = 300,
    seed: int = 7,
    today: dt.date | None = None,
    clock: dt.datetime | None = None,
) -> DemoResult:
    """Write the demo teams into an empty database in one transaction.

    Args:
        store: an open, migrated, empty database.
        sprints: closed past sprints of the main team (an active and a planned one are added).
        stories: stories of the main team.
        seed: random seed; same seed and ``today`` give the same database.
        today: the date the demo is built around (defaults to the real date).
        clock: nothing in the demo is later than this moment (defaults to the real moment when
            ``today`` is not given); its standup is about to start at 09:00 UTC otherwise.

    Raises:
        InputError: counts out of range or the database already holds teams.
    """
    if not 0 <= sprints <= 5000:
        raise InputError(f"--sprints: {sprints} is outside 0–5000")
    if not 10 <= stories <= 500_000:
        raise InputError(f"--stories: {stories} is outside 10–500000")
    # Built around the real day, the demo holds nothing later than the real moment.
    if today is None and clock is None:
        clock = dt.datetime.now(dt.UTC)
    today = today or dt.date.today()
    rng = random.Random(seed)
    rows = _Rows()
    ids = _Ids()
    _build_team(rows, ids, rng, "Payments", "PAY", PAYMENTS_PEOPLE, sprints, stories, today)
    _build_team(rows, ids, rng, "Risk Platform", "RISK", RISK_PEOPLE, 3, 40, today)
    with store.session() as session:
        session.info[UNSTAMPED] = True  # generated, not edited by anyone
        if session.scalar(select(func.count()).select_from(TeamRow)):
            raise InputError(
                f"{store.target.display} already holds teams; write the demo into a new file"
            )
        batches: list[tuple[type[Base], list[dict[str, Any]]]] = [
            (TeamRow, rows.teams),
            (DoneItemRow, rows.dod),
            (MemberRow, rows.members),
            (StoryRow, rows.stories),
            (CriterionRow, rows.criteria),
            (SprintRow, rows.sprints),
            (SprintStoryRow, rows.sprint_stories),
            (AssumptionRow, rows.assumptions),
            (DependencyRow, rows.dependencies),
            (RiskRow, rows.risks),
        ]
        planned = planning_rows(
            rows.sprints, rows.sprint_stories, rows.stories, rows.members, ids.next
        )
        for model, batch in [*batches, *planned.items()]:
            if batch:
                session.execute(insert(model), batch)
        demo_team.populate(session, today)
        demo_standup.populate(session, today, clock)
        resync_id_sequences(session)  # the review runs take ids after the planning runs'
        demo_review.populate(session, today)
        resync_id_sequences(session)  # the retros' runs take ids after the reviews'
        demo_retro.populate(session, today)
        resync_id_sequences(session)
    return DemoResult(len(rows.teams), len(rows.members), len(rows.sprints), len(rows.stories))


def resync_id_sequences(session: Session) -> None:
    """After inserting explicit ids, move PostgreSQL's id sequences past them.

    SQLite needs nothing: its next rowid is always above the largest id in the table.
    """
    if session.get_bind().dialect.name != "postgresql":
        return
    for table in Base.metadata.sorted_tables:
        column = table.c.get("id")
        if column is None or not column.primary_key or not isinstance(column.type, Integer):
            continue
        session.execute(
            text(
                "SELECT setval(pg_get_serial_sequence(:table, 'id'), "
                f"COALESCE((SELECT max(id) FROM {table.name}), 0) + 1, false)"
            ),
            {"table": table.name},
        )


class _Ids:
    def __init__(self) -> None:
        self.counters: dict[str, int] = {}

    def next(self, table: str) -> int:
        self.counters[table] = self.counters.get(table, 0) + 1
        return self.counters[table]


def _build_team(
    rows: _Rows,
    ids: _Ids,
    rng: random.Random,
    name: str,
    prefix: str,
    people: tuple[tuple[str, str, str, str, str, int, int], ...],
    closed_sprints: int,
    story_count: int,
    today: dt.date,
) -> None:
    created = dt.datetime.combine(today, dt.time(9, tzinfo=dt.UTC)) - dt.timedelta(
        days=14 * closed_sprints + 30
    )
    team_id = ids.next("team")
    rows.teams.append(
        {
            "id": team_id,
            "name": name,
            "sprint_length_days": 10,
            "points_per_person_day": 0.8,
            "blocker_sla_hours": 24,
            "min_overlap_hours": 3.0,
            "created_at": created,
        }
    )
    for position, item in enumerate(DEFAULT_DEFINITION_OF_DONE):
        rows.dod.append(
            {"id": ids.next("dod"), "team_id": team_id, "position": position, "text": item}
        )
    member_ids: list[int] = []
    for person, role, side, seniority, zone, hour_from, hour_to in people:
        member_id = ids.next("member")
        member_ids.append(member_id)
        rows.members.append(
            {
                "id": member_id,
                "team_id": team_id,
                "name": person,
                "role": role,
                "side": side,
                "seniority": seniority,
                "timezone": zone,
                "work_start_min": hour_from * 60,
                "work_end_min": hour_to * 60,
                "active": True,
            }
        )
    po_name = people[0][0]
    # Only the delivery team commits estimates and reviews assumptions (DESIGN.md rule 1).
    engineers = [mid for mid, p in zip(member_ids, people, strict=True) if p[1] in DELIVERS]
    # A second stream for refinement details, so adding them left the original stories alone.
    extra = random.Random(rng.random())

    # Sprints: `closed_sprints` closed ones, then the active sprint around today, then one planned.
    monday = today - dt.timedelta(days=today.weekday())
    active_start = monday if (monday.toordinal() // 7) % 2 == 0 else monday - dt.timedelta(days=7)
    starts = [
        active_start - dt.timedelta(days=14 * back) for back in range(closed_sprints, 0, -1)
    ] + [active_start, active_start + dt.timedelta(days=14)]
    states = ["closed"] * closed_sprints + ["active", "planned"]

    story_keys = iter(range(1, story_count + 1))
    sprint_story_budget = max(0, story_count - 60)  # keep a real backlog behind the sprints
    per_sprint = max(1, min(9, sprint_story_budget // max(1, closed_sprints + 1)))
    rank = 0

    def new_story(status: str, when: dt.datetime, ready: bool) -> dict[str, Any]:
        nonlocal rank
        story_id = ids.next("story")
        number = next(story_keys)
        rank += RANK_STEP
        estimate: float | None = (
            float(rng.choice(FIBONACCI)) if ready or rng.random() < 0.4 else None
        )
        title = " ".join(
            part
            for part in (rng.choice(ACTIONS), rng.choice(OBJECTS), rng.choice(QUALIFIERS))
            if part
        )
        kind = rng.choices(("story", "bug", "chore", "spike"), weights=(75, 15, 7, 3))[0]
        row: dict[str, Any] = {
            "id": story_id,
            "team_id": team_id,
            "key": f"{prefix}-{number}",
            "title": title,
            "description": f"As a merchant I want to {title.lower()} so that support "
            "gets fewer tickets.",
            "type": kind,
            "status": status,
            "rank": rank,
            "estimate": estimate,
            "estimate_committed_by_id": rng.choice(engineers) if estimate else None,
            "estimate_committed_at": when if estimate else None,
            "created_at": when,
        }
        rows.stories.append(row)
        refinement_details(rows, ids, extra, row, ready, engineers, when)
        criteria = rng.randint(1, 4) if ready else rng.choice((0, 0, 1))
        for position in range(criteria):
            rows.criteria.append(
                {
                    "id": ids.next("criterion"),
                    "story_id": story_id,
                    "position": position,
                    "text": _criterion(rng, title, position),
                    "author": po_name,
                    "created_at": when,
                }
            )
        return row

    made = 0
    carried: list[dict[str, Any]] = []  # not Done last sprint: planned again into the next one
    for index, (start, state) in enumerate(zip(starts, states, strict=True)):
        sprint_id = ids.next("sprint")
        end = start + dt.timedelta(days=11)  # Monday to the Friday of the second week
        rows.sprints.append(
            {
                "id": sprint_id,
                "team_id": team_id,
                "name": f"Sprint {index + 1}",
                "goal": rng.choice(GOALS),
                "start_date": start,
                "end_date": end,
                "state": state,
                "capacity_proposed": None,
                "capacity_points": None,
            }
        )
        if state == "planned" or made + per_sprint > sprint_story_budget:
            continue
        when = dt.datetime.combine(start - dt.timedelta(days=3), dt.time(10, tzinfo=dt.UTC))
        points_total = 0.0
        count = per_sprint + rng.randint(-2, 1) if per_sprint > 3 else per_sprint
        lines = [(story, False) for story in carried]
        carried = []
        for slot in range(max(1, count)):
            lines.append(
                (new_story("new", when, ready=True), slot == count - 1 and rng.random() < 0.3)
            )
            made += 1
        for story, added in lines:
            done: bool | None
            if state == "closed":
                done = rng.random() < 0.82
                story["status"] = "done" if done else "refined"
                if not done:
                    carried.append(story)
            else:
                done = None
                story["status"] = "in_sprint"
            story_id = story["id"]
            points = story["estimate"] or 3.0
            points_total += points
            rows.sprint_stories.append(
                {
                    "sprint_id": sprint_id,
                    "story_id": story_id,
                    "points": points,
                    "added_mid_sprint": added,
                    "done": done,
                    "not_done_reason": ""
                    if done is not False
                    else rng.choice(
                        (
                            "Criterion 2 failed in the demo",
                            "Not deployed to staging",
                            "Code review not finished",
                            "Blocked by the banking partner's sandbox",
                        )
                    ),
                }
            )
        rows.sprints[-1]["capacity_points"] = points_total + rng.choice((0.0, 2.0, 3.0))
        rows.sprints[-1]["capacity_proposed"] = points_total + rng.choice((-2.0, 0.0, 2.0))

    # The rest is the backlog: the top third mostly ready, the tail mostly not.
    remaining = story_count - made
    backlog_created = dt.datetime.combine(today - dt.timedelta(days=5), dt.time(11, tzinfo=dt.UTC))
    for position in range(remaining):
        ready_share = 0.7 if position < 30 else 0.25
        status = "refined" if rng.random() < ready_share else "new"
        new_story(status, backlog_created, ready=status == "refined")


def _criterion(rng: random.Random, title: str, position: int) -> str:
    givens = (
        "a merchant with an EUR account",
        "a customer paying in USD",
        "a payout batch of 500 items",
        "an expired card",
        "a support agent with read-only access",
    )
    outcomes = (
        "the amount and rate are shown",
        "an audit entry records who did it",
        "the change appears within one minute",
        "an error names the failing field",
        "nothing is charged twice",
    )
    return (
        f"Given {rng.choice(givens)}, when they {title.split(' ', 1)[0].lower()} it, "
        f"then {outcomes[(position + rng.randint(0, 4)) % len(outcomes)]}"
    )
