"""One module per screen of DESIGN.md."""
