"""Timebox use cases: the timer's view of a ceremony run, and the team's timer preferences.

The clock's actions are the run's (:mod:`facilitator.ops.ceremony`); the functions here take
and return the timer widget's :class:`TimerView`, each one action in one transaction.
Because every action re-reads the stored run, two windows on the same database never undo
each other's pause or extension.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from facilitator.domain.ceremony_run import RunState
from facilitator.domain.ids import RunId, TeamId
from facilitator.domain.timebox import (
    DEFAULT_WARN_SECONDS,
    SUGGESTION_SAMPLES,
    AgendaItem,
    Ceremony,
    TimerState,
    default_timebox_minutes,
)
from facilitator.domain.timebox_records import PresenterSettings, suggest_seconds
from facilitator.errors import InputError
from facilitator.ops import ceremony as ceremony_ops
from facilitator.ops.changes import ActionContext
from facilitator.store.ceremony_repository import CeremonyRepository
from facilitator.store.db import Store
from facilitator.store.repositories import TeamRepository
from facilitator.store.timebox_repository import TimeboxRepository


@dataclass(frozen=True, slots=True)
class TimerView:
    """Everything the timer widget shows for one team and ceremony.

    ``run_id`` is None until the ceremony starts: looking at a timer writes nothing.
    ``suggestions`` holds, per agenda item, what the item actually took in the team's recent
    runs (None without history); ``defaults`` holds the item timeboxes from the team's
    default so the facilitator can compare and pick.
    """

    team_id: TeamId
    ceremony: Ceremony
    run_id: RunId | None
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
    with store.read_session() as session:
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
    """The clock of the team's open run of ``ceremony``, else a planned one not yet saved.

    Args:
        store: the database.
        team_id: which team.
        ceremony: which ceremony.
        agenda: (title, share of the timebox) pairs for a new run; the ceremony's default
            agenda when None. Ignored when a run is already under way.

    Raises:
        InputError: the team does not exist, or the agenda is empty.
    """
    with store.read_session() as session:  # a visit never waits for another program's write
        repo = TimeboxRepository(session)
        settings = repo.settings(team_id)
        planned = ceremony_ops.plan_in(session, team_id, ceremony, agenda, settings.warn_seconds)
        found = CeremonyRepository(session).open_run(team_id, ceremony)
        actuals = repo.recent_actuals(team_id, ceremony, SUGGESTION_SAMPLES)
    return _view(team_id, ceremony, found, planned, settings, actuals)


def _view(
    team_id: TeamId,
    ceremony: Ceremony,
    found: RunState | None,
    planned: TimerState,
    settings: PresenterSettings,
    actuals: dict[str, list[float]],
) -> TimerView:
    state = planned if found is None else found.timer
    defaults = tuple(_default_for(item, planned) or item.timebox_seconds for item in state.items)
    suggestions = tuple(
        suggest_seconds(actuals.get(item.title.strip().casefold(), [])) for item in state.items
    )
    run_id = None if found is None else found.run_id
    return TimerView(team_id, ceremony, run_id, state, settings, defaults, suggestions)


def with_run(view: TimerView, run: RunState | None) -> TimerView:
    """``view`` showing ``run``'s clock (an action's committed run); unchanged when None."""
    if run is None or run.team_id != view.team_id or run.ceremony is not view.ceremony:
        return view
    return replace(view, run_id=run.run_id, state=run.timer)


def _default_for(item: AgendaItem, planned: TimerState) -> int | None:
    return next((p.timebox_seconds for p in planned.items if p.title == item.title), None)


def _ctx(view: TimerView, now: dt.datetime) -> ActionContext:
    return ActionContext(now, view.team_id, view.run_id)


def _after(view: TimerView, changes: ceremony_ops.RunChanges) -> TimerView:
    return with_run(view, changes.run)


def start_timer(store: Store, view: TimerView, now: dt.datetime) -> TimerView:
    """Start the ceremony's run with the planned clock, or resume it when paused."""
    return _after(view, start_action(view)(store, _ctx(view, now)))


def start_action(view: TimerView) -> Callable[[Store, ActionContext], ceremony_ops.RunChanges]:
    """The action that starts ``view``'s clock: a new run with its plan, or the run's resume."""
    if view.run_id is None:
        return lambda store, ctx: ceremony_ops.start_run(store, ctx, view.ceremony, plan=view.state)
    return ceremony_ops.start_timer


def pause_timer(store: Store, view: TimerView, now: dt.datetime) -> TimerView:
    """Pause the clock."""
    return _after(view, ceremony_ops.pause_timer(store, _ctx(view, now)))


def extend_action(
    view: TimerView, minutes: int, reason: str
) -> Callable[[Store, ActionContext], ceremony_ops.RunChanges]:
    """The action that extends ``view``'s current item (saving a paused run when none is)."""
    if view.run_id is None:
        return lambda store, ctx: ceremony_ops.extend_planned(
            store, ctx, view.state, minutes, reason
        )
    return lambda store, ctx: ceremony_ops.extend_timer(store, ctx, minutes, reason)


def extend_timer(
    store: Store, view: TimerView, minutes: int, reason: str, now: dt.datetime
) -> TimerView:
    """Give the current agenda item more minutes, recording the reason.

    Raises:
        RuleViolation: minutes out of range or no reason.
    """
    return _after(view, extend_action(view, minutes, reason)(store, _ctx(view, now)))


def next_item(store: Store, view: TimerView, now: dt.datetime) -> TimerView:
    """Move to the next agenda item (before the start: only on the planned clock).

    Raises:
        RuleViolation: the current item is the last one.
    """
    if view.run_id is None:
        return replace(view, state=view.state.next_item(now))
    return _after(view, ceremony_ops.next_item(store, _ctx(view, now)))


def finish_timer(store: Store, view: TimerView, now: dt.datetime) -> TimerView:
    """End the run with its clock; the run's record is what History reports."""
    if view.run_id is None:
        raise InputError("Start the timer first")
    return _after(view, ceremony_ops.finish_run(store, _ctx(view, now)))


def choose_timeboxes(view: TimerView, seconds: Sequence[int]) -> TimerView:
    """Pick the item timeboxes (defaults or suggestions) before the ceremony starts.

    Raises:
        RuleViolation: the ceremony already started.
    """
    if view.run_id is not None:
        # Saved but not started cannot happen: runs are saved when they start.
        raise InputError("The ceremony already started; extend instead")
    return replace(view, state=view.state.with_timeboxes(seconds))
