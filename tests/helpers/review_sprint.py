"""A team with an active sprint to review: three forecast stories and one added mid-sprint,
each with acceptance criteria (the fourth has none), and the team's Definition of Done."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete

from facilitator.domain.ids import CriterionId, SprintId, StoryId
from facilitator.store.db import Store
from facilitator.store.models import DoneItemRow, SprintRow, SprintStoryRow, StoryRow
from tests.helpers.backlog_team import BacklogTeam, make_team, new_criterion

DOD = ("Tested", "Code reviewed")
START = dt.date(2026, 11, 16)


@dataclass(frozen=True)
class ReviewSprint:
    """Ids of what :func:`make_review_sprint` created."""

    team: BacklogTeam
    sprint: SprintId
    stories: tuple[StoryId, ...]  # PAYM-1, PAYM-2, PAYM-3 forecast; PAYM-4 added mid-sprint
    criteria: dict[StoryId, tuple[CriterionId, ...]]


def make_review_sprint(store: Store, *, backlog: int = 2) -> ReviewSprint:
    """Team Payments with an active "Sprint 1" (PAYM-1…PAYM-4) and ``backlog`` stories behind it.

    PAYM-1 has two criteria, PAYM-2 and PAYM-3 one each, PAYM-4 (added mid-sprint) one.
    """
    team = make_team(store, stories=4 + backlog)
    sprint_stories = team.stories[:4]
    criteria: dict[StoryId, tuple[CriterionId, ...]] = {}
    for index, story in enumerate(sprint_stories):
        count = 2 if index == 0 else 1
        criteria[story] = tuple(
            CriterionId(
                new_criterion(store, story, f"Criterion {n + 1} of PAYM-{index + 1}", team.po)
            )
            for n in range(count)
        )
    with store.session() as session:
        sprint = SprintRow(
            team_id=team.team,
            name="Sprint 1",
            goal="Card payments",
            start_date=START,
            end_date=START + dt.timedelta(days=11),
            state="active",
        )
        session.add(sprint)
        session.flush()
        for index, story in enumerate(sprint_stories):
            session.add(
                SprintStoryRow(
                    sprint_id=sprint.id,
                    story_id=story,
                    points=float(index + 2),
                    added_mid_sprint=index == 3,
                )
            )
            session.get_one(StoryRow, story).status = "in_sprint"
        sprint_id = SprintId(sprint.id)
    _set_dod(store, team)
    return ReviewSprint(team, sprint_id, tuple(sprint_stories), criteria)


def _set_dod(store: Store, team: BacklogTeam) -> None:
    with store.session() as session:
        session.execute(delete(DoneItemRow).where(DoneItemRow.team_id == team.team))
        for position, item in enumerate(DOD):
            session.add(DoneItemRow(team_id=team.team, position=position, text=item))


__all__ = ["DOD", "ReviewSprint", "make_review_sprint"]
