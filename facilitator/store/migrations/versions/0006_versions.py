"""Row versions for optimistic concurrency, and ranks unique per team.

Story, team and member rows get an integer ``version`` (1 for existing rows) that every update
bumps and every edit checks against the version it read. ``(team_id, rank)`` becomes unique, so
two programs can never leave two stories on one rank.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _spread_duplicate_ranks() -> None:
    """Renumber a team's stories when two share a rank (possible before this revision)."""
    bind = op.get_bind()
    teams = bind.execute(
        sa.text("SELECT DISTINCT team_id FROM story GROUP BY team_id, rank HAVING count(*) > 1")
    ).scalars()
    for team_id in list(teams):
        ids = bind.execute(
            sa.text("SELECT id FROM story WHERE team_id = :t ORDER BY rank, id"), {"t": team_id}
        ).scalars()
        ordered = list(ids)
        low = bind.execute(
            sa.text("SELECT min(rank) FROM story WHERE team_id = :t"), {"t": team_id}
        ).scalar_one()
        base = min(int(low), 0) - 1
        update = sa.text("UPDATE story SET rank = :r WHERE id = :i")
        for index, story_id in enumerate(ordered):  # no index yet: one pass is enough
            bind.execute(update, {"r": base - len(ordered) + index, "i": story_id})
        for index, story_id in enumerate(ordered):
            bind.execute(update, {"r": 1024 * (index + 1), "i": story_id})


def upgrade() -> None:
    """Apply this revision."""
    for table in ("team", "member"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(_version())
    _spread_duplicate_ranks()
    with op.batch_alter_table("story", schema=None) as batch_op:  # no table rebuild on SQLite
        batch_op.add_column(_version())
        batch_op.drop_index("ix_story_team_rank")
        batch_op.create_index("uq_story_team_rank", ["team_id", "rank"], unique=True)


def _version() -> sa.Column[int]:
    return sa.Column("version", sa.Integer(), nullable=False, server_default="1")


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("story", schema=None) as batch_op:
        batch_op.drop_index("uq_story_team_rank")
        batch_op.create_index("ix_story_team_rank", ["team_id", "rank"], unique=False)
    for table in ("story", "member", "team"):
        # A plain DROP COLUMN (SQLite 3.35+): a batch rebuild would reorder the constraints.
        op.drop_column(table, "version")
