"""Sprints and the stories in them (frozen forecast lines with their outcome).

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "sprint",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("goal", sa.Text(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("capacity_proposed", sa.Float(), nullable=True),
        sa.Column("capacity_points", sa.Float(), nullable=True),
        sa.CheckConstraint(
            "state IN ('planned', 'active', 'closed')", name=op.f("ck_sprint_state_known")
        ),
        sa.CheckConstraint("end_date >= start_date", name=op.f("ck_sprint_dates_ordered")),
        sa.ForeignKeyConstraint(
            ["team_id"], ["team.id"], name=op.f("fk_sprint_team_id_team"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sprint")),
        sa.UniqueConstraint("team_id", "name", name="uq_sprint_team_name"),
    )
    with op.batch_alter_table("sprint", schema=None) as batch_op:
        batch_op.create_index("ix_sprint_team_start", ["team_id", "start_date"], unique=False)

    op.create_table(
        "sprint_story",
        sa.Column("sprint_id", sa.Integer(), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("points", sa.Float(), nullable=False),
        sa.Column("added_mid_sprint", sa.Boolean(), nullable=False),
        sa.Column("done", sa.Boolean(), nullable=True),
        sa.Column("not_done_reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["sprint_id"],
            ["sprint.id"],
            name=op.f("fk_sprint_story_sprint_id_sprint"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["story_id"],
            ["story.id"],
            name=op.f("fk_sprint_story_story_id_story"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("sprint_id", "story_id", name=op.f("pk_sprint_story")),
    )
    with op.batch_alter_table("sprint_story", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sprint_story_story_id"), ["story_id"], unique=False)


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("sprint_story", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sprint_story_story_id"))

    op.drop_table("sprint_story")
    with op.batch_alter_table("sprint", schema=None) as batch_op:
        batch_op.drop_index("ix_sprint_team_start")

    op.drop_table("sprint")
