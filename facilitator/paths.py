"""The only place that decides where files live (platformdirs), resolved once and passed down."""

from __future__ import annotations

import importlib.resources
import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import PlatformDirs

DATA_DIR_ENV = "FACILITATOR_DATA_DIR"
DB_FILENAME = "facilitator.sqlite3"


@dataclass(frozen=True)
class Paths:
    """Resolved locations of the app's files."""

    data_dir: Path

    @property
    def default_db(self) -> Path:
        """The database opened when no ``--db`` is given."""
        return self.data_dir / DB_FILENAME

    @property
    def backup_dir(self) -> Path:
        """Where the default database's backups go (``backups/`` next to any database)."""
        return self.data_dir / "backups"

    @property
    def log_file(self) -> Path:
        """The crash and diagnostics log."""
        return self.data_dir / "facilitator.log"


def resolve(data_dir: str | os.PathLike[str] | None = None) -> Paths:
    """Resolve the data directory: argument, then ``$FACILITATOR_DATA_DIR``, then platformdirs.

    Nothing is created here; callers create what they write into with :func:`ensure_private_dir`.
    """
    chosen = data_dir or os.environ.get(DATA_DIR_ENV)
    if chosen:
        return Paths(Path(chosen).expanduser().resolve())
    dirs = PlatformDirs("sprint-facilitator", appauthor=False)
    return Paths(Path(dirs.user_data_dir))


def ensure_private_dir(path: Path) -> None:
    """Create ``path`` (and parents) readable by the owner only, as the XDG spec asks.

    Raises:
        OSError: the folder cannot be created.
    """
    path.mkdir(parents=True, exist_ok=True, mode=0o700)


def resource(name: str) -> Path:
    """Path of a file in the top-level ``resources/`` folder (checkout or installed wheel)."""
    checkout = Path(__file__).resolve().parent.parent / "resources" / name
    if checkout.exists():
        return checkout
    # An installed wheel carries the folder as the package ``facilitator_resources``.
    return Path(str(importlib.resources.files("facilitator_resources").joinpath(name)))
