"""Story context use cases: dependencies (no cycles), risks, the team's own DoR items, and
taking a criterion, assumption or risk away and putting it back (so that removal can be undone).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, cast

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from facilitator.domain.dependencies import describe_cycle, find_cycle
from facilitator.domain.ids import StoryId
from facilitator.domain.text_rules import (
    DEPENDENCY_DESCRIPTION,
    DEPENDENCY_PARTY,
    DOR_ITEM,
    RISK,
    RISK_MITIGATION,
    RISK_OWNER,
    TextRule,
    check_text,
)
from facilitator.errors import InputError
from facilitator.ops.changes import NOTHING, ActionContext, Changes, Kind
from facilitator.ops.story_editing import log_change, required_text, story_row
from facilitator.store.db import Store
from facilitator.store.models import (
    AssumptionRow,
    CriterionRow,
    DependencyRow,
    RiskRow,
    StoryDorCheckRow,
    StoryRow,
    TeamDorItemRow,
)

SEVERITIES = ("low", "medium", "high")
# Not stored, only looked up: checked so that a NUL or a lone surrogate is a message.
_STORY_KEY = TextRule("Depends on", 32, "story.key", required=False)


# --- dependencies and risks ---------------------------------------------------------------------


def add_dependency(
    store: Store,
    ctx: ActionContext,
    story_id: StoryId,
    *,
    on_key: str = "",
    external_party: str = "",
    description: str = "",
) -> Changes:
    """Add a dependency on another story (by key) or on an external party, in one transaction
    (logged in ``ctx``'s ceremony run).

    Returns:
        The record naming the story (the dependency's id in ``created``).

    Raises:
        InputError: neither or both given, unknown key, itself, or a cycle of dependencies.
    """
    on_key = check_text(on_key, _STORY_KEY)  # a NUL would be a server error on PostgreSQL
    external_party = check_text(external_party, DEPENDENCY_PARTY)
    description = check_text(description, DEPENDENCY_DESCRIPTION)
    if bool(on_key) == bool(external_party):
        raise InputError("Dependency: give either a story key or an external party")
    with store.session() as session:
        story = story_row(session, story_id)
        target_id: int | None = None
        if on_key:
            target_id = session.scalar(
                select(StoryRow.id).where(
                    StoryRow.team_id == story.team_id, func.upper(StoryRow.key) == on_key.upper()
                )
            )
            if target_id is None:
                raise InputError(f"Dependency: no story {on_key} in this team")
            edges: dict[int, list[int]] = {}
            for src, dst in session.execute(
                select(DependencyRow.story_id, DependencyRow.depends_on_story_id).where(
                    DependencyRow.depends_on_story_id.is_not(None)
                )
            ).all():
                if dst is not None:
                    edges.setdefault(src, []).append(dst)
            cycle = find_cycle(edges, story.id, target_id)
            if cycle is not None:
                raise InputError("Dependency: " + describe_cycle(_keys(session, cycle)))
        row = DependencyRow(
            story_id=story_id,
            depends_on_story_id=target_id,
            external_party=external_party,
            description=description,
            called_out=False,
            created_at=ctx.now,
        )
        session.add(row)
        session.flush()
        log_change(
            session,
            ctx.run_id,
            story,
            "dependency",
            f"dependency on {on_key.upper() or external_party} added",
            ctx.now,
        )
        created = row.id
    return Changes.of(Kind.STORY, story_id, created=created)


def _keys(session: Session, ids: list[int]) -> list[str]:
    keys: Mapping[int, str] = dict(
        session.execute(select(StoryRow.id, StoryRow.key).where(StoryRow.id.in_(ids))).all()
    )
    return [keys[i] for i in ids]


def set_dependency_state(
    store: Store,
    ctx: ActionContext,
    dependency_id: int,
    *,
    called_out: bool | None = None,
    resolved: bool | None = None,
) -> Changes:
    """Call a dependency out (or withdraw the call-out), resolve it or mark it unresolved, in
    one transaction (logged in ``ctx``'s ceremony run).

    Raises:
        InputError: no such dependency.
    """
    with store.session() as session:
        row = session.get(DependencyRow, dependency_id)
        if row is None:
            raise InputError(f"No dependency with id {dependency_id}")
        changes = []
        if called_out is not None and called_out != row.called_out:
            row.called_out = called_out
            changes.append("called out" if called_out else "call-out withdrawn")
        if resolved is not None and resolved != (row.resolved_at is not None):
            row.resolved_at = ctx.now if resolved else None
            changes.append("resolved" if resolved else "marked unresolved")
        story_id = StoryId(row.story_id)
        if changes:
            target = _target(session, row)
            story = story_row(session, story_id)
            text = f"dependency on {target} {' and '.join(changes)}"
            log_change(session, ctx.run_id, story, "dependency", text, ctx.now)
    return Changes.of(Kind.STORY, story_id) if changes else NOTHING


def remove_dependency(store: Store, ctx: ActionContext, dependency_id: int) -> Changes:
    """Delete a dependency, in one transaction (logged in ``ctx``'s ceremony run).

    Raises:
        InputError: no such dependency.
    """
    with store.session() as session:
        row = session.get(DependencyRow, dependency_id)
        if row is None:
            raise InputError(f"No dependency with id {dependency_id}")
        target = _target(session, row)
        story_id = StoryId(row.story_id)
        story = story_row(session, story_id)
        session.delete(row)
        text = f"dependency on {target} removed"
        log_change(session, ctx.run_id, story, "dependency", text, ctx.now)
    return Changes.of(Kind.STORY, story_id)


def _target(session: Session, row: DependencyRow) -> str:
    if row.depends_on_story_id is None:
        return row.external_party
    return _keys(session, [row.depends_on_story_id])[0]


def add_risk(
    store: Store,
    ctx: ActionContext,
    story_id: StoryId,
    *,
    text: str,
    severity: str,
    mitigation: str,
    owner: str,
) -> Changes:
    """Record a risk with its severity, mitigation and owner, in one transaction.

    Returns:
        The record naming the story (the risk's id in ``created``).

    Raises:
        InputError: empty text or an unknown severity.
    """
    text = required_text(text, RISK)
    mitigation = check_text(mitigation, RISK_MITIGATION)
    owner = check_text(owner, RISK_OWNER)
    if severity not in SEVERITIES:
        raise InputError(f"Severity: {severity!r} is not one of low, medium, high")
    with store.session() as session:
        story_row(session, story_id)
        row = RiskRow(
            story_id=story_id,
            text=text,
            severity=severity,
            mitigation=mitigation,
            owner=owner,
            created_at=ctx.now,
        )
        session.add(row)
        session.flush()
        created = row.id
    return Changes.of(Kind.STORY, story_id, created=created)


def remove_risk(store: Store, ctx: ActionContext, risk_id: int) -> Changes:
    """Delete a risk (nothing when it is gone already), in one transaction."""
    del ctx  # a removal records nothing beyond the row it deletes
    with store.session() as session:
        story_id = session.scalar(select(RiskRow.story_id).where(RiskRow.id == risk_id))
        session.execute(delete(RiskRow).where(RiskRow.id == risk_id))
    return NOTHING if story_id is None else Changes.of(Kind.STORY, story_id)


# --- the team's own Definition of Ready items ---------------------------------------------------


def add_team_dor_item(store: Store, ctx: ActionContext, text: str) -> Changes:
    """Add a checkbox item to ``ctx``'s team's Definition of Ready, in one transaction.

    Returns:
        The record naming the team (every story's readiness changes; the item in ``created``).
    """
    text = required_text(text, DOR_ITEM)
    team_id = ctx.team()
    with store.session() as session:
        last = session.scalar(
            select(func.max(TeamDorItemRow.position)).where(TeamDorItemRow.team_id == team_id)
        )
        row = TeamDorItemRow(
            team_id=team_id, position=(last if last is not None else -1) + 1, text=text
        )
        session.add(row)
        session.flush()
        created = row.id
    return Changes.of(Kind.TEAM, team_id, created=created)


def remove_team_dor_item(store: Store, ctx: ActionContext, item_id: int) -> Changes:
    """Remove an item from the team's Definition of Ready (and its checks), in one
    transaction; the record names the team (every story's readiness changes)."""
    del ctx  # the item names its team
    with store.session() as session:
        team_id = session.scalar(select(TeamDorItemRow.team_id).where(TeamDorItemRow.id == item_id))
        session.execute(delete(StoryDorCheckRow).where(StoryDorCheckRow.item_id == item_id))
        session.execute(delete(TeamDorItemRow).where(TeamDorItemRow.id == item_id))
    return NOTHING if team_id is None else Changes.of(Kind.TEAM, team_id)


def set_dor_check(
    store: Store, ctx: ActionContext, story_id: StoryId, item_id: int, checked: bool
) -> Changes:
    """Check or uncheck one of the team's DoR items for a story, in one transaction."""
    now = ctx.now
    with store.session() as session:
        story = story_row(session, story_id)
        item = session.get(TeamDorItemRow, item_id)
        if item is None or item.team_id != story.team_id:
            raise InputError("Definition of Ready: that item is not one of this team's")
        existing = session.get(StoryDorCheckRow, (story_id, item_id))
        if checked and existing is None:
            session.add(StoryDorCheckRow(story_id=story_id, item_id=item_id, checked_at=now))
        elif not checked and existing is not None:
            session.delete(existing)
        else:
            return NOTHING
    return Changes.of(Kind.STORY, story_id)


# --- taking items away and putting them back (undo) ---------------------------------------------

ItemRow = CriterionRow | AssumptionRow | RiskRow
ItemKind = Literal["criterion", "assumption", "risk"]
# Each kind's table and what it is called in messages.
_ITEMS: dict[str, tuple[type[ItemRow], str]] = {
    "criterion": (CriterionRow, "acceptance criterion"),
    "assumption": (AssumptionRow, "assumption"),
    "risk": (RiskRow, "risk"),
}


@dataclass(frozen=True)
class RemovedItem:
    """A removed criterion, assumption or risk, column by column, to put back as it was.

    Every column is kept: text, author and position of a criterion; reviewer and review time of
    an assumption; severity, mitigation and owner of a risk; the id (lists are in id order).
    """

    kind: ItemKind
    story_id: StoryId
    columns: tuple[tuple[str, object], ...]

    @property
    def text(self) -> str:
        """The item's text."""
        return str(dict(self.columns)["text"])


def take_item(store: Store, ctx: ActionContext, kind: ItemKind, item_id: int) -> RemovedItem:
    """Delete a criterion, assumption or risk in one transaction (logged in ``ctx``'s ceremony
    run); return what :func:`restore_item` puts back.

    Raises:
        InputError: the item no longer exists.
    """
    table, what = _ITEMS[kind]
    with store.session() as session:
        row = cast("ItemRow | None", session.get(table, item_id))
        if row is None:
            raise InputError(f"the {what} no longer exists")
        story = story_row(session, StoryId(row.story_id))
        names = [attribute.key for attribute in table.__mapper__.column_attrs]
        removed = RemovedItem(
            kind, StoryId(row.story_id), tuple((n, getattr(row, n)) for n in names)
        )
        session.delete(row)
        if kind != "risk":  # risks are not part of the refinement log
            log_change(session, ctx.run_id, story, kind, f"{kind} removed: “{row.text}”", ctx.now)
        return removed


def restore_item(store: Store, ctx: ActionContext, removed: RemovedItem) -> int:
    """Put a removed item back exactly as it was; returns its id (the old one when still free).

    A criterion goes back to its position; the ones at or after it move down one if that
    position was taken since.

    Raises:
        InputError: the story no longer exists.
    """
    kind = removed.kind
    table = _ITEMS[kind][0]
    columns = dict(removed.columns)
    with store.session() as session:
        story = session.get(StoryRow, removed.story_id)
        if story is None:
            raise InputError("the story no longer exists")
        if session.get(table, columns["id"]) is not None:
            columns["id"] = None  # taken since: a new id
        if kind == "criterion":
            same_story = CriterionRow.story_id == removed.story_id
            at = CriterionRow.position == columns["position"]
            if session.scalar(select(CriterionRow.id).where(same_story, at).limit(1)) is not None:
                session.execute(
                    update(CriterionRow)
                    .where(same_story, CriterionRow.position >= columns["position"])
                    .values(position=CriterionRow.position + 1)
                )
        row = table(**columns)
        session.add(row)
        try:
            session.flush()
        except IntegrityError:
            raise InputError("something it refers to (its reviewer, say) is gone") from None
        if kind != "risk":
            text = f"{kind} put back: “{removed.text}”"
            log_change(session, ctx.run_id, story, kind, text, ctx.now)
        return int(row.id)
