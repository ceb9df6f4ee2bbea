"""Team operating model: engagement shape, authority, knowledge links, health.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("team", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("engagement_shape", sa.String(length=20), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("regulated", sa.Boolean(), server_default="0", nullable=False)
        )
        batch_op.add_column(
            sa.Column("transition_plan", sa.Text(), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("min_po_hours_per_week", sa.Float(), server_default="4", nullable=False)
        )
    with op.batch_alter_table("member", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("po_hours_per_week", sa.Float(), server_default="0", nullable=False)
        )
        batch_op.add_column(
            sa.Column("access_controls_done", sa.Boolean(), server_default="0", nullable=False)
        )
        batch_op.add_column(
            sa.Column(
                "compliance_training_done",
                sa.Boolean(),
                server_default="0",
                nullable=False,
            )
        )

    op.create_table(
        "team_assignment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("area", sa.String(length=12), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["member.id"],
            name=op.f("fk_team_assignment_member_id_member"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["team.id"],
            name=op.f("fk_team_assignment_team_id_team"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_team_assignment")),
        sa.UniqueConstraint("team_id", "area", "member_id", name="uq_team_assignment_area_member"),
    )
    with op.batch_alter_table("team_assignment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_team_assignment_team_id"), ["team_id"], unique=False)

    op.create_table(
        "knowledge_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.Column("last_reviewed", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "length(trim(title)) > 0", name=op.f("ck_knowledge_link_title_not_blank")
        ),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["team.id"],
            name=op.f("fk_knowledge_link_team_id_team"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_knowledge_link")),
    )
    with op.batch_alter_table("knowledge_link", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_knowledge_link_team_id"), ["team_id"], unique=False)

    op.create_table(
        "partner_candidate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "length(trim(name)) > 0", name=op.f("ck_partner_candidate_name_not_blank")
        ),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["team.id"],
            name=op.f("fk_partner_candidate_team_id_team"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_candidate")),
        sa.UniqueConstraint("team_id", "name", name="uq_partner_candidate_team_name"),
    )
    op.create_table(
        "partner_score",
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("filter", sa.String(length=20), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.CheckConstraint("score BETWEEN 0 AND 5", name=op.f("ck_partner_score_score_range")),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["partner_candidate.id"],
            name=op.f("fk_partner_score_candidate_id_partner_candidate"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("candidate_id", "filter", name=op.f("pk_partner_score")),
    )


def downgrade() -> None:
    """Revert this revision."""
    # The dropped columns carry no constraint or index, so SQLite (3.35+) drops them in place;
    # recreating the tables would reorder their constraints and change the stored schema.
    op.drop_table("partner_score")
    op.drop_table("partner_candidate")
    with op.batch_alter_table("knowledge_link", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_knowledge_link_team_id"))
    op.drop_table("knowledge_link")
    with op.batch_alter_table("team_assignment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_team_assignment_team_id"))
    op.drop_table("team_assignment")
    with op.batch_alter_table("member", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("compliance_training_done")
        batch_op.drop_column("access_controls_done")
        batch_op.drop_column("po_hours_per_week")
    with op.batch_alter_table("team", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("min_po_hours_per_week")
        batch_op.drop_column("transition_plan")
        batch_op.drop_column("regulated")
        batch_op.drop_column("engagement_shape")
