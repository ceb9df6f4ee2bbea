"""Backlog refinement: assumptions, dependencies, risks, custom DoR, refinement sessions.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "refinement_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["team.id"],
            name=op.f("fk_refinement_session_team_id_team"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_refinement_session")),
    )
    with op.batch_alter_table("refinement_session", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_refinement_session_team_id"), ["team_id"], unique=False
        )

    op.create_table(
        "team_dor_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"], ["team.id"], name=op.f("fk_team_dor_item_team_id_team"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_team_dor_item")),
    )
    with op.batch_alter_table("team_dor_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_team_dor_item_team_id"), ["team_id"], unique=False)

    op.create_table(
        "assumption",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("reviewed_by_id", sa.Integer(), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["reviewed_by_id"], ["member.id"], name=op.f("fk_assumption_reviewed_by_id_member")
        ),
        sa.ForeignKeyConstraint(
            ["story_id"],
            ["story.id"],
            name=op.f("fk_assumption_story_id_story"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assumption")),
    )
    with op.batch_alter_table("assumption", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assumption_story_id"), ["story_id"], unique=False)

    op.create_table(
        "dependency",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("depends_on_story_id", sa.Integer(), nullable=True),
        sa.Column("external_party", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("called_out", sa.Boolean(), nullable=False),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "depends_on_story_id IS NOT NULL OR length(trim(external_party)) > 0",
            name=op.f("ck_dependency_target_given"),
        ),
        sa.CheckConstraint(
            "depends_on_story_id IS NULL OR depends_on_story_id != story_id",
            name=op.f("ck_dependency_not_self"),
        ),
        sa.ForeignKeyConstraint(
            ["depends_on_story_id"],
            ["story.id"],
            name=op.f("fk_dependency_depends_on_story_id_story"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["story_id"],
            ["story.id"],
            name=op.f("fk_dependency_story_id_story"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dependency")),
    )
    with op.batch_alter_table("dependency", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_dependency_depends_on_story_id"), ["depends_on_story_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_dependency_story_id"), ["story_id"], unique=False)

    op.create_table(
        "poker_round",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("agreed", sa.Float(), nullable=False),
        sa.Column("revealed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["refinement_session.id"],
            name=op.f("fk_poker_round_session_id_refinement_session"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["story_id"],
            ["story.id"],
            name=op.f("fk_poker_round_story_id_story"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_poker_round")),
    )
    with op.batch_alter_table("poker_round", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_poker_round_story_id"), ["story_id"], unique=False)

    op.create_table(
        "refinement_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["refinement_session.id"],
            name=op.f("fk_refinement_change_session_id_refinement_session"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["story_id"],
            ["story.id"],
            name=op.f("fk_refinement_change_story_id_story"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_refinement_change")),
    )
    with op.batch_alter_table("refinement_change", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_refinement_change_session_id"), ["session_id"], unique=False
        )

    op.create_table(
        "risk",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("severity", sa.String(length=8), nullable=False),
        sa.Column("mitigation", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "severity IN ('low', 'medium', 'high')", name=op.f("ck_risk_severity_known")
        ),
        sa.ForeignKeyConstraint(
            ["story_id"], ["story.id"], name=op.f("fk_risk_story_id_story"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risk")),
    )
    with op.batch_alter_table("risk", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_risk_story_id"), ["story_id"], unique=False)

    op.create_table(
        "story_dor_check",
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("checked_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["team_dor_item.id"],
            name=op.f("fk_story_dor_check_item_id_team_dor_item"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["story_id"],
            ["story.id"],
            name=op.f("fk_story_dor_check_story_id_story"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("story_id", "item_id", name=op.f("pk_story_dor_check")),
    )
    with op.batch_alter_table("story_dor_check", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_story_dor_check_item_id"), ["item_id"], unique=False)

    op.create_table(
        "poker_vote",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("voter", sa.String(length=120), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["poker_round.id"],
            name=op.f("fk_poker_vote_round_id_poker_round"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("round_id", "voter", name=op.f("pk_poker_vote")),
    )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_table("poker_vote")
    with op.batch_alter_table("story_dor_check", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_story_dor_check_item_id"))

    op.drop_table("story_dor_check")
    with op.batch_alter_table("risk", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_risk_story_id"))

    op.drop_table("risk")
    with op.batch_alter_table("refinement_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_refinement_change_session_id"))

    op.drop_table("refinement_change")
    with op.batch_alter_table("poker_round", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_poker_round_story_id"))

    op.drop_table("poker_round")
    with op.batch_alter_table("dependency", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dependency_story_id"))
        batch_op.drop_index(batch_op.f("ix_dependency_depends_on_story_id"))

    op.drop_table("dependency")
    with op.batch_alter_table("assumption", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assumption_story_id"))

    op.drop_table("assumption")
    with op.batch_alter_table("team_dor_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_team_dor_item_team_id"))

    op.drop_table("team_dor_item")
    with op.batch_alter_table("refinement_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_refinement_session_team_id"))

    op.drop_table("refinement_session")
