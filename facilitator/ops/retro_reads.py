"""Reads of the retrospective, inside a transaction or in one of their own: what the retro
screen shows (:class:`RetroView`), which sprint a new retro looks back on, and the experiment
still waiting for its evaluation (Home and the navigation badge). The actions are in
:mod:`facilitator.ops.retro`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from facilitator.domain.ceremony_run import RunState
from facilitator.domain.experiment import Experiment
from facilitator.domain.ids import RunId, TeamId
from facilitator.domain.model import Member, Sprint, SprintState
from facilitator.domain.retro import Retro
from facilitator.domain.timebox import Ceremony
from facilitator.errors import InputError, RuleViolation
from facilitator.store.ceremony_repository import CeremonyRepository
from facilitator.store.db import Store
from facilitator.store.planning_repository import PlanningRepository
from facilitator.store.repositories import TeamRepository
from facilitator.store.retro_repository import RetroRepository

RETRO = Ceremony.RETRO


@dataclass(frozen=True, slots=True)
class RetroView:
    """Everything the retro screen shows, read in one transaction.

    Attributes:
        run: the retro's ceremony run (its timer, one agenda item per phase).
        retro: the retrospective as it stands.
        members: the team's active members (note writers, voters, possible owners).
    """

    run: RunState
    retro: Retro
    members: tuple[Member, ...]

    @property
    def run_id(self) -> RunId:
        """The retro's run."""
        return self.run.run_id


def sprint_to_look_back_on(session: Session, team_id: TeamId, today: dt.date) -> Sprint:
    """The sprint just ended (or ending today): the latest one that has started.

    Raises:
        RuleViolation: no sprint of the team has started yet.
    """
    started = [
        s
        for s in PlanningRepository(session).sprints(team_id)
        if s.state is not SprintState.PLANNED and s.start <= today
    ]
    if not started:
        raise RuleViolation(
            "No sprint to look back on yet: a retrospective follows a sprint that has started"
        )
    return max(started, key=lambda s: (s.end, s.id))


def retro_in(session: Session, run_id: RunId) -> Retro:
    """The retro of ``run_id`` inside the caller's transaction.

    Raises:
        InputError: the run is not (or no longer) a retrospective.
    """
    retro = RetroRepository(session).get(run_id)
    if retro is None:
        raise InputError(f"The retrospective {run_id} no longer exists")
    return retro


def view_in(session: Session, run: RunState, retro: Retro | None = None) -> RetroView:
    """The screen's view of ``run`` inside the caller's transaction (``retro``: as the action
    just wrote it, else read)."""
    members = tuple(TeamRepository(session).members(run.team_id))
    return RetroView(run, retro or retro_in(session, run.run_id), members)


def load_retro(store: Store, team_id: TeamId) -> RetroView | None:
    """The team's open retrospective, in one transaction; None when none is under way."""
    with store.read_session() as session:
        run = CeremonyRepository(session).open_run(team_id, RETRO)
        if run is None or RetroRepository(session).get(run.run_id) is None:
            return None
        return view_in(session, run)


def unevaluated_in(session: Session, team_id: TeamId) -> Experiment | None:
    """The last retro's experiment while no later retro has evaluated it, else None."""
    latest = RetroRepository(session).latest_experiment(team_id)
    return None if latest is None or latest.evaluated else latest


def unevaluated_words(experiment: Experiment | None) -> str:
    """``Last retro's experiment “…” (Ana) is not evaluated yet`` or an empty text."""
    if experiment is None:
        return ""
    return (
        f"Last retro's experiment “{experiment.change}” ({experiment.owner}) is not evaluated "
        "yet: the next retrospective starts with it"
    )
