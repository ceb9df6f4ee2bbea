"""Repository of team timebox defaults, presenter settings and the timebox history of runs.

The runs themselves (timer, position, queue, change log) are in :mod:`ceremony_repository`.

Datetimes are aware UTC both ways (see :class:`facilitator.store.types.UtcDateTime`).
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from facilitator.domain.ids import TeamId
from facilitator.domain.timebox import Ceremony
from facilitator.domain.timebox_records import PresenterSettings, SessionId, SessionRecord
from facilitator.store.ceremony_repository import timer_of
from facilitator.store.models import (
    AgendaItemRow,
    CeremonyRunRow,
    TeamPresenterSettingRow,
    TeamTimeboxDefaultRow,
)


class TimeboxRepository:
    """Per-team timer preferences and what past runs took."""

    def __init__(self, session: Session) -> None:
        """Work inside ``session`` (the caller commits)."""
        self.session = session

    # --- team preferences -------------------------------------------------------------------
    def team_defaults(self, team_id: TeamId) -> dict[Ceremony, int]:
        """Timebox minutes the team chose, by ceremony (ceremonies without a choice are absent)."""
        query = select(TeamTimeboxDefaultRow).where(TeamTimeboxDefaultRow.team_id == team_id)
        return {Ceremony(row.ceremony): row.minutes for row in self.session.scalars(query)}

    def set_team_default(self, team_id: TeamId, ceremony: Ceremony, minutes: int | None) -> None:
        """Store the team's timebox for ``ceremony``; None returns to the rule-9 default."""
        row = self.session.get(TeamTimeboxDefaultRow, (team_id, ceremony.value))
        if minutes is None:
            if row is not None:
                self.session.delete(row)
        elif row is None:
            self.session.add(
                TeamTimeboxDefaultRow(team_id=team_id, ceremony=ceremony.value, minutes=minutes)
            )
        else:
            row.minutes = minutes

    def settings(self, team_id: TeamId) -> PresenterSettings:
        """The team's presenter settings (defaults when never saved)."""
        row = self.session.get(TeamPresenterSettingRow, team_id)
        if row is None:
            return PresenterSettings()
        return PresenterSettings(row.scale, row.high_contrast, row.sound, row.warn_seconds)

    def save_settings(self, team_id: TeamId, settings: PresenterSettings) -> None:
        """Store the team's presenter settings."""
        row = self.session.get(TeamPresenterSettingRow, team_id)
        if row is None:
            row = TeamPresenterSettingRow(team_id=team_id)
            self.session.add(row)
        row.scale = settings.scale
        row.high_contrast = settings.high_contrast
        row.sound = settings.sound
        row.warn_seconds = settings.warn_seconds

    # --- history ----------------------------------------------------------------------------
    def recent_actuals(
        self, team_id: TeamId, ceremony: Ceremony, sessions: int
    ) -> dict[str, list[float]]:
        """Seconds each agenda title took in the last ``sessions`` finished sessions.

        Titles are keyed case-insensitively; lists are newest first.
        """
        recent = (
            select(CeremonyRunRow.id)
            .where(
                CeremonyRunRow.team_id == team_id,
                CeremonyRunRow.ceremony == ceremony.value,
                CeremonyRunRow.ended_at.is_not(None),
            )
            .order_by(CeremonyRunRow.ended_at.desc())
            .limit(sessions)
        )
        ids = list(self.session.scalars(recent))
        order = {session_id: rank for rank, session_id in enumerate(ids)}
        rows = self.session.execute(
            select(AgendaItemRow.run_id, AgendaItemRow.title, AgendaItemRow.elapsed_seconds).where(
                AgendaItemRow.run_id.in_(ids)
            )
        ).all()
        actuals: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for session_id, title, elapsed in rows:
            if elapsed > 0:
                actuals[title.strip().casefold()].append((order[session_id], elapsed))
        return {title: [v for _, v in sorted(values)] for title, values in actuals.items()}

    def records(self, team_id: TeamId, ceremony: Ceremony | None = None) -> list[SessionRecord]:
        """Every session of a team (optionally one ceremony), newest first."""
        query = select(CeremonyRunRow).where(CeremonyRunRow.team_id == team_id)
        if ceremony is not None:
            query = query.where(CeremonyRunRow.ceremony == ceremony.value)
        result = []
        for row in self.session.scalars(query.order_by(CeremonyRunRow.id.desc())):
            state = timer_of(self.session, row)
            end = state.ended_at or state.running_since or state.started_at
            elapsed = state.total_elapsed(end) if end else 0.0
            result.append(
                SessionRecord(
                    session_id=SessionId(row.id),
                    ceremony=state.ceremony,
                    started_at=state.started_at,
                    ended_at=state.ended_at,
                    timebox_seconds=row.timebox_seconds,
                    extension_minutes=sum(e.minutes for e in state.extensions),
                    elapsed_seconds=elapsed,
                    overtime_seconds=row.overtime_seconds or 0,
                )
            )
        return result
