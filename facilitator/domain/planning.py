"""Closing sprint planning (rule 3): both sides confirm, then the forecast freezes as a snapshot.

The Product Owner and the delivery lead (the delivery team's tech lead or Scrum master) each
confirm the forecast, as two different people. Planning closes when the forecast has stories and
a sprint goal, every story with an open dependency or risk is acknowledged, and both confirmed;
closing freezes an immutable :class:`Snapshot`. Stories added afterwards are "added mid-sprint"
and never change it. Reopening is an explicit act with a reason; the first snapshot is kept (it
is what History compares with what was delivered), and closing again adds a later one.

A confirmation is for the forecast as it was: any change to the forecast voids confirmations.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum

from facilitator.domain.forecast import Candidate, Forecast, pts
from facilitator.domain.ids import StoryId, TeamId
from facilitator.domain.model import Member, Role
from facilitator.domain.signed import Signed
from facilitator.errors import InputError, RuleViolation

DELIVERY_LEAD_ROLES = (Role.TECH_LEAD, Role.SCRUM_MASTER)


class Confirmer(StrEnum):
    """On whose behalf a confirmation is given."""

    PRODUCT_OWNER = "product_owner"
    DELIVERY_LEAD = "delivery_lead"

    @property
    def label(self) -> str:
        """Human name: ``Product Owner`` or ``delivery lead``."""
        return "Product Owner" if self is Confirmer.PRODUCT_OWNER else "delivery lead"


@dataclass(frozen=True, slots=True)
class Confirmation:
    """One side's agreement to the forecast."""

    confirmer: Confirmer
    role: Role
    signed: Signed

    def words(self) -> str:
        """``Confirmed by Pia (Product Owner) on 2026-03-02 at 10:04 UTC``."""
        return f"Confirmed by {self.signed.name} ({self.confirmer.label}) on {self.signed.when()}"


@dataclass(frozen=True, slots=True)
class CommittedStory:
    """A story as the snapshot froze it: the points it was committed with."""

    story_id: StoryId
    key: str
    title: str
    points: float


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The frozen forecast: what the team committed to when planning closed."""

    sprint: str
    stories: tuple[CommittedStory, ...]
    capacity: float
    goal: str
    confirmations: tuple[Confirmation, ...]
    frozen: Signed

    @property
    def points(self) -> float:
        """Committed points."""
        return sum(s.points for s in self.stories)

    @property
    def keys(self) -> tuple[str, ...]:
        """Keys of the committed stories."""
        return tuple(s.key for s in self.stories)

    def words(self) -> str:
        """``Sprint 14 forecast: 5 stories, 34 / 40 pts, frozen on Mon 2 Mar 2026 …``."""
        count = len(self.stories)
        return (
            f"{self.sprint} forecast: {count} stor{'y' if count == 1 else 'ies'}, "
            f"{pts(self.points)} / {pts(self.capacity)} pts, frozen on {self.frozen.when()}"
        )


@dataclass(frozen=True, slots=True)
class Reopening:
    """Planning reopened after it closed: who, when and why."""

    signed: Signed
    reason: str


@dataclass(frozen=True, slots=True)
class AddedMidSprint:
    """A story added to the sprint after planning closed; it never enters a snapshot."""

    story_id: StoryId
    key: str
    title: str
    points: float | None
    added: Signed


@dataclass(frozen=True, slots=True)
class Planning:
    """The planning of one sprint: the forecast, confirmations, snapshots and later additions.

    Attributes:
        sprint: the sprint's name.
        team_id: the team planning; only its members confirm.
        forecast: the forecast as it stands (frozen while planning is closed).
        confirmations: confirmations of the current forecast.
        snapshots: every frozen snapshot, first one first; the first is never replaced.
        reopenings: every reopening, in order.
        added_mid_sprint: stories added after the first close.
    """

    sprint: str
    team_id: TeamId
    forecast: Forecast
    confirmations: tuple[Confirmation, ...] = ()
    snapshots: tuple[Snapshot, ...] = ()
    reopenings: tuple[Reopening, ...] = ()
    added_mid_sprint: tuple[AddedMidSprint, ...] = ()

    @property
    def closed(self) -> bool:
        """Whether planning is closed (the forecast is frozen)."""
        return self.forecast.frozen

    @property
    def snapshot(self) -> Snapshot | None:
        """The first frozen snapshot, the one History compares with what was delivered."""
        return self.snapshots[0] if self.snapshots else None

    def added_keys(self) -> tuple[str, ...]:
        """Stories added after the first snapshot: pulled after a reopening, or mid-sprint."""
        first = self.snapshot
        if first is None:
            return ()
        later = tuple(k for k in self.forecast.keys if k not in first.keys)
        return (*later, *(a.key for a in self.added_mid_sprint))

    def confirmation(self, confirmer: Confirmer) -> Confirmation | None:
        """The confirmation on ``confirmer``'s behalf, if given."""
        return next((c for c in self.confirmations if c.confirmer is confirmer), None)

    def change(self, act: Callable[[Forecast], Forecast]) -> Planning:
        """Apply a forecast act (e.g. ``lambda f: f.pull(...)``); a change voids confirmations.

        Raises:
            FacilitatorError: whatever the act refuses.
        """
        forecast = act(self.forecast)
        if forecast == self.forecast:
            return self
        return replace(self, forecast=forecast, confirmations=())

    def confirm(self, member: Member, confirmer: Confirmer, signed: Signed) -> Planning:
        """``member`` confirms the forecast as Product Owner or delivery lead.

        Raises:
            RuleViolation: planning is closed; that side or that person already confirmed; the
                member is not an active Product Owner, or tech lead or Scrum master, of the team.
        """
        if self.closed:
            raise RuleViolation("Planning is closed: reopen it to confirm again")
        for given in self.confirmations:
            if given.signed.member_id == member.id:
                raise RuleViolation(
                    f"{member.name} already confirmed as {given.confirmer.label}: the other "
                    "confirmation must come from someone else"
                )
        already = self.confirmation(confirmer)
        if already is not None:
            raise RuleViolation(f"The {confirmer.label} already confirmed: {already.signed.name}")
        _check_confirmer(member, confirmer, self.team_id)
        confirmation = Confirmation(confirmer, member.role, signed)
        return replace(self, confirmations=(*self.confirmations, confirmation))

    def missing_to_close(self) -> tuple[str, ...]:
        """What stops planning from closing, in words; empty when it can close."""
        missing: list[str] = []
        if not self.forecast.entries:
            missing.append("pull at least one story into the forecast")
        if not self.forecast.goal:
            missing.append("write the sprint goal")
        for entry in self.forecast.needing_acknowledgement():
            missing.append(
                f"acknowledge {entry.key} ({'; '.join(entry.open_items)}) with an owner "
                "and a mitigation"
            )
        for confirmer in Confirmer:
            if self.confirmation(confirmer) is None:
                missing.append(f"the {confirmer.label} has not confirmed")
        return tuple(missing)

    def close(self, signed: Signed) -> Planning:
        """Freeze the forecast as a snapshot.

        Raises:
            RuleViolation: planning is already closed, or something in
                :meth:`missing_to_close` is left.
        """
        if self.closed:
            raise RuleViolation("Planning is already closed")
        missing = self.missing_to_close()
        if missing:
            raise RuleViolation("Planning cannot close yet: " + "; ".join(missing))
        forecast = replace(self.forecast, frozen=True)
        snapshot = Snapshot(
            self.sprint,
            tuple(CommittedStory(e.story_id, e.key, e.title, e.points) for e in forecast.entries),
            forecast.capacity,
            forecast.goal,
            self.confirmations,
            signed,
        )
        return replace(self, forecast=forecast, snapshots=(*self.snapshots, snapshot))

    def reopen(self, signed: Signed, reason: str) -> Planning:
        """Reopen closed planning; snapshots are kept and confirmations start over.

        Raises:
            InputError: the reason is empty.
            RuleViolation: planning is not closed.
        """
        if not self.closed:
            raise RuleViolation("Planning is not closed, so there is nothing to reopen")
        why = reason.strip()
        if not why:
            raise InputError("Reason for reopening planning: write why it is reopened")
        return replace(
            self,
            forecast=replace(self.forecast, frozen=False),
            confirmations=(),
            reopenings=(*self.reopenings, Reopening(signed, why)),
        )

    def add_mid_sprint(self, story: Candidate, signed: Signed) -> Planning:
        """Add ``story`` to the sprint after planning closed, without touching any snapshot.

        Raises:
            RuleViolation: planning never closed, or the story is already in the sprint.
        """
        first = self.snapshot
        if first is None:
            raise RuleViolation(
                f"Planning has not closed yet: pull {story.key} into the forecast instead"
            )
        sprint_keys = {*first.keys, *self.forecast.keys, *(a.key for a in self.added_mid_sprint)}
        if story.key in sprint_keys:
            raise RuleViolation(f"{story.key} is already in {self.sprint}")
        added = AddedMidSprint(story.story_id, story.key, story.title, story.points, signed)
        return replace(self, added_mid_sprint=(*self.added_mid_sprint, added))


def _check_confirmer(member: Member, confirmer: Confirmer, team_id: TeamId) -> None:
    if member.team_id != team_id or not member.active:
        where = "an active member of this team" if member.team_id == team_id else "on this team"
        raise RuleViolation(f"{member.name} cannot confirm as {confirmer.label}: not {where}")
    if confirmer is Confirmer.PRODUCT_OWNER and member.role is not Role.PRODUCT_OWNER:
        raise RuleViolation(
            f"{member.name} cannot confirm as Product Owner: {member.name}'s role is "
            f"{member.role_label}"
        )
    if confirmer is Confirmer.DELIVERY_LEAD and member.role not in DELIVERY_LEAD_ROLES:
        raise RuleViolation(
            f"{member.name} cannot confirm as delivery lead: the delivery lead is the delivery "
            f"team's tech lead or Scrum master, and {member.name}'s role is {member.role_label}"
        )
