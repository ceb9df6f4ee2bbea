"""Who saved a story, team or member last, and when, so a refused stale edit can say so.

Existing rows get NULL (nobody known); the program fills both columns on every write.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

TABLES = ("team", "member", "story")


def upgrade() -> None:
    """Apply this revision."""
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:  # ADD COLUMN: no rebuild
            batch_op.add_column(sa.Column("changed_by", sa.String(120), nullable=True))
            batch_op.add_column(sa.Column("changed_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    """Revert this revision."""
    for table in reversed(TABLES):
        # A plain DROP COLUMN (SQLite 3.35+): a batch rebuild would reorder the constraints.
        op.drop_column(table, "changed_at")
        op.drop_column(table, "changed_by")
