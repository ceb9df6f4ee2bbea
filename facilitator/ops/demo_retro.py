"""Demo retrospectives: one per closed sprint, each ending in its one experiment.

Called once by :func:`facilitator.ops.demo.generate` inside its transaction. Every retro is
built by the domain rules (phases in order, the previous experiment evaluated first) and stored
through the retro repository, so the demo holds nothing the app itself could not write. The
outcomes cycle through worked, did not work and inconclusive; the latest closed sprint's
experiment is still pending, so the next retro starts with it and Home names it.
"""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select
from sqlalchemy.orm import Session

from facilitator.domain import ceremony_run as run_rules
from facilitator.domain.ceremony_run import RunPhase
from facilitator.domain.experiment import Outcome
from facilitator.domain.ids import RunId, SprintId
from facilitator.domain.model import Member, SprintState
from facilitator.domain.retro import Retro, next_retro
from facilitator.domain.retro_notes import Column, Friction, GroupId, NoteId
from facilitator.domain.signed import Signed
from facilitator.domain.timebox import Ceremony
from facilitator.ops.ceremony import planned_timer
from facilitator.store.ceremony_repository import CeremonyRepository
from facilitator.store.models import SprintRow
from facilitator.store.repositories import TeamRepository
from facilitator.store.retro_repository import RetroRepository

OUTCOMES = (Outcome.WORKED, Outcome.DID_NOT_WORK, Outcome.INCONCLUSIVE)
EVIDENCE = {
    Outcome.WORKED: "The signal moved past its target in every week of the sprint",
    Outcome.DID_NOT_WORK: "The signal stayed where it was; the change was dropped mid-sprint",
    Outcome.INCONCLUSIVE: "Half the sprint was holidays: too few data points to tell",
}
# (what we change, how we will know it worked)
EXPERIMENTS = (
    ("Pair on every code review", "reviews wait less than 4 hours"),
    ("Move the standup to 10:00 Berlin", "no one joins before 8:00 or after 18:00 local"),
    (
        "Write acceptance criteria before refinement",
        "every story has 3 or more criteria at refinement",
    ),
    ("One deploy to staging per day", "at least 8 staging deploys per sprint"),
    ("Swarm on the oldest blocker first", "no blocker open over 24 h"),
    ("Demo to the PO every Thursday", "fewer than 2 stories rejected at review"),
)
# (column, friction kind, text, anonymous)
NOTES = (
    (Column.WENT_WELL, None, "The demo ran without a hitch", False),
    (Column.TO_IMPROVE, None, "Reviews sat for days waiting for someone", True),
    (Column.FRICTION, Friction.TIME_ZONE, "Calls after 18:00 for the outsourced side", False),
    (Column.FRICTION, Friction.CULTURAL, "Silence in meetings was read as agreement", True),
    (Column.TO_IMPROVE, None, "Stories arrived at planning without criteria", False),
)
RETRO_HOUR = 14  # the retro runs on the sprint's last afternoon, UTC
RETRO_TOOK = 85  # minutes of its 90-minute timebox


def populate(session: Session, today: dt.date) -> None:
    """A closed retrospective with its experiment for every closed sprint of every team."""
    for team in TeamRepository(session).all():
        members = [m for m in TeamRepository(session).members(team.id) if m.active]
        if not members:
            continue
        sprints = session.scalars(
            select(SprintRow)
            .where(
                SprintRow.team_id == team.id,
                SprintRow.state == SprintState.CLOSED.value,
                SprintRow.end_date < today,
            )
            .order_by(SprintRow.end_date)
        ).all()
        rng = random.Random(f"{today.isoformat()}-{team.name}-retro")
        last: Retro | None = None
        last_run: RunId | None = None
        for index, sprint in enumerate(sprints):
            last, last_run = _retro(session, rng, sprint, members, index, last, last_run)


def _retro(
    session: Session,
    rng: random.Random,
    sprint: SprintRow,
    members: list[Member],
    index: int,
    last: Retro | None,
    last_run: RunId | None,
) -> tuple[Retro, RunId]:
    at = dt.datetime.combine(sprint.end_date, dt.time(RETRO_HOUR), tzinfo=dt.UTC)
    facilitator = members[-1]
    signed = Signed.of(facilitator, at)
    retro = next_retro(sprint.name, members[0].team_id, last)
    if retro.needs_evaluation:
        outcome = OUTCOMES[(index - 1) % len(OUTCOMES)]
        retro = retro.evaluate_previous(outcome, EVIDENCE[outcome], signed)
    retro = retro.advance()
    for column, friction, words, anonymous in rng.sample(NOTES, 3):
        retro = retro.write_note(rng.choice(members), column, words, anonymous, friction)
    retro = retro.reveal().advance().group("What slowed us down", (NoteId(1), NoteId(2)))
    retro = retro.advance()
    for member in members:
        retro = retro.vote(member, GroupId(1))
    retro = retro.advance().discuss(GroupId(1)).advance()
    change, measure = EXPERIMENTS[index % len(EXPERIMENTS)]
    owner = members[index % len(members)]
    retro = retro.decide(change, owner, measure, sprint.end_date + dt.timedelta(days=14))
    retro = retro.close(signed)

    runs = CeremonyRepository(session)
    timer = planned_timer(Ceremony.RETRO, 90, None, 120).start(at)
    run = runs.create(members[0].team_id, SprintId(sprint.id), timer, RunPhase.TIMER)
    # Each phase takes its share of 85 minutes (the timer's suggestions come from these).
    moment = at
    for index, item in enumerate(timer.items):
        moment += dt.timedelta(seconds=round(item.timebox_seconds * RETRO_TOOK / 90))
        if index + 1 < len(timer.items):
            timer = timer.go_to_item(index + 1, moment)
    runs.save(run_rules.finish(run_rules.with_timer(run, timer), moment))
    repo = RetroRepository(session)
    repo.create(
        run.run_id, members[0].team_id, SprintId(sprint.id), last_run, retro.votes_per_person
    )
    repo.save(run.run_id, retro)
    return retro, run.run_id
