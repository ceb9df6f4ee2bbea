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


class ImportFileError(InputError):
    """A file given to import (or a place to export to) is unusable; names file, line, problem.

    Attributes:
        file: the file as the user named it.
        line: the 1-based line of the file where the problem is, or None for the whole file.
        problem: what is wrong, in words a user can act on.
    """

    def __init__(self, file: str, line: int | None, problem: str) -> None:
        """Build the one-line message ``FILE: line N: PROBLEM``."""
        self.file, self.line, self.problem = file, line, problem
        where = f"{file}: line {line}" if line is not None else file
        super().__init__(f"{where}: {problem}")


class ImportCancelled(FacilitatorError):
    """The user cancelled an import; nothing was saved."""
