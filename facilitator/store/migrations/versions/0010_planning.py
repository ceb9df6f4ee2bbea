"""Sprint planning: availability, holidays, capacity, the planning state and frozen snapshots.

New tables only. A frozen snapshot (``planning_snapshot`` with its ``snapshot_story`` and
``snapshot_confirmation`` rows) is immutable: triggers refuse any UPDATE or DELETE of it, on
SQLite with ``RAISE(ABORT, ...)`` and on PostgreSQL with a trigger function.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

FROZEN_TABLES = ("planning_snapshot", "snapshot_story", "snapshot_confirmation")
MESSAGE = "a frozen planning snapshot cannot change"
PG_FUNCTION = "planning_snapshot_frozen"


def _guard() -> None:
    """Refuse every UPDATE and DELETE of a frozen snapshot's rows, in the database itself."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"CREATE FUNCTION {PG_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN RAISE EXCEPTION '{MESSAGE}'; END $$"
        )
        for table in FROZEN_TABLES:
            op.execute(
                f"CREATE TRIGGER {table}_frozen BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {PG_FUNCTION}()"
            )
        return
    for table in FROZEN_TABLES:
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
            )


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "team_holiday",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("location", sa.String(length=120), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"], ["team.id"], name=op.f("fk_team_holiday_team_id_team"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_team_holiday")),
        sa.UniqueConstraint("team_id", "location", "day", name="uq_team_holiday_day"),
    )
    with op.batch_alter_table("team_holiday", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_team_holiday_team_id"), ["team_id"], unique=False)

    op.create_table(
        "capacity_choice",
        sa.Column("sprint_id", sa.Integer(), nullable=False),
        sa.Column("proposed", sa.Float(), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("sprints_used", sa.Integer(), nullable=False),
        sa.Column("points", sa.Float(), nullable=False),
        sa.Column("by_id", sa.Integer(), nullable=False),
        sa.Column("by_name", sa.String(length=120), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("points >= 0", name=op.f("ck_capacity_choice_points_not_negative")),
        sa.ForeignKeyConstraint(
            ["sprint_id"],
            ["sprint.id"],
            name=op.f("fk_capacity_choice_sprint_id_sprint"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("sprint_id", name=op.f("pk_capacity_choice")),
    )
    op.create_table(
        "member_availability",
        sa.Column("sprint_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("allocation_pct", sa.Float(), nullable=False),
        sa.CheckConstraint(
            "allocation_pct BETWEEN 0 AND 100", name=op.f("ck_member_availability_allocation_range")
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["member.id"],
            name=op.f("fk_member_availability_member_id_member"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["sprint_id"],
            ["sprint.id"],
            name=op.f("fk_member_availability_sprint_id_sprint"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("sprint_id", "member_id", name=op.f("pk_member_availability")),
    )
    op.create_table(
        "member_day_off",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sprint_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("fraction", sa.Float(), nullable=False),
        sa.CheckConstraint(
            "fraction > 0 AND fraction <= 1", name=op.f("ck_member_day_off_fraction_range")
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["member.id"],
            name=op.f("fk_member_day_off_member_id_member"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["sprint_id"],
            ["sprint.id"],
            name=op.f("fk_member_day_off_sprint_id_sprint"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member_day_off")),
        sa.UniqueConstraint("sprint_id", "member_id", "day", name="uq_member_day_off_day"),
    )
    with op.batch_alter_table("member_day_off", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_member_day_off_sprint_id"), ["sprint_id"], unique=False
        )

    op.create_table(
        "planning",
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("sprint_id", sa.Integer(), nullable=False),
        sa.Column("capacity", sa.Float(), nullable=False),
        sa.Column("goal", sa.Text(), server_default="", nullable=False),
        sa.Column("full_by_id", sa.Integer(), nullable=True),
        sa.Column("full_by_name", sa.String(length=120), nullable=True),
        sa.Column("full_at", sa.DateTime(), nullable=True),
        sa.Column("frozen", sa.Boolean(), server_default="0", nullable=False),
        sa.CheckConstraint("capacity >= 0", name=op.f("ck_planning_capacity_not_negative")),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["ceremony_run.id"],
            name=op.f("fk_planning_run_id_ceremony_run"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["sprint_id"],
            ["sprint.id"],
            name=op.f("fk_planning_sprint_id_sprint"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("run_id", name=op.f("pk_planning")),
    )
    with op.batch_alter_table("planning", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_planning_sprint_id"), ["sprint_id"], unique=False)

    op.create_table(
        "planning_snapshot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("sprint_id", sa.Integer(), nullable=False),
        sa.Column("sprint_name", sa.String(length=120), nullable=False),
        sa.Column("capacity", sa.Float(), nullable=False),
        sa.Column("goal", sa.Text(), nullable=False),
        sa.Column("by_id", sa.Integer(), nullable=False),
        sa.Column("by_name", sa.String(length=120), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"], ["ceremony_run.id"], name=op.f("fk_planning_snapshot_run_id_ceremony_run")
        ),
        sa.ForeignKeyConstraint(
            ["sprint_id"], ["sprint.id"], name=op.f("fk_planning_snapshot_sprint_id_sprint")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_planning_snapshot")),
    )
    with op.batch_alter_table("planning_snapshot", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_planning_snapshot_run_id"), ["run_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_planning_snapshot_sprint_id"), ["sprint_id"], unique=False
        )

    op.create_table(
        "planning_act",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=True),
        sa.Column("key", sa.String(length=32), server_default="", nullable=False),
        sa.Column("title", sa.String(length=300), server_default="", nullable=False),
        sa.Column("points", sa.Float(), nullable=True),
        sa.Column("before", sa.Float(), nullable=True),
        sa.Column("open_items", sa.Text(), server_default="[]", nullable=False),
        sa.Column("text", sa.Text(), server_default="", nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("owner_name", sa.String(length=120), server_default="", nullable=False),
        sa.Column("role", sa.String(length=20), server_default="", nullable=False),
        sa.Column("by_id", sa.Integer(), nullable=False),
        sa.Column("by_name", sa.String(length=120), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('entry', 'skip', 'removal', 'capacity', 'acknowledgement', "
            "'confirmation', 'reopening')",
            name=op.f("ck_planning_act_kind_known"),
        ),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["planning.run_id"],
            name=op.f("fk_planning_act_run_id_planning"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["story_id"],
            ["story.id"],
            name=op.f("fk_planning_act_story_id_story"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_planning_act")),
    )
    with op.batch_alter_table("planning_act", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_planning_act_run_id"), ["run_id"], unique=False)

    op.create_table(
        "snapshot_confirmation",
        sa.Column("snapshot_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("confirmer", sa.String(length=20), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("by_id", sa.Integer(), nullable=False),
        sa.Column("by_name", sa.String(length=120), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["snapshot_id"],
            ["planning_snapshot.id"],
            name=op.f("fk_snapshot_confirmation_snapshot_id_planning_snapshot"),
        ),
        sa.PrimaryKeyConstraint("snapshot_id", "position", name=op.f("pk_snapshot_confirmation")),
    )
    op.create_table(
        "snapshot_story",
        sa.Column("snapshot_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("points", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["snapshot_id"],
            ["planning_snapshot.id"],
            name=op.f("fk_snapshot_story_snapshot_id_planning_snapshot"),
        ),
        sa.PrimaryKeyConstraint("snapshot_id", "position", name=op.f("pk_snapshot_story")),
    )

    _guard()


def downgrade() -> None:
    """Revert this revision (the triggers go with their tables)."""
    op.drop_table("snapshot_story")
    op.drop_table("snapshot_confirmation")
    with op.batch_alter_table("planning_act", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_planning_act_run_id"))

    op.drop_table("planning_act")
    with op.batch_alter_table("planning_snapshot", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_planning_snapshot_sprint_id"))
        batch_op.drop_index(batch_op.f("ix_planning_snapshot_run_id"))

    op.drop_table("planning_snapshot")
    with op.batch_alter_table("planning", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_planning_sprint_id"))

    op.drop_table("planning")
    with op.batch_alter_table("member_day_off", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_member_day_off_sprint_id"))

    op.drop_table("member_day_off")
    op.drop_table("member_availability")
    op.drop_table("capacity_choice")
    with op.batch_alter_table("team_holiday", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_team_holiday_team_id"))

    op.drop_table("team_holiday")

    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP FUNCTION {PG_FUNCTION}()")
