"""The retrospective: notes, groups, dots, the reveal, and the one experiment per retro.

New tables only; existing data is untouched. ``experiment.run_id`` is UNIQUE, so a second
experiment for one retrospective cannot be stored, whoever writes it. Downgrading drops the
tables and their data.

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def _run_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["run_id"], ["retro.run_id"], name=op.f(f"fk_{table}_run_id_retro"), ondelete="CASCADE"
    )


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "retro",
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("sprint_id", sa.Integer(), nullable=False),
        sa.Column("previous_run_id", sa.Integer(), nullable=True),
        sa.Column("phase", sa.String(length=10), nullable=False),
        sa.Column("votes_per_person", sa.Integer(), nullable=False),
        sa.Column("voting_skipped", sa.Boolean(), nullable=False),
        sa.Column("revealed", sa.Boolean(), nullable=False),
        sa.Column("discussing", sa.Integer(), nullable=True),
        sa.Column("closed_by_id", sa.Integer(), nullable=True),
        sa.Column("closed_by_name", sa.String(length=120), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "phase IN ('evaluate', 'gather', 'group', 'vote', 'discuss', 'decide')",
            name=op.f("ck_retro_phase_known"),
        ),
        sa.CheckConstraint("votes_per_person >= 1", name=op.f("ck_retro_votes_at_least_one")),
        sa.ForeignKeyConstraint(
            ["previous_run_id"],
            ["retro.run_id"],
            name=op.f("fk_retro_previous_run_id_retro"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["ceremony_run.id"],
            name=op.f("fk_retro_run_id_ceremony_run"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["sprint_id"], ["sprint.id"], name=op.f("fk_retro_sprint_id_sprint"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["team.id"], name=op.f("fk_retro_team_id_team"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("run_id", name=op.f("pk_retro")),
        sa.UniqueConstraint("sprint_id", name=op.f("uq_retro_sprint_id")),
    )
    with op.batch_alter_table("retro", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_retro_team_id"), ["team_id"], unique=False)

    op.create_table(
        "retro_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("board_column", sa.String(length=12), nullable=False),
        sa.Column("friction", sa.String(length=12), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("author_name", sa.String(length=120), nullable=True),
        sa.CheckConstraint(
            "(author_id IS NULL) = (author_name IS NULL)",
            name=op.f("ck_retro_note_author_whole_or_none"),
        ),
        sa.CheckConstraint(
            "board_column IN ('went_well', 'to_improve', 'friction')",
            name=op.f("ck_retro_note_column_known"),
        ),
        _run_fk("retro_note"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_retro_note")),
        sa.UniqueConstraint("run_id", "number", name="uq_retro_note_number"),
    )
    op.create_table(
        "retro_group",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        _run_fk("retro_group"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_retro_group")),
        sa.UniqueConstraint("run_id", "number", name="uq_retro_group_number"),
    )
    op.create_table(
        "retro_vote",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("group_number", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["member.id"],
            name=op.f("fk_retro_vote_member_id_member"),
            ondelete="CASCADE",
        ),
        _run_fk("retro_vote"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_retro_vote")),
    )
    with op.batch_alter_table("retro_vote", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_retro_vote_run_id"), ["run_id"], unique=False)

    op.create_table(
        "experiment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("sprint_id", sa.Integer(), nullable=False),
        sa.Column("change", sa.Text(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("owner_name", sa.String(length=120), nullable=False),
        sa.Column("success_measure", sa.Text(), nullable=False),
        sa.Column("check_on", sa.Date(), nullable=True),
        sa.Column("outcome", sa.String(length=14), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=True),
        sa.Column("evaluated_by_id", sa.Integer(), nullable=True),
        sa.Column("evaluated_by_name", sa.String(length=120), nullable=True),
        sa.Column("evaluated_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "(outcome = 'pending') = (evidence IS NULL)",
            name=op.f("ck_experiment_evidence_with_outcome"),
        ),
        sa.CheckConstraint(
            "outcome IN ('worked', 'did_not_work', 'inconclusive', 'pending')",
            name=op.f("ck_experiment_outcome_known"),
        ),
        _run_fk("experiment"),
        sa.ForeignKeyConstraint(
            ["sprint_id"],
            ["sprint.id"],
            name=op.f("fk_experiment_sprint_id_sprint"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["team.id"], name=op.f("fk_experiment_team_id_team"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_experiment")),
        sa.UniqueConstraint("run_id", name=op.f("uq_experiment_run_id")),
    )
    with op.batch_alter_table("experiment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_experiment_team_id"), ["team_id"], unique=False)


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("experiment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_experiment_team_id"))
    op.drop_table("experiment")
    with op.batch_alter_table("retro_vote", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_retro_vote_run_id"))
    op.drop_table("retro_vote")
    op.drop_table("retro_group")
    op.drop_table("retro_note")
    with op.batch_alter_table("retro", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_retro_team_id"))
    op.drop_table("retro")
