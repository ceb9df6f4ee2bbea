"""Use cases: open a unit of work, apply a domain rule, save, return what changed."""
