"""Timebox use cases: load a ceremony's timer, start, pause, extend, next, finish, preferences.

Each function is one user action in one transaction: load the stored state, apply the domain
rule at ``now``, save, return the new state. Because every action re-reads the stored state,
two windows on the same database never undo each other's pause or extension.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from facilitator.domain.ids import TeamId
from facilitator.domain.timebox import (
    DEFAULT_WARN_SECONDS,
    SUGGESTION_SAMPLES,
    AgendaItem,
    Ceremony,
    TimerState,
    default_timebox_minutes,
    split_agenda,
)
from facilitator.domain.timebox_records import (
    PresenterSettings,
    SessionId,
    suggest_seconds,
)
from facilitator.errors import InputError
from facilitator.store.db import Store
from facilitator.store.repositories import SprintRepository, TeamRepository
from facilitator.store.timebox_repository import TimeboxRepository


@dataclass(frozen=True, slots=True)
class TimerView:
    """Everything the timer widget shows for one team and ceremony.

    ``session_id`` is None until the ceremony starts: looking at a timer writes nothing.
    ``suggestions`` holds, per agenda item, what the item actually took in the team's recent
    sessions (None without history); ``defaults`` holds the item timeboxes from the team's
    default so the facilitator can compare and pick.
    """

    team_id: TeamId
    ceremony: Ceremony
    session_id: SessionId | None
    state: TimerState
    settings: PresenterSettings
    defaults: tuple[int, ...]
    suggestions: tuple[int | None, ...]

    @property
    def has_suggestion(self) -> bool:
        """Whether history suggests timeboxes different from the defaults."""
        return any(
            s is not None and s != d for s, d in zip(self.suggestions, self.defaults, strict=True)
        )


def ceremony_minutes(store: Store, team_id: TeamId) -> dict[Ceremony, tuple[int, int]]:
    """Per ceremony: (the team's timebox in minutes, the rule-9 default for its sprint length).

    Raises:
        InputError: the team does not exist.
    """
    with store.session() as session:
        team = TeamRepository(session).get(team_id)
        if team is None:
            raise InputError(f"No team with id {team_id}")
        chosen = TimeboxRepository(session).team_defaults(team_id)
    result = {}
    for ceremony in Ceremony:
        rule = default_timebox_minutes(ceremony, team.sprint_length_days)
        result[ceremony] = (chosen.get(ceremony, rule), rule)
    return result


def set_ceremony_minutes(
    store: Store, team_id: TeamId, ceremony: Ceremony, minutes: int | None
) -> None:
    """Change a team's default timebox for a ceremony (None: back to the rule-9 default).

    Raises:
        InputError: minutes outside 1–480.
    """
    if minutes is not None and not 1 <= minutes <= MAX_TIMEBOX_MINUTES:
        raise InputError(f"Timebox: {minutes} min is outside 1–{MAX_TIMEBOX_MINUTES}")
    with store.session() as session:
        TimeboxRepository(session).set_team_default(team_id, ceremony, minutes)


def presenter_settings(store: Store, team_id: TeamId) -> PresenterSettings:
    """The team's presenter settings."""
    with store.session() as session:
        return TimeboxRepository(session).settings(team_id)


MIN_WARN_MINUTES = 1
MAX_WARN_MINUTES = 60
MAX_TIMEBOX_MINUTES = 480


def update_presenter_settings(
    store: Store, team_id: TeamId, change: Callable[[PresenterSettings], PresenterSettings]
) -> PresenterSettings:
    """Apply ``change`` to the stored settings in one transaction and return the result.

    Each caller changes only its own field (scale, contrast, sound, warning), so a stale copy
    held by one widget never undoes what another widget saved.
    """
    with store.session() as session:
        repo = TimeboxRepository(session)
        settings = change(repo.settings(team_id))
        repo.save_settings(team_id, settings)
    return settings


def set_warning_minutes(store: Store, team_id: TeamId, minutes: int | None) -> PresenterSettings:
    """Change when the timer warns before the end (None: back to the 2-minute default).

    Raises:
        InputError: minutes outside 1–60.
    """
    if minutes is not None and not MIN_WARN_MINUTES <= minutes <= MAX_WARN_MINUTES:
        raise InputError(f"Warning: {minutes} min is outside {MIN_WARN_MINUTES}–{MAX_WARN_MINUTES}")
    seconds = DEFAULT_WARN_SECONDS if minutes is None else minutes * 60
    return update_presenter_settings(store, team_id, lambda s: replace(s, warn_seconds=seconds))


def load_timer(
    store: Store,
    team_id: TeamId,
    ceremony: Ceremony,
    agenda: Sequence[tuple[str, float]] | None = None,
) -> TimerView:
    """The team's running (or paused) session of ``ceremony``, else a planned one not yet saved.

    Args:
        store: the database.
        team_id: which team.
        ceremony: which ceremony.
        agenda: (title, share of the timebox) pairs for a new session; the ceremony's default
            agenda when None. Ignored when a session is already under way.

    Raises:
        InputError: the team does not exist, or the agenda is empty.
    """
    minutes = ceremony_minutes(store, team_id)[ceremony][0]
    with store.session() as session:
        repo = TimeboxRepository(session)
        settings = repo.settings(team_id)
        found = repo.open_session(team_id, ceremony)
        actuals = repo.recent_actuals(team_id, ceremony, SUGGESTION_SAMPLES)
    planned = _planned(ceremony, minutes, agenda, settings.warn_seconds)
    if found is not None:
        session_id: SessionId | None = found[0]
        state = found[1]
    else:
        session_id, state = None, planned
    defaults = tuple(_default_for(item, planned) or item.timebox_seconds for item in state.items)
    suggestions = tuple(
        suggest_seconds(actuals.get(item.title.strip().casefold(), [])) for item in state.items
    )
    return TimerView(team_id, ceremony, session_id, state, settings, defaults, suggestions)


def _default_for(item: AgendaItem, planned: TimerState) -> int | None:
    return next((p.timebox_seconds for p in planned.items if p.title == item.title), None)


def _planned(
    ceremony: Ceremony,
    minutes: int,
    agenda: Sequence[tuple[str, float]] | None,
    warn_seconds: int,
) -> TimerState:
    if agenda is None:
        items = split_agenda(ceremony, minutes)
    else:
        if not agenda:
            raise InputError("Agenda: add at least one item")
        total = sum(share for _, share in agenda) or 1.0
        items = tuple(
            AgendaItem(title, max(60, round(minutes * 60 * share / total / 60) * 60))
            for title, share in agenda
        )
    return TimerState(ceremony, items, warn_seconds=warn_seconds)


def start_timer(store: Store, view: TimerView, now: dt.datetime) -> TimerView:
    """Start the ceremony (saving the session) or resume it when paused."""
    if view.session_id is not None:
        return replace(view, state=_apply(store, view.session_id, lambda s: s.start(now)))
    state = view.state.start(now)
    with store.session() as session:
        sprint = SprintRepository(session).current(view.team_id)
        session_id = TimeboxRepository(session).create(
            view.team_id, sprint.id if sprint else None, state
        )
    return replace(view, session_id=session_id, state=state)


def _apply(
    store: Store, session_id: SessionId, action: Callable[[TimerState], TimerState]
) -> TimerState:
    with store.session() as session:
        repo = TimeboxRepository(session)
        current = repo.get(session_id)
        if current is None:
            raise InputError(f"The ceremony session {session_id} no longer exists")
        state = action(current)
        if state is not current:
            repo.save(session_id, state)
    return state


def _saved(view: TimerView) -> SessionId:
    if view.session_id is None:
        raise InputError("Start the timer first")
    return view.session_id


def pause_timer(store: Store, view: TimerView, now: dt.datetime) -> TimerView:
    """Pause the clock."""
    return replace(view, state=_apply(store, _saved(view), lambda s: s.pause(now)))


def extend_timer(
    store: Store, view: TimerView, minutes: int, reason: str, now: dt.datetime
) -> TimerView:
    """Give the current agenda item more minutes, recording the reason.

    Raises:
        RuleViolation: minutes out of range or no reason.
    """
    view.state.extend(minutes, reason, now)  # validate before touching the database
    if view.session_id is None:
        view = start_timer(store, view, now)
        view = pause_timer(store, view, now)
    return replace(
        view, state=_apply(store, _saved(view), lambda s: s.extend(minutes, reason, now))
    )


def next_item(store: Store, view: TimerView, now: dt.datetime) -> TimerView:
    """Move to the next agenda item.

    Raises:
        RuleViolation: the current item is the last one.
    """
    if view.session_id is None:
        return replace(view, state=view.state.next_item(now))
    return replace(view, state=_apply(store, view.session_id, lambda s: s.next_item(now)))


def finish_timer(store: Store, view: TimerView, now: dt.datetime) -> TimerView:
    """End the ceremony; the session's record is what History reports."""
    return replace(view, state=_apply(store, _saved(view), lambda s: s.finish(now)))


def choose_timeboxes(view: TimerView, seconds: Sequence[int]) -> TimerView:
    """Pick the item timeboxes (defaults or suggestions) before the ceremony starts.

    Raises:
        RuleViolation: the ceremony already started.
    """
    if view.session_id is not None:
        # Saved but not started cannot happen: sessions are saved when they start.
        raise InputError("The ceremony already started; extend instead")
    return replace(view, state=view.state.with_timeboxes(seconds))
