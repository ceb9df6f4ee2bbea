"""An index on story (team_id, status): the counts of a team's stories by status.

The first page of the Backlog and Home count the team's new and refined stories; without this
index SQLite reads every story row of the team to look at its status. On 100,000 stories, cold
(``benchmarks/bench_status_index.py``): the first page's counts 15-19 ms, 5.6-5.8 ms with it;
Home's backlog count 13 ms, 3.8 ms with it. The pages ordered by rank keep walking
``uq_story_team_rank``. PostgreSQL's planner scans the table for these counts either way (most
stories are new or refined: 12 ms with or without it). No data changes; downgrading drops it.

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_index("ix_story_team_status", "story", ["team_id", "status"], unique=False)


def downgrade() -> None:
    """Revert this revision."""
    op.drop_index("ix_story_team_status", table_name="story")
