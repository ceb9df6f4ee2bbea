"""The sprint forecast (rule 3): pulled from the top, only Ready stories, never above capacity.

A :class:`Forecast` is an immutable value; every act returns a new one or raises, naming what is
wrong. The PO pulls from the top of the ranked backlog: a Ready story higher up must be pulled or
skipped with a reason first (stories that are not Ready cannot enter, so they are passed over). A
story that would take the forecast above capacity is refused with the numbers; raising the
capacity is the team's explicit act, recorded with who and when. Removing is allowed until the
forecast is frozen, which happens when planning closes (see :mod:`facilitator.domain.planning`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from facilitator.domain.capacity import check_capacity
from facilitator.domain.ids import MemberId, StoryId
from facilitator.domain.model import Member
from facilitator.domain.readiness import Readiness
from facilitator.domain.signed import Signed
from facilitator.errors import InputError, RuleViolation

# Points are halves and whole numbers; this only keeps float sums like 0.1 + 0.2 from overflowing.
_EPSILON = 1e-9


def pts(points: float) -> str:
    """Points as the capacity bar shows them: ``8``, ``2.5``."""
    return f"{points:g}"


def points_words(points: float) -> str:
    """An amount of points with its unit: ``1 pt``, ``2.5 pts``, ``0 pts``."""
    return f"{pts(points)} {'pt' if points == 1 else 'pts'}"


@dataclass(frozen=True, slots=True)
class Candidate:
    """A backlog story as planning sees it.

    Attributes:
        story_id: the story.
        key: its key, e.g. ``PAY-7``.
        title: its title.
        points: its committed estimate (a Ready story always has one).
        readiness: the Definition of Ready's verdict.
        open_items: its open dependencies and risks in words (called out, not resolved), e.g.
            ``depends on PAY-3 (open)``; each forecast story with any must be acknowledged.
    """

    story_id: StoryId
    key: str
    title: str
    points: float | None
    readiness: Readiness
    open_items: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Entry:
    """A story in the forecast, with the points it entered with."""

    story_id: StoryId
    key: str
    title: str
    points: float
    open_items: tuple[str, ...]
    pulled: Signed


@dataclass(frozen=True, slots=True)
class Skip:
    """A Ready story the PO passed over, and why."""

    story_id: StoryId
    key: str
    reason: str
    skipped: Signed


@dataclass(frozen=True, slots=True)
class Removal:
    """A story taken out of the forecast before it was frozen."""

    story_id: StoryId
    key: str
    removed: Signed


@dataclass(frozen=True, slots=True)
class CapacityChange:
    """The team's explicit change of capacity during planning."""

    before: float
    after: float
    changed: Signed
    reason: str

    def words(self) -> str:
        """``Capacity raised from 40 to 45 pts by Ana on … : reason``."""
        verb = "raised" if self.after > self.before else "lowered"
        why = f": {self.reason}" if self.reason else ""
        return (
            f"Capacity {verb} from {pts(self.before)} to {pts(self.after)} pts by "
            f"{self.changed.words()}{why}"
        )


@dataclass(frozen=True, slots=True)
class Acknowledgement:
    """A forecast story's open dependencies or risks, owned by someone, with a mitigation."""

    story_id: StoryId
    key: str
    owner_id: MemberId
    owner: str
    mitigation: str
    acknowledged: Signed


FROZEN = "the forecast is frozen because planning closed; reopen planning to change it"


@dataclass(frozen=True, slots=True)
class Forecast:
    """What the team forecasts for the sprint, and every planning act that shaped it.

    Attributes:
        capacity: the capacity in points the forecast may not exceed.
        goal: the sprint goal.
        entries: the forecast stories, in the order pulled.
        skipped: Ready stories passed over, with reasons (a later pull supersedes a skip).
        removed: stories taken out again.
        capacity_changes: every explicit change of capacity, in order.
        full: who declared the forecast full before capacity was reached, if anyone.
        acknowledgements: owners and mitigations of forecast stories' open items.
        frozen: whether planning closed; a frozen forecast refuses every change.

    Raises:
        InputError: ``capacity`` is below zero.
    """

    capacity: float
    goal: str = ""
    entries: tuple[Entry, ...] = ()
    skipped: tuple[Skip, ...] = ()
    removed: tuple[Removal, ...] = ()
    capacity_changes: tuple[CapacityChange, ...] = ()
    full: Signed | None = None
    acknowledgements: tuple[Acknowledgement, ...] = ()
    frozen: bool = False

    def __post_init__(self) -> None:
        check_capacity(self.capacity)

    @property
    def points(self) -> float:
        """Points in the forecast."""
        return sum(e.points for e in self.entries)

    @property
    def bar(self) -> str:
        """The capacity bar's words: ``34 / 40 pts``."""
        return f"{pts(self.points)} / {pts(self.capacity)} pts"

    @property
    def keys(self) -> tuple[str, ...]:
        """Keys of the forecast stories, in the order pulled."""
        return tuple(e.key for e in self.entries)

    def entry(self, key: str) -> Entry | None:
        """The forecast entry of ``key``, if it is in the forecast."""
        return next((e for e in self.entries if e.key == key), None)

    def acknowledgement(self, key: str) -> Acknowledgement | None:
        """The acknowledgement of ``key``'s open items, if given."""
        return next((a for a in self.acknowledgements if a.key == key), None)

    def needing_acknowledgement(self) -> tuple[Entry, ...]:
        """Forecast stories with an open dependency or risk that nobody acknowledged yet."""
        return tuple(e for e in self.entries if e.open_items and not self.acknowledgement(e.key))

    def next_to_pull(self, backlog: Sequence[Candidate]) -> Candidate | None:
        """The highest Ready story not yet pulled, skipped or removed, if any."""
        passed = {e.key for e in self.entries} | {s.key for s in self.skipped}
        passed |= {r.key for r in self.removed}
        return next((c for c in backlog if c.readiness.ready and c.key not in passed), None)

    def _open(self, what: str) -> None:
        if self.frozen:
            raise RuleViolation(f"{what}: {FROZEN}")

    def pull(self, key: str, backlog: Sequence[Candidate], by: Signed) -> Forecast:
        """Pull ``key`` from the ranked ``backlog`` into the forecast.

        Args:
            key: the story to pull.
            backlog: the ranked backlog from the top down to at least ``key``.
            by: who pulled it, and when.

        Returns:
            The forecast with the story at the end.

        Raises:
            RuleViolation: the forecast is frozen or declared full; the story is not in the
                backlog, already in the forecast, not Ready (with the reasons), below a Ready
                story not yet pulled or skipped, or would take the forecast above capacity.
        """
        self._open(f"{key} cannot be pulled")
        if self.full is not None:
            raise RuleViolation(
                f"{key} cannot be pulled: {self.full.name} declared the forecast full at "
                f"{self.bar}; raise the capacity to pull more"
            )
        story = _find(key, backlog)
        if self.entry(key):
            raise RuleViolation(f"{key} is already in the forecast")
        if not story.readiness.ready or story.points is None:
            reasons = "; ".join(f.reason for f in story.readiness.failures) or "no estimate"
            raise RuleViolation(f"{key} is not Ready: {reasons}")
        top = self.next_to_pull(backlog[: backlog.index(story)])
        if top is not None:
            raise RuleViolation(
                f"{key} is below {top.key}: planning pulls from the top, so pull {top.key} "
                "first or skip it with a reason"
            )
        total = self.points + story.points
        if total > self.capacity + _EPSILON:
            raise RuleViolation(
                f"{key} ({points_words(story.points)}) would make {pts(total)} / "
                f"{pts(self.capacity)} pts: skip it with a reason, or raise the capacity"
            )
        entry = Entry(story.story_id, key, story.title, story.points, story.open_items, by)
        skipped = tuple(s for s in self.skipped if s.key != key)
        return replace(self, entries=(*self.entries, entry), skipped=skipped)

    def skip(self, key: str, backlog: Sequence[Candidate], reason: str, by: Signed) -> Forecast:
        """Pass over ``key`` for this sprint, with a reason (skipping again replaces it).

        Raises:
            InputError: the reason is empty.
            RuleViolation: the forecast is frozen, or the story is not in the backlog or is
                already in the forecast.
        """
        self._open(f"{key} cannot be skipped")
        why = reason.strip()
        if not why:
            raise InputError(f"Reason for skipping {key}: write why it is skipped")
        story = _find(key, backlog)
        if self.entry(key):
            raise RuleViolation(f"{key} is in the forecast: remove it instead of skipping it")
        others = tuple(s for s in self.skipped if s.key != key)
        return replace(self, skipped=(*others, Skip(story.story_id, key, why, by)))

    def remove(self, key: str, by: Signed) -> Forecast:
        """Take ``key`` out of the forecast, with its acknowledgement.

        Raises:
            RuleViolation: the forecast is frozen, or the story is not in it.
        """
        self._open(f"{key} cannot be removed")
        entry = self.entry(key)
        if entry is None:
            raise RuleViolation(f"{key} is not in the forecast")
        return replace(
            self,
            entries=tuple(e for e in self.entries if e.key != key),
            removed=(*self.removed, Removal(entry.story_id, key, by)),
            acknowledgements=tuple(a for a in self.acknowledgements if a.key != key),
        )

    def change_capacity(self, points: float, by: Signed, reason: str = "") -> Forecast:
        """Set the capacity, recorded with who and when; raising it resumes a full forecast.

        Raises:
            InputError: ``points`` is below zero.
            RuleViolation: the forecast is frozen, or ``points`` is below what is in it.
        """
        self._open("The capacity cannot change")
        check_capacity(points)
        if points == self.capacity:
            return self
        if points < self.points - _EPSILON:
            raise RuleViolation(
                f"Capacity {points_words(points)} is below the {points_words(self.points)} "
                "already in the forecast: remove stories first"
            )
        change = CapacityChange(self.capacity, points, by, reason.strip())
        return replace(
            self,
            capacity=points,
            capacity_changes=(*self.capacity_changes, change),
            full=None if points > self.capacity else self.full,
        )

    def declare_full(self, by: Signed) -> Forecast:
        """The team says the forecast is full before capacity is reached; pulling stops.

        Raises:
            RuleViolation: the forecast is frozen.
        """
        self._open("The forecast cannot be declared full")
        return self if self.full is not None else replace(self, full=by)

    def with_goal(self, goal: str) -> Forecast:
        """The forecast with the sprint goal ``goal``.

        Raises:
            RuleViolation: the forecast is frozen.
        """
        self._open("The sprint goal cannot change")
        return replace(self, goal=goal.strip())

    def acknowledge(self, key: str, owner: Member | None, mitigation: str, by: Signed) -> Forecast:
        """Acknowledge ``key``'s open dependencies and risks (again replaces the earlier one).

        Raises:
            InputError: there is no owner or no mitigation.
            RuleViolation: the forecast is frozen, or the story is not in it or has nothing
                open to acknowledge.
        """
        self._open(f"{key} cannot be acknowledged")
        if owner is None:
            raise InputError(f"Owner for {key}'s dependencies and risks: choose who owns them")
        plan = mitigation.strip()
        if not plan:
            raise InputError(f"Mitigation for {key}: write how the dependency or risk is handled")
        entry = self.entry(key)
        if entry is None:
            raise RuleViolation(f"{key} is not in the forecast")
        if not entry.open_items:
            raise RuleViolation(f"{key} has no open dependency or risk to acknowledge")
        ack = Acknowledgement(entry.story_id, key, owner.id, owner.name, plan, by)
        others = tuple(a for a in self.acknowledgements if a.key != key)
        return replace(self, acknowledgements=(*others, ack))


def _find(key: str, backlog: Sequence[Candidate]) -> Candidate:
    story = next((c for c in backlog if c.key == key), None)
    if story is None:
        raise RuleViolation(f"{key} is not in the backlog")
    return story


def open_items_of(open_dependencies: Sequence[str], risks: Sequence[str]) -> tuple[str, ...]:
    """A story's open items in words, for :attr:`Candidate.open_items`.

    Args:
        open_dependencies: keys of the stories it depends on that are not resolved yet (a Ready
            story has called them out).
        risks: the risks recorded on the story.

    Returns:
        ``("depends on PAY-3 (open)", "risk: vendor rate limits")``; blank risks are left out.
    """
    return (
        *(f"depends on {key} (open)" for key in open_dependencies),
        *(f"risk: {risk.strip()}" for risk in risks if risk.strip()),
    )
