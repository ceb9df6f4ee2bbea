"""Domain data to matplotlib figures (no pyplot, no Qt)."""
