"""Qt user interface: thin widgets over ops and domain."""
