"""Repository of ceremony sessions, their timers, team timebox defaults and presenter settings.

Datetimes are aware UTC both ways (see :class:`facilitator.store.types.UtcDateTime`).
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from facilitator.domain.ids import SprintId, TeamId
from facilitator.domain.timebox import AgendaItem, Ceremony, Extension, TimerState
from facilitator.domain.timebox_records import PresenterSettings, SessionId, SessionRecord
from facilitator.store.models import (
    AgendaItemRow,
    CeremonySessionRow,
    TeamPresenterSettingRow,
    TeamTimeboxDefaultRow,
    TimerExtensionRow,
)


class TimeboxRepository:
    """Ceremony sessions with their agenda, extensions and per-team timer preferences."""

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

    # --- sessions ---------------------------------------------------------------------------
    def open_session(
        self, team_id: TeamId, ceremony: Ceremony
    ) -> tuple[SessionId, TimerState] | None:
        """The team's unfinished session of ``ceremony`` (the newest), or None."""
        query = (
            select(CeremonySessionRow)
            .where(
                CeremonySessionRow.team_id == team_id,
                CeremonySessionRow.ceremony == ceremony.value,
                CeremonySessionRow.ended_at.is_(None),
            )
            .order_by(CeremonySessionRow.id.desc())
            .limit(1)
        )
        row = self.session.scalars(query).first()
        if row is None:
            return None
        return SessionId(row.id), self._state(row)

    def get(self, session_id: SessionId) -> TimerState | None:
        """One session's timer state, or None."""
        row = self.session.get(CeremonySessionRow, session_id)
        return None if row is None else self._state(row)

    def _state(self, row: CeremonySessionRow) -> TimerState:
        items = list(
            self.session.scalars(
                select(AgendaItemRow)
                .where(AgendaItemRow.session_id == row.id)
                .order_by(AgendaItemRow.position)
            )
        )
        extensions = self.session.scalars(
            select(TimerExtensionRow)
            .where(TimerExtensionRow.session_id == row.id)
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

    def create(self, team_id: TeamId, sprint_id: SprintId | None, state: TimerState) -> SessionId:
        """Store a new session with its agenda."""
        row = CeremonySessionRow(
            team_id=team_id,
            sprint_id=sprint_id,
            ceremony=state.ceremony.value,
            timebox_seconds=sum(item.timebox_seconds for item in state.items),
        )
        self._fill(row, state)
        self.session.add(row)
        self.session.flush()
        for position, item in enumerate(state.items):
            self.session.add(
                AgendaItemRow(
                    session_id=row.id,
                    position=position,
                    title=item.title,
                    timebox_seconds=item.timebox_seconds,
                    elapsed_seconds=state.elapsed[position],
                )
            )
        self._add_extensions(row.id, state.extensions)
        return SessionId(row.id)

    def save(self, session_id: SessionId, state: TimerState) -> None:
        """Write a session's new timer state (extensions are only ever added)."""
        row = self.session.get(CeremonySessionRow, session_id)
        if row is None:
            raise LookupError(f"No ceremony session {session_id}")
        self._fill(row, state)
        items = self.session.scalars(
            select(AgendaItemRow).where(AgendaItemRow.session_id == session_id)
        )
        for item in items:
            item.elapsed_seconds = state.elapsed[item.position]
        stored = self.session.scalars(
            select(TimerExtensionRow.id).where(TimerExtensionRow.session_id == session_id)
        ).all()
        self._add_extensions(session_id, state.extensions[len(stored) :])

    def _fill(self, row: CeremonySessionRow, state: TimerState) -> None:
        row.warn_seconds = state.warn_seconds
        row.current_item = state.current
        row.running_since = state.running_since
        row.started_at = state.started_at
        row.ended_at = state.ended_at
        if state.ended_at is not None:
            row.overtime_seconds = state.overtime_seconds(state.ended_at)

    def _add_extensions(self, session_id: int, extensions: tuple[Extension, ...]) -> None:
        for ext in extensions:
            self.session.add(
                TimerExtensionRow(
                    session_id=session_id,
                    position=ext.item_index,
                    minutes=ext.minutes,
                    reason=ext.reason,
                    at=ext.at,
                )
            )

    def delete(self, session_id: SessionId) -> None:
        """Remove a session and everything recorded in it."""
        self.session.execute(delete(CeremonySessionRow).where(CeremonySessionRow.id == session_id))

    # --- history ----------------------------------------------------------------------------
    def recent_actuals(
        self, team_id: TeamId, ceremony: Ceremony, sessions: int
    ) -> dict[str, list[float]]:
        """Seconds each agenda title took in the last ``sessions`` finished sessions.

        Titles are keyed case-insensitively; lists are newest first.
        """
        recent = (
            select(CeremonySessionRow.id)
            .where(
                CeremonySessionRow.team_id == team_id,
                CeremonySessionRow.ceremony == ceremony.value,
                CeremonySessionRow.ended_at.is_not(None),
            )
            .order_by(CeremonySessionRow.ended_at.desc())
            .limit(sessions)
        )
        ids = list(self.session.scalars(recent))
        order = {session_id: rank for rank, session_id in enumerate(ids)}
        rows = self.session.execute(
            select(
                AgendaItemRow.session_id, AgendaItemRow.title, AgendaItemRow.elapsed_seconds
            ).where(AgendaItemRow.session_id.in_(ids))
        ).all()
        actuals: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for session_id, title, elapsed in rows:
            if elapsed > 0:
                actuals[title.strip().casefold()].append((order[session_id], elapsed))
        return {title: [v for _, v in sorted(values)] for title, values in actuals.items()}

    def records(self, team_id: TeamId, ceremony: Ceremony | None = None) -> list[SessionRecord]:
        """Every session of a team (optionally one ceremony), newest first."""
        query = select(CeremonySessionRow).where(CeremonySessionRow.team_id == team_id)
        if ceremony is not None:
            query = query.where(CeremonySessionRow.ceremony == ceremony.value)
        result = []
        for row in self.session.scalars(query.order_by(CeremonySessionRow.id.desc())):
            state = self._state(row)
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
