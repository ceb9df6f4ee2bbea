"""Alembic environment: runs on the connection the app hands over, in batch mode for SQLite."""

from alembic import context

from facilitator.store.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    transactional_ddl=True,
)
with context.begin_transaction():
    context.run_migrations()
