"""Timebox timers and ceremony sessions.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "team_presenter_setting",
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("scale", sa.Float(), nullable=False),
        sa.Column("high_contrast", sa.Boolean(), nullable=False),
        sa.Column("sound", sa.Boolean(), nullable=False),
        sa.Column("warn_seconds", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "scale BETWEEN 0.5 AND 3.0", name=op.f("ck_team_presenter_setting_scale_range")
        ),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["team.id"],
            name=op.f("fk_team_presenter_setting_team_id_team"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("team_id", name=op.f("pk_team_presenter_setting")),
    )
    op.create_table(
        "team_timebox_default",
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("ceremony", sa.String(length=12), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "minutes BETWEEN 1 AND 480", name=op.f("ck_team_timebox_default_minutes_range")
        ),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["team.id"],
            name=op.f("fk_team_timebox_default_team_id_team"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("team_id", "ceremony", name=op.f("pk_team_timebox_default")),
    )
    op.create_table(
        "ceremony_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("sprint_id", sa.Integer(), nullable=True),
        sa.Column("ceremony", sa.String(length=12), nullable=False),
        sa.Column("warn_seconds", sa.Integer(), nullable=False),
        sa.Column("current_item", sa.Integer(), nullable=False),
        sa.Column("running_since", sa.DateTime(), nullable=True),
        sa.Column("started_at", sa.DateTime(), nullable=True),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("timebox_seconds", sa.Integer(), nullable=False),
        sa.Column("overtime_seconds", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "ceremony IN ('planning', 'refinement', 'standup', 'review', 'retro')",
            name=op.f("ck_ceremony_session_ceremony_known"),
        ),
        sa.ForeignKeyConstraint(
            ["sprint_id"],
            ["sprint.id"],
            name=op.f("fk_ceremony_session_sprint_id_sprint"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["team.id"],
            name=op.f("fk_ceremony_session_team_id_team"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ceremony_session")),
    )
    with op.batch_alter_table("ceremony_session", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_ceremony_session_sprint_id"), ["sprint_id"], unique=False
        )
        batch_op.create_index(
            "ix_ceremony_session_team_ceremony", ["team_id", "ceremony", "ended_at"], unique=False
        )

    op.create_table(
        "agenda_item",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("timebox_seconds", sa.Integer(), nullable=False),
        sa.Column("elapsed_seconds", sa.Float(), nullable=False),
        sa.CheckConstraint("timebox_seconds > 0", name=op.f("ck_agenda_item_timebox_positive")),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["ceremony_session.id"],
            name=op.f("fk_agenda_item_session_id_ceremony_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("session_id", "position", name=op.f("pk_agenda_item")),
    )
    op.create_table(
        "timer_extension",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "minutes BETWEEN 1 AND 120", name=op.f("ck_timer_extension_minutes_range")
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["ceremony_session.id"],
            name=op.f("fk_timer_extension_session_id_ceremony_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_timer_extension")),
    )
    with op.batch_alter_table("timer_extension", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_timer_extension_session_id"), ["session_id"], unique=False
        )


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("timer_extension", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_timer_extension_session_id"))

    op.drop_table("timer_extension")
    op.drop_table("agenda_item")
    with op.batch_alter_table("ceremony_session", schema=None) as batch_op:
        batch_op.drop_index("ix_ceremony_session_team_ceremony")
        batch_op.drop_index(batch_op.f("ix_ceremony_session_sprint_id"))

    op.drop_table("ceremony_session")
    op.drop_table("team_timebox_default")
    op.drop_table("team_presenter_setting")
