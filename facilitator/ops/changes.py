"""What an action changed, and how to take it back: the record every op returns.

An op runs one transaction and returns :class:`Changes`: which kinds of things changed and, where
it knows, which ids. The window passes the record to every screen, the badges and the room
window; each refreshes only what the record names (one backlog row, one badge). An op that can be
undone puts its inverse in :attr:`Changes.undo`, computed from what it read in the same
transaction, so no other user's write can land between the snapshot and the change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from facilitator.domain.ids import RunId, TeamId

if TYPE_CHECKING:  # the store imports SQLAlchemy; ops modules import it for real
    from facilitator.store.db import Store


class Kind(StrEnum):
    """The kinds of things an action can change (the ids are of that kind)."""

    STORY = "story"  # a story's fields, criteria, assumptions, context or readiness
    BACKLOG = "backlog"  # which stories the backlog holds and their order (story ids)
    TEAM = "team"  # a team's name, settings, Definition of Done / Ready (team ids)
    TEAMS = "teams"  # the list of teams (a team created or renamed)
    MEMBER = "member"  # a member of a team (member ids)
    SPRINT = "sprint"  # a sprint and what it holds (sprint ids)
    RUN = "run"  # a ceremony run: its timer, position, phase, queue, change log (run ids)
    SETTINGS = "settings"  # timebox defaults and presenter settings (team ids)
    UPDATE = "update"  # a member's written daily update (member ids)
    BLOCKER = "blocker"  # a blocker raised, reassigned or resolved (blocker ids)
    DECISION = "decision"  # the decision log, authority and tools (decision ids)
    RETRO = "retro"  # a retrospective: notes, groups, dots, its experiment (run ids)


@dataclass(frozen=True, slots=True)
class ActionContext:
    """What every action runs against: the moment it happens, the team, the ceremony run.

    Widgets build one per action instead of carrying loose ids; ``now`` is timezone-aware.
    """

    now: dt.datetime
    team_id: TeamId | None = None
    run_id: RunId | None = None

    def team(self) -> TeamId:
        """The team the action is for.

        Raises:
            ValueError: the context names no team (a programming error, not a user's).
        """
        if self.team_id is None:
            raise ValueError("This action needs a team")
        return self.team_id


# An action as the undo stack replays it: one op call, one transaction, its own Changes.
Replay = Callable[["Store", ActionContext], "Changes"]


@dataclass(frozen=True, slots=True)
class Undo:
    """How to take an action back and do it again, each one committed action of its own.

    Attributes:
        text: the action in a few words ("move PAY-12 to top"); shown as "Undo move PAY-12 …".
        undo: commits the inverse; raises a ``FacilitatorError`` when that is no longer possible.
        redo: commits the action again.
    """

    text: str
    undo: Replay
    redo: Replay


@dataclass(frozen=True, slots=True)
class Changes:
    """What one committed action changed.

    Attributes:
        kinds: every kind of thing that changed.
        ids: (kind, id) pairs naming what changed where the op knows; a kind in ``kinds`` with
            no ids means "some of that kind" and a screen showing that kind reloads it.
        undo: the inverse of the action, or None when it cannot be undone.
        created: the id of what the action created (a story, a team, a run), if anything.
        ranks: ``(story id, rank)`` of the stories a backlog move put in a new place (their
            only change): a screen showing them moves their rows without reading them again.
    """

    kinds: frozenset[Kind] = frozenset()
    ids: frozenset[tuple[Kind, int]] = frozenset()
    undo: Undo | None = field(default=None, compare=False)
    created: int | None = None
    # Keyword-only: records that extend this one (a run's) keep their positional fields.
    ranks: tuple[tuple[int, int], ...] = field(default=(), kw_only=True)

    @staticmethod
    def of(kind: Kind, *ids: int, undo: Undo | None = None, created: int | None = None) -> Changes:
        """A record naming ``ids`` of one ``kind``."""
        return Changes(frozenset({kind}), frozenset((kind, int(i)) for i in ids), undo, created)

    def touches(self, *kinds: Kind) -> bool:
        """Whether any of ``kinds`` changed."""
        return any(kind in self.kinds for kind in kinds)

    def ids_of(self, kind: Kind) -> frozenset[int]:
        """The ids of ``kind`` the record names (empty: none named, or the kind did not change)."""
        return frozenset(i for k, i in self.ids if k is kind)

    def names_all(self, kind: Kind) -> bool:
        """Whether ``kind`` changed without the ids being named (reload everything of it)."""
        return kind in self.kinds and not self.ids_of(kind)

    def also(self, kind: Kind, *ids: int) -> Changes:
        """This record, naming ``ids`` of ``kind`` as changed too."""
        return Changes(
            self.kinds | {kind},
            self.ids | {(kind, int(i)) for i in ids},
            self.undo,
            self.created,
            ranks=self.ranks,
        )

    def with_undo(self, undo: Undo | None) -> Changes:
        """This record carrying ``undo``."""
        return Changes(self.kinds, self.ids, undo, self.created, ranks=self.ranks)

    @property
    def empty(self) -> bool:
        """Whether nothing changed (a refused or no-op action)."""
        return not self.kinds


NOTHING = Changes()


def merge(records: Iterable[Changes]) -> Changes:
    """One record naming everything ``records`` name (the last undo and created id win)."""
    kinds: set[Kind] = set()
    ids: set[tuple[Kind, int]] = set()
    undo: Undo | None = None
    created: int | None = None
    ranks: dict[int, int] = {}
    for record in records:
        kinds |= record.kinds
        ids |= record.ids
        undo = record.undo or undo
        created = record.created if record.created is not None else created
        ranks.update(record.ranks)  # a story moved twice is where the last move put it
    return Changes(frozenset(kinds), frozenset(ids), undo, created, ranks=tuple(ranks.items()))
