"""History's reads: every sprint's facts in one query per fact kind, and one sprint's page.

Forecasts come from each sprint's first frozen snapshot (a sprint planned without one falls back
to its stories not added mid-sprint); Done comes from the review's verdict on ``sprint_story``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Any, TypeVar, cast

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.selectable import Subquery

from facilitator.domain.delivery import Defect, DefectKind, Deployment
from facilitator.domain.experiment import Experiment
from facilitator.domain.history import (
    owning_index,
)
from facilitator.domain.ids import TeamId
from facilitator.domain.metrics import SprintFacts, TimeboxRun, Waited
from facilitator.store.models import (
    BlockerRow,
    CeremonyRunRow,
    DecisionRow,
    PlanningSnapshotRow,
    SnapshotStoryRow,
    SprintRow,
    SprintStoryRow,
    StoryRow,
)
from facilitator.store.retro_models import ExperimentRow
from facilitator.store.retro_repository import experiment_of
from facilitator.store.review_models import DefectRow, DeploymentRow

Q = TypeVar("Q")
Deliveries = dict[int, tuple[tuple[Deployment, ...], tuple[Defect, ...]]]


def _deliveries(session: Session, sprint_ids: Sequence[int]) -> Deliveries:
    """Each sprint's deployments and defects, as the review recorded them (in the order
    :func:`delivery_facts` gives them), read as columns: no ORM object per row."""
    facts: dict[int, tuple[list[Deployment], list[Defect]]] = {int(s): ([], []) for s in sprint_ids}
    if not facts:
        return {}
    deployments = session.execute(
        select(DeploymentRow.sprint_id, DeploymentRow.at, DeploymentRow.what)
        .where(DeploymentRow.sprint_id.in_(facts))
        .order_by(DeploymentRow.at, DeploymentRow.id)
    )
    for sid, at, what in deployments:
        facts[sid][0].append(Deployment(at, what))
    defects = session.execute(
        select(DefectRow.sprint_id, DefectRow.kind, DefectRow.description, StoryRow.key)
        .outerjoin(StoryRow, StoryRow.id == DefectRow.story_id)
        .where(DefectRow.sprint_id.in_(facts))
        .order_by(DefectRow.id)
    )
    for sid, kind, description, key in defects:
        facts[sid][1].append(Defect(DefectKind(kind), description, key))
    return {s: (tuple(d), tuple(f)) for s, (d, f) in facts.items()}


EXPERIMENT_COLUMNS = (
    ExperimentRow.sprint_id,
    ExperimentRow.change,
    ExperimentRow.owner_id,
    ExperimentRow.owner_name,
    ExperimentRow.success_measure,
    ExperimentRow.check_on,
    ExperimentRow.outcome,
    ExperimentRow.evidence,
    ExperimentRow.evaluated_by_id,
    ExperimentRow.evaluated_by_name,
    ExperimentRow.evaluated_at,
)


def _experiments(
    session: Session, team_id: TeamId, scope: Sequence[int] | None
) -> dict[int, Experiment]:
    """The experiment each sprint's retrospective decided (of the sprints in ``scope`` when
    given), read as columns (:func:`experiment_of` reads them by the same names)."""
    query = select(*EXPERIMENT_COLUMNS).where(ExperimentRow.team_id == team_id)
    if scope is not None:
        query = query.where(ExperimentRow.sprint_id.in_(scope))
    return {row.sprint_id: experiment_of(cast(Any, row)) for row in session.execute(query)}


def _hours(start: dt.datetime, end: dt.datetime) -> float:
    return (end - start).total_seconds() / 3600


def team_sprints(session: Session, team_id: TeamId) -> list[SprintRow]:
    """The team's sprints, oldest first."""
    query = select(SprintRow).where(SprintRow.team_id == team_id)
    return list(session.scalars(query.order_by(SprintRow.start_date, SprintRow.id)))


def _first_snapshots(team_id: TeamId, scope: Sequence[int] | None) -> Subquery:
    query = (
        select(
            PlanningSnapshotRow.sprint_id.label("sprint_id"),
            func.min(PlanningSnapshotRow.id).label("snapshot_id"),
        )
        .join(SprintRow, SprintRow.id == PlanningSnapshotRow.sprint_id)
        .where(SprintRow.team_id == team_id)
        .group_by(PlanningSnapshotRow.sprint_id)
    )
    if scope is not None:
        query = query.where(PlanningSnapshotRow.sprint_id.in_(scope))
    return query.subquery()


def _forecasts(
    session: Session, team_id: TeamId, scope: Sequence[int] | None
) -> dict[int, tuple[int, float, int, float]]:
    """Per sprint with a snapshot: forecast stories, points, and of them Done stories, points."""
    first = _first_snapshots(team_id, scope)
    done = SprintStoryRow.done.is_(True)
    query = (
        select(
            first.c.sprint_id,
            func.count(SnapshotStoryRow.position),
            func.coalesce(func.sum(SnapshotStoryRow.points), 0.0),
            func.coalesce(func.sum(case((done, 1), else_=0)), 0),
            func.coalesce(func.sum(case((done, SnapshotStoryRow.points), else_=0.0)), 0.0),
        )
        .join(SnapshotStoryRow, SnapshotStoryRow.snapshot_id == first.c.snapshot_id)
        .outerjoin(
            SprintStoryRow,
            and_(
                SprintStoryRow.sprint_id == first.c.sprint_id,
                SprintStoryRow.story_id == SnapshotStoryRow.story_id,
            ),
        )
        .group_by(first.c.sprint_id)
    )
    return {
        int(sid): (int(n), float(pts), int(dn), float(dpts))
        for sid, n, pts, dn, dpts in session.execute(query)
    }


def _lines(
    session: Session, team_id: TeamId, scope: Sequence[int] | None
) -> dict[int, dict[tuple[bool, bool], list[float]]]:
    """Per sprint, per (added mid-sprint, Done): [stories, points]."""
    query = (
        select(
            SprintStoryRow.sprint_id,
            SprintStoryRow.added_mid_sprint,
            SprintStoryRow.done.is_(True),
            func.count(),
            func.coalesce(func.sum(SprintStoryRow.points), 0.0),
        )
        .join(SprintRow, SprintRow.id == SprintStoryRow.sprint_id)
        .where(SprintRow.team_id == team_id)
        .group_by(
            SprintStoryRow.sprint_id, SprintStoryRow.added_mid_sprint, SprintStoryRow.done.is_(True)
        )
    )
    if scope is not None:
        query = query.where(SprintStoryRow.sprint_id.in_(scope))
    out: dict[int, dict[tuple[bool, bool], list[float]]] = defaultdict(dict)
    for sid, added, done, n, pts in session.execute(query):
        cell = out[int(sid)].setdefault((bool(added), bool(done)), [0.0, 0.0])
        cell[0] += int(n)
        cell[1] += float(pts)
    return out


def _by_sprint(
    starts: Sequence[dt.date], rows: Sequence[tuple[dt.datetime, Waited]]
) -> dict[int, list[Waited]]:
    out: dict[int, list[Waited]] = defaultdict(list)
    for raised, wait in rows:
        index = owning_index(starts, raised.date())
        if index is not None:
            out[index].append(wait)
    return out


def window_of(sprints: Sequence[SprintRow], index: int) -> tuple[dt.datetime, dt.datetime | None]:
    """From the sprint's first day (UTC midnight) to the next sprint's, or open-ended."""
    start = dt.datetime.combine(sprints[index].start_date, dt.time(tzinfo=dt.UTC))
    if index + 1 >= len(sprints):
        return start, None
    return start, dt.datetime.combine(sprints[index + 1].start_date, dt.time(tzinfo=dt.UTC))


def _raised_in(query: Q, raised: Any, window: tuple[dt.datetime, dt.datetime | None] | None) -> Q:
    """``query`` (a select) limited to what was raised inside ``window``, if one is given."""
    if window is None:
        return query
    limited: Any = query
    limited = limited.where(raised >= window[0])
    return cast(Q, limited if window[1] is None else limited.where(raised < window[1]))


def sprint_facts(
    session: Session,
    team_id: TeamId,
    now: dt.datetime,
    only: int | None = None,
    sprints: Sequence[SprintRow] | None = None,
) -> list[tuple[SprintRow, SprintFacts]]:
    """Every sprint of the team with its facts, oldest first (one query per kind of fact).

    Args:
        session: the caller's transaction.
        team_id: the team.
        now: the moment open blockers and decisions are aged to.
        only: a sprint id: that sprint alone, read the same way (History's page).
        sprints: the team's sprints (:func:`team_sprints`), when the caller has read them.
    """
    sprints = team_sprints(session, team_id) if sprints is None else sprints
    chosen = [i for i, s in enumerate(sprints) if only is None or s.id == only]
    if not chosen:
        return []
    starts = [s.start_date for s in sprints]
    scope = None if only is None else [sprints[i].id for i in chosen]
    window = None if only is None else window_of(sprints, chosen[0])
    forecasts = _forecasts(session, team_id, scope)
    lines = _lines(session, team_id, scope)
    blocker_rows = session.execute(
        _raised_in(
            select(BlockerRow.raised_at, BlockerRow.resolved_at).where(
                BlockerRow.team_id == team_id
            ),
            BlockerRow.raised_at,
            window,
        )
    ).all()
    blockers = _by_sprint(
        starts,
        [(r, Waited(_hours(r, done or now), done is not None)) for r, done in blocker_rows],
    )
    decision_rows = session.execute(
        _raised_in(
            select(DecisionRow.raised_at, DecisionRow.decided_at, DecisionRow.acted_on_at).where(
                DecisionRow.team_id == team_id
            ),
            DecisionRow.raised_at,
            window,
        )
    ).all()
    decisions = _by_sprint(
        starts,
        [(r, Waited(_hours(r, acted or now), acted is not None)) for r, _, acted in decision_rows],
    )
    made = _by_sprint(
        starts, [(r, Waited(0, True)) for r, decided, _ in decision_rows if decided is not None]
    )
    runs: dict[int, list[TimeboxRun]] = defaultdict(list)
    run_rows = session.execute(
        select(CeremonyRunRow.sprint_id, CeremonyRunRow.ceremony, CeremonyRunRow.overtime_seconds)
        .where(CeremonyRunRow.team_id == team_id, CeremonyRunRow.ended_at.is_not(None))
        .where(
            CeremonyRunRow.sprint_id.is_not(None)
            if scope is None
            else CeremonyRunRow.sprint_id.in_(scope)
        )
    )
    for sid, ceremony, overtime in run_rows:
        runs[int(sid or 0)].append(TimeboxRun(ceremony, int(overtime or 0)))
    deliveries = _deliveries(session, [sprints[i].id for i in chosen])
    experiments = _experiments(session, team_id, scope)
    out = []
    for index in chosen:
        sprint = sprints[index]
        cells = lines.get(sprint.id, {})

        def cell(added: bool, done: bool) -> list[float]:
            return cells.get((added, done), [0.0, 0.0])  # noqa: B023 (used in this iteration)

        if sprint.id in forecasts:
            f_n, f_pts, c_n, c_pts = forecasts[sprint.id]
        else:
            f_n = int(cell(False, True)[0] + cell(False, False)[0])
            f_pts = cell(False, True)[1] + cell(False, False)[1]
            c_n, c_pts = int(cell(False, True)[0]), cell(False, True)[1]
        deployments, defects = deliveries.get(sprint.id, ((), ()))
        out.append(
            (
                sprint,
                SprintFacts(
                    name=sprint.name,
                    start=sprint.start_date,
                    end=sprint.end_date,
                    state=sprint.state,
                    forecast_stories=f_n,
                    forecast_points=f_pts,
                    completed_stories=c_n,
                    completed_points=c_pts,
                    added_stories=int(cell(True, True)[0] + cell(True, False)[0]),
                    added_done_stories=int(cell(True, True)[0]),
                    added_done_points=cell(True, True)[1],
                    blockers=tuple(blockers.get(index, ())),
                    decisions=tuple(decisions.get(index, ())),
                    decisions_made=len(made.get(index, ())),
                    deployments=deployments,
                    defects=defects,
                    experiment=experiments.get(sprint.id),
                    timeboxes=tuple(runs.get(sprint.id, ())),
                    goal=sprint.goal,
                ),
            )
        )
    return out


def recent_closed_facts(session: Session, team_id: TeamId, last: int) -> list[SprintFacts]:
    """The last ``last`` closed sprints' delivery figures, oldest first, in ONE statement (for
    Home), counted as :func:`sprint_facts` counts them."""
    snapshot = (
        select(func.min(PlanningSnapshotRow.id))
        .where(PlanningSnapshotRow.sprint_id == SprintRow.id)
        .correlate(SprintRow)
        .scalar_subquery()
    )
    line = and_(
        SprintStoryRow.sprint_id == SprintRow.id,
        SprintStoryRow.story_id == SnapshotStoryRow.story_id,
    )
    done = SprintStoryRow.done.is_(True)
    frozen_points = (
        select(func.sum(SnapshotStoryRow.points))
        .where(SnapshotStoryRow.snapshot_id == snapshot)
        .correlate(SprintRow)
        .scalar_subquery()
    )
    frozen_stories = (
        select(func.count())
        .select_from(SnapshotStoryRow)
        .where(SnapshotStoryRow.snapshot_id == snapshot)
        .correlate(SprintRow)
        .scalar_subquery()
    )
    frozen_done = (
        select(func.count(), func.sum(SnapshotStoryRow.points))
        .select_from(SnapshotStoryRow)
        .join(SprintStoryRow, line)
        .where(SnapshotStoryRow.snapshot_id == snapshot, done)
        .correlate(SprintRow)
    )

    def lines(added: bool, only_done: bool, what: Any) -> Any:
        query = select(what).where(
            SprintStoryRow.sprint_id == SprintRow.id, SprintStoryRow.added_mid_sprint.is_(added)
        )
        if only_done:
            query = query.where(done)
        return query.correlate(SprintRow).scalar_subquery()

    count, points = func.count(), func.sum(SprintStoryRow.points)
    query = (
        select(
            SprintRow.name,
            SprintRow.start_date,
            SprintRow.end_date,
            frozen_stories,
            frozen_points,
            frozen_done.with_only_columns(func.count()).scalar_subquery(),
            frozen_done.with_only_columns(func.sum(SnapshotStoryRow.points)).scalar_subquery(),
            lines(False, False, count),
            lines(False, False, points),
            lines(False, True, count),
            lines(False, True, points),
            lines(True, False, count),
            lines(True, True, count),
            lines(True, True, points),
        )
        .where(SprintRow.team_id == team_id, SprintRow.state == "closed")
        .order_by(SprintRow.start_date.desc(), SprintRow.id.desc())
        .limit(last)
    )
    out = []
    for row in session.execute(query):
        name, start, end, f_n, f_pts, c_n, c_pts, l_n, l_pts, ld_n, ld_pts, a_n, ad_n, ad_pts = row
        frozen = bool(f_n)  # a snapshot with stories: the forecast it froze
        out.append(
            SprintFacts(
                name=name,
                start=start,
                end=end,
                state="closed",
                forecast_stories=int(f_n if frozen else l_n or 0),
                forecast_points=float((f_pts if frozen else l_pts) or 0.0),
                completed_stories=int((c_n if frozen else ld_n) or 0),
                completed_points=float((c_pts if frozen else ld_pts) or 0.0),
                added_stories=int(a_n or 0),
                added_done_stories=int(ad_n or 0),
                added_done_points=float(ad_pts or 0.0),
            )
        )
    return out[::-1]
