"""Alembic migration environment for the Sprint Facilitator schema."""
