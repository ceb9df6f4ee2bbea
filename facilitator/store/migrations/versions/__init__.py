"""Numbered schema revisions, each small and run in one transaction."""
