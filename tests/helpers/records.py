"""What the database holds about ceremony sessions (read straight from the repository)."""

from __future__ import annotations

from facilitator.domain.ids import TeamId
from facilitator.domain.timebox import Ceremony
from facilitator.domain.timebox_records import SessionRecord
from facilitator.store.db import Store
from facilitator.store.timebox_repository import TimeboxRepository


def session_records(
    store: Store, team_id: TeamId, ceremony: Ceremony | None = None
) -> list[SessionRecord]:
    """Every ceremony session of a team as stored, newest first."""
    with store.session() as session:
        return TimeboxRepository(session).records(team_id, ceremony)
