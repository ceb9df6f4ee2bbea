"""Backlog queries: the 20,000-row listing as Core rows, rank neighbours, readiness facts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Table, bindparam, func, select, update
from sqlalchemy.orm import Session

from facilitator.domain.ids import StoryId, TeamId
from facilitator.domain.model import Role
from facilitator.domain.story_block import StoryBlock
from facilitator.store.backlog_statements import top_with_facts_statement
from facilitator.store.models import (
    MemberRow,
    StoryRow,
    TeamDorItemRow,
    TeamRow,
)
from facilitator.store.plain_sql import Runner, plain_runner, plain_write, utc

# Plain statements over the shown columns, plus the sets of story ids readiness needs: much
# cheaper than ORM objects, than grouped counts, and than one statement joining subqueries
# (measured on 20,000 stories, see benchmarks/bench_backlog.py).
_STORIES_SQL = (
    "SELECT id, rank, key, title, estimate, status, type, "
    "estimate IS NOT NULL AND estimate_committed_at IS NOT NULL "
    "FROM story WHERE team_id = :team ORDER BY rank"
)
_PO_CRITERIA_SQL = (
    "SELECT DISTINCT story_id FROM acceptance_criterion WHERE author IN "
    "(SELECT name FROM member WHERE team_id = :team AND role = :po)"
)
_ASSUMED_SQL = "SELECT DISTINCT story_id FROM assumption"
_UNREVIEWED_SQL = "SELECT DISTINCT story_id FROM assumption WHERE reviewed_by_id IS NULL"
_OPEN_DEPENDENCIES_SQL = (
    "SELECT DISTINCT story_id FROM dependency WHERE resolved_at IS NULL AND NOT called_out"
)
_OPEN_BLOCKERS_SQL = (
    "SELECT story_id, min(raised_at), count(*) FROM blocker "
    "WHERE team_id = :team AND resolved_at IS NULL AND story_id IS NOT NULL GROUP BY story_id"
)
_TEAM_FACTS_SQL = (
    "SELECT (SELECT count(*) FROM team_dor_item WHERE team_id = :team), blocker_sla_hours "
    "FROM team WHERE id = :team"
)
# The same, with how many stories the team has and how many of them are new or refined: what
# the first page of a listing read in pages needs to size the list it starts.
_HEAD_FACTS_SQL = (
    "SELECT (SELECT count(*) FROM team_dor_item WHERE team_id = :team), blocker_sla_hours, "
    "(SELECT count(*) FROM story WHERE team_id = :team), "
    "(SELECT count(*) FROM story WHERE team_id = :team AND status IN ('new', 'refined')) "
    "FROM team WHERE id = :team"
)
_FULLY_CHECKED_SQL = (
    "SELECT c.story_id FROM story_dor_check c JOIN team_dor_item i ON i.id = c.item_id "
    "WHERE i.team_id = :team GROUP BY c.story_id HAVING count(*) >= :items"
)

# The reads of a move, in plain SQL: on a fresh window SQLAlchemy compiled the neighbours'
# statement in some 20 ms, longer than the whole move takes afterwards. Each is one seek in
# the (team_id, rank) index.
_NEIGHBOURS_SQL = (
    "SELECT (SELECT id FROM story WHERE team_id = :team AND rank < me.rank "
    "ORDER BY rank DESC LIMIT 1), "
    "(SELECT id FROM story WHERE team_id = :team AND rank > me.rank ORDER BY rank LIMIT 1) "
    "FROM story AS me WHERE me.id = :story"
)
_NEXT_RANK_SQL = (
    "SELECT rank FROM story WHERE team_id = :team AND id != :story AND rank > :rank "
    "ORDER BY rank LIMIT 1"
)
_PREVIOUS_RANK_SQL = (
    "SELECT rank FROM story WHERE team_id = :team AND id != :story AND rank < :rank "
    "ORDER BY rank DESC LIMIT 1"
)
_RANK_SQL = "SELECT rank FROM story WHERE id = :story"
_SET_RANK_SQL = "UPDATE story SET rank = :rank WHERE id = :story"
_TOP_RANK_SQL = "SELECT min(rank) FROM story WHERE team_id = :team AND id != :story"
_BOTTOM_RANK_SQL = "SELECT max(rank) FROM story WHERE team_id = :team AND id != :story"

# A page holds either new and refined stories only, or the other stories only: the first
# page of the first kind is a screenful of the default filter, whatever is ranked between.
_IN_BACKLOG = " AND status IN ('new', 'refined')"
_NOT_IN_BACKLOG = " AND status NOT IN ('new', 'refined')"
# A page's facts are narrowed to the stories of its rank range and kind (a subquery, not an
# id list: thousands of ids written into six statements cost more than the reads).
_PAGE_RANGE = "(SELECT id FROM story WHERE team_id = :team AND rank BETWEEN :low AND :high{})"


def _narrow(sql: str, column: str, within: str | None) -> str:
    """``sql`` restricted to the stories whose id is ``IN within`` (all of them when None)."""
    if within is None:
        return sql
    glue = " AND " if " WHERE " in sql else " WHERE "
    for tail in (" ORDER BY ", " GROUP BY "):
        if tail in sql:
            head, rest = sql.split(tail, 1)
            return f"{head}{glue}{column} IN {within}{tail}{rest}"
    return f"{sql}{glue}{column} IN {within}"


@dataclass(frozen=True, slots=True)
class ListingData:
    """The raw material of the backlog listing: plain tuples and sets of story ids.

    Attributes:
        stories: ``(id, rank, key, title, estimate, status, type, committed)`` in rank order;
            ``committed`` is 1 when an estimate exists and the team committed it, else 0.
        po_criteria: stories with a criterion written by a Product Owner of the team.
        assumed: stories with at least one technical assumption.
        unreviewed: stories with an assumption no engineer reviewed yet.
        open_dependencies: stories with a dependency neither resolved nor called out.
        fully_checked: stories with every team DoR item checked (every story when the team
            has no items of its own).
        team_items: how many DoR items the team added.
        blocked: story id → its open blockers, for the stories with any.
        sla_hours: the team's blocker SLA.
        counts: on the first page of a listing read in pages, how many stories the team has
            and how many of them are new or refined; else None.
    """

    stories: list[tuple[Any, ...]]
    po_criteria: set[int]
    assumed: set[int]
    unreviewed: set[int]
    open_dependencies: set[int]
    fully_checked: set[int] | None
    team_items: int
    blocked: dict[int, StoryBlock]
    sla_hours: int
    counts: tuple[int, int] | None = None


class BacklogRepository:
    """Ranked backlog reads and rank writes."""

    def __init__(self, session: Session) -> None:
        """Work inside ``session`` (the caller commits)."""
        self.session = session

    def listing(
        self,
        team_id: TeamId,
        only: Sequence[int] | None = None,
        *,
        page: tuple[int | None, int, bool, int | None] | None = None,
    ) -> ListingData:
        """Every story of the team in rank order, with the id sets readiness needs.

        ``fully_checked`` is None when the team has no DoR items of its own (nothing to check).
        With ``only``, just those stories (a screen patching a few rows). With ``page`` =
        ``(after, limit, backlog, upto)``, the first ``limit`` stories ranked below ``after``
        (None: from the top) and not below ``upto`` (None: to the end) that are new or refined
        (``backlog``) or that are not, their facts narrowed to them: a long backlog read a page
        at a time (``upto`` bounds how far one page looks past stories of the other kind). The
        first page of new and refined stories also says how many stories there are (``counts``).
        """
        params: dict[str, Any] = {"team": team_id, "po": Role.PRODUCT_OWNER.value}
        run = self._runner()
        head = page is not None and page[0] is None and page[2]
        facts = run(_HEAD_FACTS_SQL if head else _TEAM_FACTS_SQL, {"team": team_id})
        items, sla_hours = facts[0][:2] if facts else (0, 0)
        counts = (int(facts[0][2]), int(facts[0][3])) if head and facts else None
        # The ids are ints, written into the statement: the driver's cursor binds no lists.
        within = None if only is None else f"({','.join(str(int(i)) for i in only) or 'NULL'})"
        bounds: dict[str, Any] = {}
        if page is None:
            stories = run(_narrow(_STORIES_SQL, "id", within), params)
        else:
            after, limit, backlog, upto = page
            kind = _IN_BACKLOG if backlog else _NOT_IN_BACKLOG
            where = kind if after is None else f"{kind} AND rank > :after"
            where += "" if upto is None else " AND rank <= :upto"
            sql = _STORIES_SQL.replace(" ORDER BY", f"{where} ORDER BY") + " LIMIT :limit"
            stories = run(sql, {**params, "after": after, "upto": upto, "limit": limit})
            within = _PAGE_RANGE.format(kind) if stories else "(NULL)"
            if stories:
                bounds = {"team": team_id, "low": stories[0][1], "high": stories[-1][1]}
        fully_checked = (
            {
                sid
                for (sid,) in run(
                    _narrow(_FULLY_CHECKED_SQL, "c.story_id", within),
                    {"team": team_id, "items": items, **bounds},
                )
            }
            if items
            else None
        )

        def ids_of(sql: str, query: dict[str, Any]) -> set[int]:
            return {sid for (sid,) in run(_narrow(sql, "story_id", within), {**query, **bounds})}

        return ListingData(
            stories=stories,
            po_criteria=ids_of(_PO_CRITERIA_SQL, params),
            assumed=ids_of(_ASSUMED_SQL, {}),
            unreviewed=ids_of(_UNREVIEWED_SQL, {}),
            open_dependencies=ids_of(_OPEN_DEPENDENCIES_SQL, {}),
            fully_checked=fully_checked,
            team_items=items,
            blocked={
                sid: StoryBlock(utc(raised_at), count)
                for sid, raised_at, count in run(
                    _narrow(_OPEN_BLOCKERS_SQL, "story_id", within), {**params, **bounds}
                )
            },
            sla_hours=sla_hours,
            counts=counts,
        )

    def _runner(self) -> Runner:
        """Plain SQL in this session's transaction (see ``plain_sql``)."""
        return plain_runner(self.session)

    def top_of_backlog(
        self, team_id: TeamId, statuses: Sequence[str], limit: int
    ) -> list[tuple[int, str, str, float | None]]:
        """``(id, key, title, estimate)`` of the first ``limit`` stories with those statuses."""
        query = (
            select(StoryRow.id, StoryRow.key, StoryRow.title, StoryRow.estimate)
            .where(StoryRow.team_id == team_id, StoryRow.status.in_(statuses))
            .order_by(StoryRow.rank)
            .limit(limit)
        )
        return list(self.session.execute(query).all())

    def top_with_facts(
        self, team_id: TeamId, statuses: Sequence[str], limit: int
    ) -> list[tuple[Any, ...]]:
        """The first ``limit`` stories with those statuses and their readiness counts, in one
        statement: ``(id, key, title, estimate, committed_at, criteria, criteria_by_po,
        assumptions, assumptions_reviewed, dependencies_open)``."""
        params = {"team_id": int(team_id), "statuses": list(statuses), "limit": limit}
        return [tuple(row) for row in self.session.execute(top_with_facts_statement(), params)]

    def team_item_count(self, team_id: TeamId) -> int:
        """How many custom DoR items the team has."""
        query = select(func.count()).select_from(TeamDorItemRow)
        return self.session.scalar(query.where(TeamDorItemRow.team_id == team_id)) or 0

    def rank_of(self, story_id: StoryId) -> int:
        """The story's rank.

        Raises:
            LookupError: no such story.
        """
        rows = self._runner()(_RANK_SQL, {"story": int(story_id)})
        if not rows or rows[0][0] is None:
            raise LookupError(story_id)
        return int(rows[0][0])

    def neighbours(self, team_id: TeamId, story_id: StoryId) -> tuple[int | None, int | None]:
        """The ids of the stories just above and just below the story, in one statement.

        Raises:
            LookupError: no such story.
        """
        rows = self._runner()(_NEIGHBOURS_SQL, {"team": int(team_id), "story": int(story_id)})
        if not rows:
            raise LookupError(story_id)
        return rows[0][0], rows[0][1]

    def ranks_of(self, team_id: TeamId, story_ids: Sequence[int]) -> dict[int, int]:
        """The ranks of those of ``story_ids`` that are stories of the team."""
        # Looked up by id alone, the team checked here: with the team in the WHERE clause
        # SQLite walked the team's whole (team_id, rank) index (9 ms at 100,000 stories).
        # The ids are ints, written into the statement (see ``listing``).
        ids = ",".join(str(int(sid)) for sid in story_ids) or "NULL"
        rows = self._runner()(f"SELECT id, rank, team_id FROM story WHERE id IN ({ids})", {})
        return {sid: rank for sid, rank, team in rows if team == team_id}

    def neighbour_rank(
        self, team_id: TeamId, rank: int, *, below: bool, excluding: StoryId
    ) -> int | None:
        """The nearest rank above (``below=False``) or below ``rank`` among the team's stories."""
        sql = _NEXT_RANK_SQL if below else _PREVIOUS_RANK_SQL
        params = {"team": int(team_id), "story": int(excluding), "rank": rank}
        rows = self._runner()(sql, params)
        return rows[0][0] if rows else None

    def edge_rank(self, team_id: TeamId, *, top: bool, excluding: StoryId) -> int | None:
        """The smallest (``top``) or largest rank of the team, ignoring one story."""
        sql = _TOP_RANK_SQL if top else _BOTTOM_RANK_SQL
        rows = self._runner()(sql, {"team": int(team_id), "story": int(excluding)})
        return rows[0][0] if rows else None

    def set_rank(self, story_id: StoryId, rank: int) -> int:
        """Write one rank; returns rows written. Plain SQL: the first move in a process
        compiled the statement (a few ms of a move's 40); the moves load no story row whose
        rank the session would have to update."""
        return plain_write(self.session, _SET_RANK_SQL, {"rank": rank, "story": int(story_id)})

    def ids_in_rank_order(self, team_id: TeamId) -> list[int]:
        """Every story id of the team in rank order."""
        query = select(StoryRow.id).where(StoryRow.team_id == team_id).order_by(StoryRow.rank)
        return list(self.session.scalars(query))

    def lock_team_ranks(self, team_id: TeamId) -> None:
        """Hold the team's ranks until the transaction ends, so moves and rebalances of one
        team run one after the other and each reads the ranks the previous one left.

        On a server this locks the team row (``SELECT … FOR UPDATE``); on SQLite the write
        transaction began with ``BEGIN IMMEDIATE`` and already holds the database's write lock:
        nothing is sent (the statement took the lock it already held, and the first move in a
        process compiled it).
        """
        if self.session.get_bind().dialect.name == "sqlite":
            return
        self.session.execute(
            select(TeamRow.id).where(TeamRow.id == team_id).with_for_update()
        ).first()

    def write_ranks(self, ranks: Sequence[tuple[int, int]]) -> int:
        """Write many ``(id, rank)`` pairs of one team at once (a rebalance); returns rows written.

        Ranks are unique per team and SQLite cannot defer that check, so the rows first move
        to distinct ranks below every rank in use (and below every fresh rank), then to their
        new ranks: no statement ever makes two stories share a rank.
        """
        if not ranks:
            return 0
        low = self.session.scalar(
            select(func.min(StoryRow.rank)).where(StoryRow.id.in_([sid for sid, _ in ranks]))
        )
        team_low = self.session.scalar(
            select(func.min(StoryRow.rank)).where(
                StoryRow.team_id
                == select(StoryRow.team_id).where(StoryRow.id == ranks[0][0]).scalar_subquery()
            )
        )
        floor = min(low or 0, team_low or 0, min(rank for _, rank in ranks), 0) - 1
        table = cast(Table, StoryRow.__table__)
        # Core, not the ORM's bulk update: a rank is not an edit, the rows' versions stay.
        statement = (
            update(table).where(table.c.id == bindparam("b_id")).values(rank=bindparam("b_rank"))
        )
        self.session.execute(
            statement,
            [{"b_id": sid, "b_rank": floor - index} for index, (sid, _) in enumerate(ranks)],
        )
        self.session.execute(statement, [{"b_id": sid, "b_rank": rank} for sid, rank in ranks])
        return len(ranks)

    def po_names(self, team_id: TeamId) -> list[str]:
        """Names of the team's Product Owners (criteria they write count for readiness)."""
        query = select(MemberRow.name).where(
            MemberRow.team_id == team_id, MemberRow.role == Role.PRODUCT_OWNER.value
        )
        return list(self.session.scalars(query))
