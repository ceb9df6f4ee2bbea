"""Storage: SQLAlchemy models, engine setup, migrations and repositories."""
