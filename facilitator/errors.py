"""Error types: environmental failures the user can fix, versus bugs."""


class FacilitatorError(Exception):
    """Base class of errors with a message meant for the user."""


class StoreUnavailable(FacilitatorError):
    """The database cannot be used: bad folder, locked, corrupt, not SQLite, too new, bad URL."""


class RuleViolation(FacilitatorError):
    """A domain rule refused an action; the message says which rule and why."""


class StaleEdit(FacilitatorError):
    """Someone else saved the thing being edited since it was read; nothing was overwritten."""


class InputError(FacilitatorError):
    """A value typed or imported is invalid; the message names the field and the problem."""
