"""Which tables a team dump (version 2) holds, in what order, and how their references are written.

A team owns every row reachable from its ``team`` row by foreign keys. Each such table is listed
in :data:`TABLES` (parents before the rows that refer to them) or in :data:`NOT_DUMPED` with the
reason; a test walks the metadata so that a new table cannot be forgotten.

A reference is never a row id: a story is named by its key, a member by name, a sprint by name,
and any other row by its position in its table's list in the same team of the dump. Columns that
hold a member's or story's id without a foreign key (the "who" of a signed act, the story a
frozen snapshot committed) are listed in :data:`SOFT_REFERENCES` and written the same way; a
text column holding a JSON list of story ids (a run's queue) is a list of story keys.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Column, Table

from facilitator.store import retro_models, review_models
from facilitator.store.models import Base

_REGISTERED = (retro_models, review_models)  # their tables join the metadata on import

TEAM = "team"

TABLES: tuple[str, ...] = (
    "dod_item",
    "team_dor_item",
    "member",
    "member_week",
    "sprint",
    "story",
    "acceptance_criterion",
    "assumption",
    "dependency",
    "risk",
    "story_dor_check",
    "knowledge_link",
    "partner_candidate",
    "partner_score",
    "team_holiday",
    "team_presenter_setting",
    "team_timebox_default",
    "team_tool",
    "team_assignment",
    "decision_authority",
    "member_availability",
    "member_day_off",
    "capacity_choice",
    "sprint_story",
    "sprint_deployment",
    "sprint_defect",
    "ceremony_run",
    "agenda_item",
    "timer_extension",
    "run_change",
    "poker_round",
    "poker_vote",
    "daily_update",
    "blocker",
    "decision",
    "planning",
    "planning_act",
    "planning_snapshot",
    "snapshot_story",
    "snapshot_confirmation",
    "review",
    "review_criterion_mark",
    "review_dod_mark",
    "review_note",
    "retro",
    "retro_note",
    "retro_group",
    "retro_vote",
    "experiment",
)

# Tables reachable from ``team`` that a dump leaves out, with the reason (none today).
NOT_DUMPED: dict[str, str] = {}

# Rows other tables name by a natural key rather than by position: the key is unique in a team.
NATURAL_KEYS: dict[str, str] = {"story": "key", "member": "name", "sprint": "name"}

# Integer columns without a foreign key that hold a member's or a story's id.
SOFT_REFERENCES: dict[tuple[str, str], str] = {
    ("capacity_choice", "by_id"): "member",
    ("planning", "full_by_id"): "member",
    ("planning_act", "owner_id"): "member",
    ("planning_act", "by_id"): "member",
    ("planning_snapshot", "by_id"): "member",
    ("snapshot_confirmation", "by_id"): "member",
    ("snapshot_story", "story_id"): "story",
    ("review", "closed_by_id"): "member",
    ("retro", "closed_by_id"): "member",
    ("retro_note", "author_id"): "member",
    ("experiment", "owner_id"): "member",
    ("experiment", "evaluated_by_id"): "member",
}

# Text columns holding a JSON list of ids: written as a list of references.
LIST_REFERENCES: dict[tuple[str, str], str] = {("ceremony_run", "queue"): "story"}


@dataclass(frozen=True, slots=True)
class Reference:
    """A column written as a reference to a row of ``target`` (its ``column``), or the team.

    ``soft``: the column has no foreign key; ``many``: it holds a JSON list of such ids.
    """

    target: str
    column: str
    soft: bool = False
    many: bool = False


def table(name: str) -> Table:
    """The table called ``name`` in the models' metadata."""
    return Base.metadata.tables[name]


def reference(column: Column[object]) -> Reference | None:
    """How ``column`` refers to another row, or None for a plain value."""
    listed = LIST_REFERENCES.get((column.table.name, column.name))
    if listed is not None:
        return Reference(listed, "id", soft=True, many=True)
    soft = SOFT_REFERENCES.get((column.table.name, column.name))
    if soft is not None:
        return Reference(soft, "id", soft=True)
    for key in column.foreign_keys:
        return Reference(key.column.table.name, key.column.name)
    return None


def is_surrogate(column: Column[object]) -> bool:
    """True for a row id that a dump leaves out: a lone integer primary key of its own."""
    keys = list(column.table.primary_key.columns)
    return keys == [column] and not column.foreign_keys and column.name == "id"


def dumped_columns(name: str) -> list[Column[object]]:
    """The columns of table ``name`` a dump writes (the team's own id and row ids left out)."""
    out: list[Column[object]] = []
    for column in table(name).columns:
        ref = reference(column)
        if is_surrogate(column) or (ref is not None and ref.target == TEAM):
            continue
        out.append(column)
    return out


def owner(name: str) -> Column[object]:
    """The column that ties a row of table ``name`` to its team (directly or via a parent)."""
    columns = list(table(name).columns)
    for column in columns:
        ref = reference(column)
        if ref is not None and not ref.soft and ref.target == TEAM:
            return column
    for column in columns:
        ref = reference(column)
        if ref is not None and not ref.soft and not column.nullable and ref.target != name:
            return column
    raise LookupError(f"table {name} has no foreign key to a team's row")


def referenced_columns(name: str) -> set[str]:
    """Columns of table ``name`` that rows of dumped tables refer to."""
    wanted = {NATURAL_KEYS[name]} if name in NATURAL_KEYS else set()
    for other in (TEAM, *TABLES):
        for column in table(other).columns:
            ref = reference(column)
            if ref is not None and ref.target == name:
                wanted.add(ref.column)
    return wanted
