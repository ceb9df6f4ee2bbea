"""Pure domain rules: no Qt, no SQLAlchemy, no clock reads, no I/O."""
