"""Sprint review: the marks of a review run, stakeholders' notes, deployments and defects.

New tables only; ``sprint_story.done`` and ``not_done_reason`` (0002) hold the Done decisions
the review fixes when it closes. One review per sprint (a unique sprint id).

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def _fk(table: str, column: str, target: str, ondelete: str = "CASCADE") -> sa.ForeignKeyConstraint:
    referred = target.split(".")[0]
    return sa.ForeignKeyConstraint(
        [column], [target], name=op.f(f"fk_{table}_{column}_{referred}"), ondelete=ondelete
    )


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "review",
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("sprint_id", sa.Integer(), nullable=False),
        sa.Column("closed_by_id", sa.Integer(), nullable=True),
        sa.Column("closed_by_name", sa.String(length=120), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        _fk("review", "run_id", "ceremony_run.id"),
        _fk("review", "sprint_id", "sprint.id"),
        sa.PrimaryKeyConstraint("run_id", name=op.f("pk_review")),
        sa.UniqueConstraint("sprint_id", name=op.f("uq_review_sprint_id")),
    )
    op.create_table(
        "review_criterion_mark",
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("criterion_id", sa.Integer(), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        _fk("review_criterion_mark", "run_id", "review.run_id"),
        _fk("review_criterion_mark", "criterion_id", "acceptance_criterion.id"),
        sa.PrimaryKeyConstraint("run_id", "criterion_id", name=op.f("pk_review_criterion_mark")),
    )
    op.create_table(
        "review_dod_mark",
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("item", sa.String(length=200), nullable=False),
        sa.Column("holds", sa.Boolean(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        _fk("review_dod_mark", "run_id", "review.run_id"),
        _fk("review_dod_mark", "story_id", "story.id"),
        sa.PrimaryKeyConstraint("run_id", "story_id", "item", name=op.f("pk_review_dod_mark")),
    )
    op.create_table(
        "review_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("by_name", sa.String(length=120), server_default="", nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=True),
        sa.Column("created_story_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('question', 'feedback')", name=op.f("ck_review_note_kind_known")
        ),
        sa.CheckConstraint(
            "created_story_id IS NULL OR kind = 'feedback'",
            name=op.f("ck_review_note_story_from_feedback"),
        ),
        _fk("review_note", "run_id", "review.run_id"),
        _fk("review_note", "story_id", "story.id", "SET NULL"),
        sa.ForeignKeyConstraint(
            ["created_story_id"],
            ["story.id"],
            name=op.f("fk_review_note_created_story_id_story"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_note")),
    )
    with op.batch_alter_table("review_note", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_review_note_run_id"), ["run_id"], unique=False)

    op.create_table(
        "sprint_deployment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sprint_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
        _fk("sprint_deployment", "sprint_id", "sprint.id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sprint_deployment")),
    )
    with op.batch_alter_table("sprint_deployment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_sprint_deployment_sprint_id"), ["sprint_id"], unique=False
        )

    op.create_table(
        "sprint_defect",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sprint_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('found_in_sprint', 'escaped')", name=op.f("ck_sprint_defect_kind_known")
        ),
        _fk("sprint_defect", "sprint_id", "sprint.id"),
        _fk("sprint_defect", "story_id", "story.id", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sprint_defect")),
    )
    with op.batch_alter_table("sprint_defect", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sprint_defect_sprint_id"), ["sprint_id"], unique=False)


def downgrade() -> None:
    """Revert this revision (the Done decisions stay on ``sprint_story``)."""
    with op.batch_alter_table("sprint_defect", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sprint_defect_sprint_id"))
    op.drop_table("sprint_defect")
    with op.batch_alter_table("sprint_deployment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sprint_deployment_sprint_id"))
    op.drop_table("sprint_deployment")
    with op.batch_alter_table("review_note", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_note_run_id"))
    op.drop_table("review_note")
    op.drop_table("review_dod_mark")
    op.drop_table("review_criterion_mark")
    op.drop_table("review")
