"""Retrospective notes, groups and dot votes, and what each window may show of them.

An anonymous note carries no author at all — not a hidden one — so nothing stored links it to
whoever wrote it. Until the facilitator reveals the notes, the facilitator's view shows an
anonymous note only as a placeholder and the room view leaves it out entirely.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import NewType

from facilitator.domain.ids import MemberId
from facilitator.errors import InputError

NoteId = NewType("NoteId", int)
GroupId = NewType("GroupId", int)

HIDDEN = "Anonymous note, hidden until revealed"
ANONYMOUS = "anonymous"


class Column(StrEnum):
    """The gather phase's columns."""

    WENT_WELL = "went_well"
    TO_IMPROVE = "to_improve"
    FRICTION = "friction"

    @property
    def label(self) -> str:
        """``Went well``, ``To improve`` or ``Friction``."""
        return _COLUMN_LABELS[self]


_COLUMN_LABELS = {
    Column.WENT_WELL: "Went well",
    Column.TO_IMPROVE: "To improve",
    Column.FRICTION: "Friction",
}


class Friction(StrEnum):
    """Which friction a friction note names: time zones and culture are named as such."""

    TIME_ZONE = "time_zone"
    CULTURAL = "cultural"
    OTHER = "other"

    @property
    def label(self) -> str:
        """``Time-zone friction``, ``Cultural friction`` or ``Friction``."""
        return _FRICTION_LABELS[self]


_FRICTION_LABELS = {
    Friction.TIME_ZONE: "Time-zone friction",
    Friction.CULTURAL: "Cultural friction",
    Friction.OTHER: "Friction",
}


@dataclass(frozen=True, slots=True)
class Note:
    """One note of the gather phase.

    Attributes:
        note_id: the note.
        column: its column.
        text: what it says.
        author_id: who wrote it; None for an anonymous note.
        author: their name; None for an anonymous note.
        friction: which friction, for a note in the friction column (else None).

    Raises:
        InputError: the text is empty; a friction kind outside the friction column; an author
            name without an author, or the other way round.
    """

    note_id: NoteId
    column: Column
    text: str
    author_id: MemberId | None
    author: str | None
    friction: Friction | None = None

    def __post_init__(self) -> None:
        if not self.text.strip():
            raise InputError(f"Note in “{self.column.label}”: write what it says")
        if self.friction is not None and self.column is not Column.FRICTION:
            raise InputError(
                f"{self.friction.label} belongs in the Friction column, not “{self.column.label}”"
            )
        if (self.author_id is None) != (self.author is None):
            raise InputError("A note has both its author and the author's name, or neither")

    @property
    def anonymous(self) -> bool:
        """Whether the note carries no author."""
        return self.author_id is None

    @property
    def label(self) -> str:
        """Its column, or its kind of friction: ``Went well``, ``Time-zone friction``."""
        if self.column is Column.FRICTION:
            return (self.friction or Friction.OTHER).label
        return self.column.label


@dataclass(frozen=True, slots=True)
class Group:
    """Notes the room grouped under one title; votes go to groups.

    Raises:
        InputError: the title is empty.
    """

    group_id: GroupId
    title: str
    note_ids: tuple[NoteId, ...] = ()

    def __post_init__(self) -> None:
        if not self.title.strip():
            raise InputError("Group title: name what the notes have in common")


@dataclass(frozen=True, slots=True)
class Vote:
    """One dot a member put on a group (a member may put several on the same group)."""

    member_id: MemberId
    group_id: GroupId


@dataclass(frozen=True, slots=True)
class NoteView:
    """A note as one window shows it.

    Attributes:
        note_id: the note.
        label: its column or kind of friction.
        text: what it says, or the placeholder of a hidden anonymous note.
        author: the author's name, or ``anonymous``.
        hidden: whether the text is withheld until the reveal.
    """

    note_id: NoteId
    label: str
    text: str
    author: str
    hidden: bool = False


def _view(note: Note, hide: bool) -> NoteView:
    text = HIDDEN if hide else note.text
    return NoteView(note.note_id, note.label, text, note.author or ANONYMOUS, hide)


def facilitator_view(notes: Sequence[Note], revealed: bool) -> tuple[NoteView, ...]:
    """Every note for the facilitator's window; anonymous ones are placeholders until revealed."""
    return tuple(_view(n, n.anonymous and not revealed) for n in notes)


def room_view(notes: Sequence[Note], revealed: bool) -> tuple[NoteView, ...]:
    """The notes the room window may show: no anonymous note at all before the reveal."""
    return tuple(_view(n, False) for n in notes if revealed or not n.anonymous)
