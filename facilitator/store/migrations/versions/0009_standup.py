"""The standup and the decision log: daily updates, blockers, decisions, who decides, tools.

New tables only; existing data is untouched. Members without a ``member_week`` row work Monday to
Friday. Downgrading drops the tables and their data.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "team_tool",
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("area", sa.String(length=16), nullable=False),
        sa.Column("side", sa.String(length=12), nullable=False),
        sa.Column("tool", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"], ["team.id"], name=op.f("fk_team_tool_team_id_team"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("team_id", "area", "side", name=op.f("pk_team_tool")),
    )
    op.create_table(
        "daily_update",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("done", sa.Text(), nullable=False),
        sa.Column("next", sa.Text(), nullable=False),
        sa.Column("blockers", sa.Text(), nullable=False),
        sa.Column("written_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["member.id"],
            name=op.f("fk_daily_update_member_id_member"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["team.id"], name=op.f("fk_daily_update_team_id_team"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_daily_update")),
        sa.UniqueConstraint("member_id", "day", name="uq_daily_update_member_day"),
    )
    with op.batch_alter_table("daily_update", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_daily_update_team_id"), ["team_id"], unique=False)

    op.create_table(
        "decision_authority",
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("technical_id", sa.Integer(), nullable=True),
        sa.Column("priorities_id", sa.Integer(), nullable=True),
        sa.Column("escalation_id", sa.Integer(), nullable=True),
        sa.Column("path", sa.String(length=1000), nullable=False),
        sa.ForeignKeyConstraint(
            ["escalation_id"],
            ["member.id"],
            name=op.f("fk_decision_authority_escalation_id_member"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["priorities_id"],
            ["member.id"],
            name=op.f("fk_decision_authority_priorities_id_member"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["team.id"],
            name=op.f("fk_decision_authority_team_id_team"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["technical_id"],
            ["member.id"],
            name=op.f("fk_decision_authority_technical_id_member"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("team_id", name=op.f("pk_decision_authority")),
    )
    op.create_table(
        "member_week",
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.CheckConstraint("days BETWEEN 0 AND 127", name=op.f("ck_member_week_days_range")),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["member.id"],
            name=op.f("fk_member_week_member_id_member"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("member_id", name=op.f("pk_member_week")),
    )
    op.create_table(
        "blocker",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("raised_by_id", sa.Integer(), nullable=False),
        sa.Column("raised_at", sa.DateTime(), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("resolution", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["member.id"],
            name=op.f("fk_blocker_owner_id_member"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["raised_by_id"],
            ["member.id"],
            name=op.f("fk_blocker_raised_by_id_member"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["story_id"], ["story.id"], name=op.f("fk_blocker_story_id_story"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["team.id"], name=op.f("fk_blocker_team_id_team"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_blocker")),
    )
    with op.batch_alter_table("blocker", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_blocker_team_id"), ["team_id"], unique=False)

    op.create_table(
        "decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("raised_by_id", sa.Integer(), nullable=False),
        sa.Column("raised_at", sa.DateTime(), nullable=False),
        sa.Column("decision_maker_id", sa.Integer(), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("decision", sa.Text(), nullable=False),
        sa.Column("acted_on_at", sa.DateTime(), nullable=True),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("story_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["decision_maker_id"],
            ["member.id"],
            name=op.f("fk_decision_decision_maker_id_member"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["raised_by_id"],
            ["member.id"],
            name=op.f("fk_decision_raised_by_id_member"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["ceremony_run.id"],
            name=op.f("fk_decision_run_id_ceremony_run"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["story_id"], ["story.id"], name=op.f("fk_decision_story_id_story"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["team.id"], name=op.f("fk_decision_team_id_team"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision")),
    )
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_decision_team_id"), ["team_id"], unique=False)


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decision_team_id"))

    op.drop_table("decision")
    with op.batch_alter_table("blocker", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_blocker_team_id"))

    op.drop_table("blocker")
    op.drop_table("member_week")
    op.drop_table("decision_authority")
    with op.batch_alter_table("daily_update", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_daily_update_team_id"))

    op.drop_table("daily_update")
    op.drop_table("team_tool")
