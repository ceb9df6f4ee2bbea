"""The backlog's built statements: made once and reused, since building one costs more than
running it for the few rows it reads."""

from __future__ import annotations

import functools
from typing import Any

from sqlalchemy import bindparam, func, select

from facilitator.domain.model import Role
from facilitator.store.models import AssumptionRow, CriterionRow, DependencyRow, MemberRow, StoryRow


@functools.cache
def top_with_facts_statement() -> Any:
    """The statement of ``BacklogRepository.top_with_facts``, built once: it runs after
    every action (the readiness badge) and building its subqueries cost more than running it."""
    story = StoryRow.__table__.alias("s")
    criterion = CriterionRow.__table__.alias("c")
    assumption = AssumptionRow.__table__.alias("a")
    dependency = DependencyRow.__table__.alias("d")
    team_id: Any = bindparam("team_id")
    po_names = select(MemberRow.name).where(
        MemberRow.team_id == team_id, MemberRow.role == Role.PRODUCT_OWNER.value
    )

    def count(table: Any, *where: Any, of: Any = None) -> Any:
        counted = func.count() if of is None else func.count(of)
        return (
            select(counted)
            .select_from(table)
            .where(table.c.story_id == story.c.id, *where)
            .scalar_subquery()
        )

    return (
        select(
            story.c.id,
            story.c.key,
            story.c.title,
            story.c.estimate,
            story.c.estimate_committed_at,
            count(criterion),
            count(criterion, criterion.c.author.in_(po_names)),
            count(assumption),
            count(assumption, of=assumption.c.reviewed_by_id),
            count(
                dependency,
                dependency.c.resolved_at.is_(None),
                dependency.c.called_out.is_(False),
            ),
        )
        .where(
            story.c.team_id == team_id,
            story.c.status.in_(bindparam("statuses", expanding=True)),
        )
        .order_by(story.c.rank)
        .limit(bindparam("limit"))
    )
