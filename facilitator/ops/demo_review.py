"""Demo review data: every closed sprint had its review, so History has real Done decisions.

Called once by :func:`facilitator.ops.demo.generate` inside its transaction, after the bulk
inserts. Each closed sprint gets a closed review run: every criterion and DoD item marked, the
stories the generator left not Done failing a criterion or a DoD item (their reason is the
verdict's own words), a question and a feedback, production deployments and defects. Its random
stream is seeded from ``today`` and each sprint's name, so the same seed and day give the same
database.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from facilitator.domain.delivery import DefectKind
from facilitator.domain.ids import MemberId, RunId, SprintId
from facilitator.domain.model import Role
from facilitator.domain.review import Review
from facilitator.domain.review_rules import StoryDemo
from facilitator.domain.signed import Signed
from facilitator.store.models import CeremonyRunRow, SprintRow, SprintStoryRow
from facilitator.store.repositories import TeamRepository
from facilitator.store.review_models import (
    CriterionMarkRow,
    DefectRow,
    DeploymentRow,
    DodMarkRow,
    ReviewNoteRow,
    ReviewRow,
)
from facilitator.store.review_repository import ReviewRepository

REVIEW_SECONDS = 2 * 3600
QUESTIONS = (
    "Does the refund flow work for partial captures?",
    "Which markets get this first?",
    "Is the new screen accessible with a screen reader?",
)
FEEDBACK = (
    "Show the fee before the customer confirms",
    "Merchants want the export as CSV too",
    "The receipt should name the exchange rate source",
)
DEFECTS = (
    "Rounding differs by a cent on JPY payouts",
    "Retry button stays disabled after a timeout",
    "Audit entry misses the support agent's name",
    "Webhook fires twice on a slow network",
)


def populate(session: Session, today: dt.date) -> None:
    """Add a closed review, with its marks, notes, deployments and defects, to every closed
    sprint of every demo team."""
    rows: dict[type[Any], list[dict[str, Any]]] = {
        CriterionMarkRow: [],
        DodMarkRow: [],
        ReviewNoteRow: [],
        DeploymentRow: [],
        DefectRow: [],
    }
    teams = TeamRepository(session)
    for team in teams.all():
        members = teams.members(team.id)
        lead = next((m for m in members if m.role is Role.SCRUM_MASTER), None)
        lead = lead or (members[0] if members else None)
        if lead is None:
            continue
        closed = session.scalars(
            select(SprintRow)
            .where(SprintRow.team_id == team.id, SprintRow.state == "closed")
            .order_by(SprintRow.start_date)
        ).all()
        for sprint in closed:
            rng = random.Random(f"{today.isoformat()}-{team.name}-{sprint.name}")
            _review(session, rows, rng, sprint, team.definition_of_done, lead.id, lead.name)
    for model, batch in rows.items():
        if batch:
            session.execute(insert(model), batch)


def _review(
    session: Session,
    rows: dict[type[Any], list[dict[str, Any]]],
    rng: random.Random,
    sprint: SprintRow,
    dod: tuple[str, ...],
    lead_id: int,
    lead_name: str,
) -> None:
    repo = ReviewRepository(session)
    stories = repo.sprint_stories(SprintId(sprint.id))
    if not stories:
        return
    decided = dict(
        session.execute(
            select(SprintStoryRow.story_id, SprintStoryRow.done).where(
                SprintStoryRow.sprint_id == sprint.id
            )
        ).all()
    )
    at = dt.datetime.combine(sprint.end_date, dt.time(14), tzinfo=dt.UTC)
    run = CeremonyRunRow(
        team_id=sprint.team_id,
        sprint_id=sprint.id,
        ceremony="review",
        warn_seconds=120,
        current_item=0,
        started_at=at,
        ended_at=at + dt.timedelta(seconds=REVIEW_SECONDS - rng.randint(0, 1800)),
        timebox_seconds=REVIEW_SECONDS,
        position=len(stories) - 1,
        phase="done",
        queue=json.dumps([int(s.story_id) for s in stories]),
    )
    session.add(run)
    session.flush()
    demos = []
    for story in stories:
        passed = {c.criterion_id: True for c in story.criteria}
        held = dict.fromkeys(dod, True)
        if decided.get(story.story_id) is False:  # the generator left it not Done: say why
            if story.criteria and rng.random() < 0.6:
                passed[rng.choice(story.criteria).criterion_id] = False
            else:
                held[rng.choice(dod)] = False
        demos.append(StoryDemo(story.key, tuple(passed.items()), tuple(held.items())))
        rows[CriterionMarkRow] += [
            {"run_id": run.id, "criterion_id": c, "passed": p, "at": at} for c, p in passed.items()
        ]
        rows[DodMarkRow] += [
            {"run_id": run.id, "story_id": story.story_id, "item": i, "holds": h, "at": at}
            for i, h in held.items()
        ]
    review = Review(sprint.name, stories, dod, tuple(demos))
    closing = review.close(Signed(MemberId(lead_id), lead_name, at)).closing
    assert closing is not None
    session.add(ReviewRow(run_id=run.id, sprint_id=sprint.id))
    session.flush()
    returned = {r.story_id for r in closing.returned}
    repo.close(
        RunId(run.id),
        SprintId(sprint.id),
        closing,
        [s.story_id for s in stories if s.story_id not in returned],
    )
    about = rng.choice(stories)
    rows[ReviewNoteRow] += [
        {
            "run_id": run.id,
            "kind": "question",
            "text": rng.choice(QUESTIONS),
            "by_name": "Head of payments",
            "story_id": None,
            "created_story_id": None,
            "at": at,
        },
        {
            "run_id": run.id,
            "kind": "feedback",
            "text": rng.choice(FEEDBACK),
            "by_name": "Merchant success",
            "story_id": about.story_id,
            "created_story_id": None,
            "at": at,
        },
    ]
    days = (sprint.end_date - sprint.start_date).days
    for n in range(rng.randint(1, 4)):
        day = sprint.start_date + dt.timedelta(days=rng.randint(1, days))
        rows[DeploymentRow].append(
            {
                "sprint_id": sprint.id,
                "at": dt.datetime.combine(day, dt.time(16), tzinfo=dt.UTC),
                "what": f"{sprint.name} release {n + 1}",
            }
        )
    kinds = [DefectKind.FOUND_IN_SPRINT] * rng.randint(0, 3) + [DefectKind.ESCAPED] * rng.choice(
        (0, 0, 1, 2)
    )
    for kind in kinds:
        story = rng.choice(stories)
        rows[DefectRow].append(
            {
                "sprint_id": sprint.id,
                "kind": kind.value,
                "description": rng.choice(DEFECTS),
                "story_id": story.story_id,
                "at": at,
            }
        )
