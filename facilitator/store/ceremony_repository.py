"""Repository of ceremony runs: timer, position, phase, queue and the change log, as RunState.

Every query of a run lives here; ops call it inside their one transaction.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from facilitator.domain.ceremony_run import RunPhase, RunState
from facilitator.domain.ids import RunId, SprintId, StoryId, TeamId
from facilitator.domain.timebox import AgendaItem, Ceremony, Extension, TimerState
from facilitator.store.models import AgendaItemRow, CeremonyRunRow, RunChangeRow, TimerExtensionRow


def timer_of(session: Session, row: CeremonyRunRow) -> TimerState:
    """The timer state stored for the run ``row``."""
    items = list(
        session.scalars(
            select(AgendaItemRow)
            .where(AgendaItemRow.run_id == row.id)
            .order_by(AgendaItemRow.position)
        )
    )
    extensions = session.scalars(
        select(TimerExtensionRow)
        .where(TimerExtensionRow.run_id == row.id)
        .order_by(TimerExtensionRow.id)
    )
    return TimerState(
        ceremony=Ceremony(row.ceremony),
        items=tuple(AgendaItem(item.title, item.timebox_seconds) for item in items),
        elapsed=tuple(item.elapsed_seconds for item in items),
        current=row.current_item,
        running_since=row.running_since,
        started_at=row.started_at,
        ended_at=row.ended_at,
        extensions=tuple(
            Extension(ext.position, ext.minutes, ext.reason, ext.at) for ext in extensions
        ),
        warn_seconds=row.warn_seconds,
    )


class CeremonyRepository:
    """Runs of every ceremony, read and written whole as :class:`RunState`."""

    def __init__(self, session: Session) -> None:
        """Work inside ``session`` (the caller commits)."""
        self.session = session

    def get(self, run_id: RunId) -> RunState | None:
        """One run, or None."""
        row = self.session.get(CeremonyRunRow, run_id)
        return None if row is None else self._state(row)

    def open_run(self, team_id: TeamId, ceremony: Ceremony) -> RunState | None:
        """The team's run of ``ceremony`` under way (walking first, then the newest), or None."""
        query = (
            select(CeremonyRunRow)
            .where(
                CeremonyRunRow.team_id == team_id,
                CeremonyRunRow.ceremony == ceremony.value,
                CeremonyRunRow.ended_at.is_(None),
            )
            # A walking run first: the one the room is in, should an old one be left open too.
            .order_by(
                (CeremonyRunRow.phase == RunPhase.WALK.value).desc(), CeremonyRunRow.id.desc()
            )
            .limit(1)
        )
        row = self.session.scalars(query).first()
        return None if row is None else self._state(row)

    def _state(self, row: CeremonyRunRow) -> RunState:
        return RunState(
            run_id=RunId(row.id),
            ceremony=Ceremony(row.ceremony),
            team_id=TeamId(row.team_id),
            timer=timer_of(self.session, row),
            position=row.position,
            phase=RunPhase(row.phase),
            queue=tuple(StoryId(int(i)) for i in json.loads(row.queue)),
            changes=tuple(self.changes(RunId(row.id))),
            sprint_id=None if row.sprint_id is None else SprintId(row.sprint_id),
            version=row.version,
        )

    def changes(self, run_id: RunId) -> list[str]:
        """The run's change log, oldest first, in words."""
        query = select(RunChangeRow.text).where(RunChangeRow.run_id == run_id)
        return list(self.session.scalars(query.order_by(RunChangeRow.id)))

    def create(
        self,
        team_id: TeamId,
        sprint_id: SprintId | None,
        timer: TimerState,
        phase: RunPhase,
        queue: tuple[StoryId, ...] = (),
    ) -> RunState:
        """Store a new run with its agenda; returns it as stored."""
        row = CeremonyRunRow(
            team_id=team_id,
            sprint_id=sprint_id,
            ceremony=timer.ceremony.value,
            timebox_seconds=sum(item.timebox_seconds for item in timer.items),
            position=0,
            phase=phase.value,
            queue=json.dumps([int(i) for i in queue]),
        )
        self._fill_timer(row, timer)
        self.session.add(row)
        self.session.flush()
        for position, item in enumerate(timer.items):
            self.session.add(
                AgendaItemRow(
                    run_id=row.id,
                    position=position,
                    title=item.title,
                    timebox_seconds=item.timebox_seconds,
                    elapsed_seconds=timer.elapsed[position],
                )
            )
        self._add_extensions(row.id, timer.extensions)
        self.session.flush()
        return RunState(
            run_id=RunId(row.id),
            ceremony=timer.ceremony,
            team_id=team_id,
            timer=timer,
            phase=phase,
            queue=queue,
            sprint_id=sprint_id,
            version=row.version,
        )

    def save(self, state: RunState) -> RunState:
        """Write a run's new state (extensions and change lines are only ever added).

        Raises:
            LookupError: the run no longer exists.
        """
        row = self.session.get(CeremonyRunRow, state.run_id)
        if row is None:
            raise LookupError(f"No ceremony run {state.run_id}")
        self._fill_timer(row, state.timer)
        row.position = state.position
        row.phase = state.phase.value
        row.queue = json.dumps([int(i) for i in state.queue])
        items = self.session.scalars(select(AgendaItemRow).where(AgendaItemRow.run_id == row.id))
        for item in items:
            item.elapsed_seconds = state.timer.elapsed[item.position]
        stored = self.session.scalars(
            select(TimerExtensionRow.id).where(TimerExtensionRow.run_id == row.id)
        ).all()
        self._add_extensions(row.id, state.timer.extensions[len(stored) :])
        self.session.flush()
        return replace(state, version=row.version)  # as written: nothing to read back

    def log(
        self, run_id: RunId, story_id: StoryId | None, kind: str, text: str, at: dt.datetime
    ) -> None:
        """Add a line to the run's change log."""
        self.session.add(
            RunChangeRow(run_id=run_id, story_id=story_id, at=at, kind=kind, text=text)
        )

    def _fill_timer(self, row: CeremonyRunRow, timer: TimerState) -> None:
        row.warn_seconds = timer.warn_seconds
        row.current_item = timer.current
        row.running_since = timer.running_since
        row.started_at = timer.started_at
        row.ended_at = timer.ended_at
        if timer.ended_at is not None:
            row.overtime_seconds = timer.overtime_seconds(timer.ended_at)

    def _add_extensions(self, run_id: int, extensions: tuple[Extension, ...]) -> None:
        for ext in extensions:
            self.session.add(
                TimerExtensionRow(
                    run_id=run_id,
                    position=ext.item_index,
                    minutes=ext.minutes,
                    reason=ext.reason,
                    at=ext.at,
                )
            )
