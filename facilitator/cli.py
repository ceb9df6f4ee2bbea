"""The command line of DESIGN.md: parse arguments and run non-GUI commands (never imports Qt)."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO

from facilitator import APP_NAME, __version__, cli_exchange, cli_reports
from facilitator.errors import FacilitatorError, InputError, StoreUnavailable
from facilitator.paths import Paths
from facilitator.store.backups import DEFAULT_KEEP, backup_folder, human_size, list_backups

if TYPE_CHECKING:
    from facilitator.store.db import Target

KEEP_BACKUPS_ENV = "FACILITATOR_KEEP_BACKUPS"
DEMO_FIRST_DAY = dt.date(1900, 1, 1)
DEMO_LAST_DAY = dt.date(9000, 12, 31)


class OneLineParser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr (exit 2) like every other error."""

    def error(self, message: str) -> NoReturn:
        """Print ``prog: message (see prog --help)`` and exit with code 2."""
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def demo_date(text: str) -> dt.date:
    """``--today``: an ISO date the demo's sprint history fits around."""
    valid = f"a date YYYY-MM-DD from {DEMO_FIRST_DAY} to {DEMO_LAST_DAY}"
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected {valid}, got {text!r}") from None
    if not DEMO_FIRST_DAY <= day <= DEMO_LAST_DAY:
        raise argparse.ArgumentTypeError(f"{text} is out of range: expected {valid}")
    return day


def keep_count(text: str) -> int:
    """``--keep-backups``: a whole number of at least 1."""
    try:
        count = int(text)
    except ValueError:
        count = 0
    if count < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return count


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every launch form and subcommand."""
    db_help = "database file path, or a URL such as postgresql+psycopg://user@host/db"
    common = OneLineParser(add_help=False)
    common.add_argument("--db", metavar="PATH|URL", help=db_help, default=argparse.SUPPRESS)
    common.add_argument(
        "--data-dir",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="folder for the default database, backups and logs",
    )
    common.add_argument(
        "--keep-backups",
        metavar="N",
        type=keep_count,
        default=argparse.SUPPRESS,
        help=f"automatic backups of each kind to keep (default ${KEEP_BACKUPS_ENV} or "
        f"{DEFAULT_KEEP})",
    )

    parser = OneLineParser(
        prog="facilitator",
        description=f"{APP_NAME}: timeboxed sprint ceremonies for distributed teams.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--demo", action="store_true", help="launch on a fresh demo database in a temporary file"
    )
    parser.add_argument(
        "--no-error-dialogs",
        action="store_true",
        help="write errors to the log and stderr only, never in a dialog",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo_cmd = commands.add_parser("demo", parents=[common], help="write a demo database")
    demo_cmd.add_argument("--sprints", type=int, default=12, help="closed past sprints (12)")
    demo_cmd.add_argument("--stories", type=int, default=300, help="stories of the main team")
    demo_cmd.add_argument("--seed", type=int, default=7, help="random seed (7)")
    demo_cmd.add_argument(
        "--today",
        type=demo_date,
        default=None,
        help=f"build the demo around this date (YYYY-MM-DD, {DEMO_FIRST_DAY} to {DEMO_LAST_DAY}; "
        "default: today)",
    )

    commands.add_parser(
        "check", parents=[common], help="integrity and consistency check; exit 1 on problems"
    )
    backup_cmd = commands.add_parser(
        "backup", parents=[common], help="online backup of the database"
    )
    backup_cmd.add_argument(
        "dest", nargs="?", type=Path, help="file or folder (default: backups/ next to the database)"
    )
    restore_cmd = commands.add_parser(
        "restore",
        parents=[common],
        help="back up the current file, then restore BACKUP (without BACKUP: list the backups)",
    )
    restore_cmd.add_argument("backup", nargs="?", type=Path, help="the backup file to restore")
    cli_reports.add_parsers(commands, common)
    cli_exchange.add_parsers(commands, common)
    return parser


def keep_backups(args: argparse.Namespace) -> int:
    """How many automatic backups of each kind to keep: option, environment, default.

    Raises:
        InputError: the environment variable is not a whole number of at least 1.
    """
    given = getattr(args, "keep_backups", None)
    if given is not None:
        return int(given)
    text = os.environ.get(KEEP_BACKUPS_ENV)
    if not text:
        return DEFAULT_KEEP
    try:
        return keep_count(text)
    except argparse.ArgumentTypeError as err:
        raise InputError(f"${KEEP_BACKUPS_ENV}: {err}") from None


def database_target(args: argparse.Namespace, paths: Paths) -> Target:
    """The database the arguments choose (``--db`` or the default file)."""
    from facilitator.store.db import target_from  # SQLAlchemy: off the GUI's first paint

    db = getattr(args, "db", None)
    return target_from(db) if db else target_from(paths.default_db)


def run(args: argparse.Namespace, paths: Paths, out: TextIO | None = None) -> int:
    """Run a subcommand and return the exit code; errors become one line on stderr."""
    from sqlalchemy import exc

    from facilitator.store.db import describe_error

    out = out or sys.stdout
    commands = {
        "demo": _demo,
        "check": _check,
        "backup": _backup,
        "restore": _restore,
        "import": cli_exchange.run_import,
        "export": cli_exchange.run_export,
    }
    commands.update(cli_reports.COMMANDS)
    try:
        return commands[args.command](args, paths, out)
    except FacilitatorError as err:
        print(f"facilitator {args.command}: {err}", file=sys.stderr)
        return 1
    except (exc.DBAPIError, sqlite3.Error) as err:
        # A storage failure outside a store session (a raw sqlite3 call): still one line.
        target = database_target(args, paths)
        problem = describe_error(target, err)
        if problem is None:
            raise
        print(f"facilitator {args.command}: {problem}", file=sys.stderr)
        return 1


def _demo(args: argparse.Namespace, paths: Paths, out: TextIO) -> int:
    if getattr(args, "db", None) is None:
        print("facilitator demo: --db PATH is required", file=sys.stderr)
        return 2
    from facilitator.ops import demo  # imported on use: the GUI start-up never needs it
    from facilitator.store.migrate import discard_new_database, open_store

    target = database_target(args, paths)
    path = target.sqlite_path
    new_file = path is not None and not path.exists()
    new_folder = path is not None and not path.parent.exists()
    store = open_store(target, keep_backups=keep_backups(args))
    try:
        # generate() refuses a database that already holds teams, and bad counts.
        result = demo.generate(
            store, sprints=args.sprints, stories=args.stories, seed=args.seed, today=args.today
        )
    except BaseException:
        store.close()
        if new_file and path is not None:  # a refused demo leaves no empty database behind
            discard_new_database(path, new_folder)
        raise
    store.close()
    print(
        f"Wrote {result.teams} teams, {result.members} members, {result.sprints} sprints and "
        f"{result.stories} stories to {target.display}",
        file=out,
    )
    return 0


def _check(args: argparse.Namespace, paths: Paths, out: TextIO) -> int:
    from facilitator.ops import maintenance  # imported on use, like every subcommand's module
    from facilitator.store.migrate import open_store

    target = database_target(args, paths)
    if target.sqlite_path is not None and not target.sqlite_path.exists():
        print(f"facilitator check: no database at {target.display}", file=sys.stderr)
        return 1
    store = open_store(target, upgrade=False)
    try:
        report = maintenance.check(store)
    finally:
        store.close()
    for item in report.checked:
        print(f"checked: {item}", file=out)
    for problem in report.problems:
        print(f"PROBLEM: {problem}", file=out)
    from facilitator.domain.overlap import plural

    verdict = "ok" if report.ok else plural(len(report.problems), "problem")
    print(f"{target.display}: {verdict}", file=out)
    if any(problem.startswith("integrity:") for problem in report.problems):
        from facilitator.store.failures import damaged

        advice = damaged(target.display, target.sqlite_path, "its integrity check fails")
        print(f"facilitator check: {advice}", file=sys.stderr)
    return 0 if report.ok else 1


def _backup(args: argparse.Namespace, paths: Paths, out: TextIO) -> int:
    from facilitator.ops import maintenance
    from facilitator.store.migrate import open_store

    target = database_target(args, paths)
    if target.sqlite_path is not None and not target.sqlite_path.exists():
        print(f"facilitator backup: no database at {target.display}", file=sys.stderr)
        return 1
    store = open_store(target, upgrade=False)
    try:
        dest = maintenance.backup(store, args.dest, dt.datetime.now())
    finally:
        store.close()
    print(f"Backed up {target.display} to {dest}", file=out)
    return 0


def _restore(args: argparse.Namespace, paths: Paths, out: TextIO) -> int:
    from facilitator.store.db import prepare_sqlite_file
    from facilitator.store.migrate import open_store
    from facilitator.store.restore import restore_backup, running_window

    target = database_target(args, paths)
    db = target.sqlite_path
    if db is None:
        raise StoreUnavailable(
            f"{target.display} is a server database; restore it with the server's own tools "
            "(for PostgreSQL: pg_restore)"
        )
    if args.backup is None:
        return _list_backups(db, out)
    if not args.backup.is_file():
        raise StoreUnavailable(f"No backup file at {args.backup}")
    pid = running_window(db)
    if pid is not None:
        raise StoreUnavailable(
            f"{db} is open in a Sprint Facilitator window (process {pid}); use Restore… "
            "(Ctrl+Shift+B) in that window, or close it first"
        )
    prepare_sqlite_file(db)
    keep = keep_backups(args)
    result = restore_backup(db, args.backup.resolve(), dt.datetime.now(), keep)
    open_store(target, keep_backups=keep).close()  # migrates a backup of an older schema
    kept = f"; the file as it was is kept as {result.kept_current}" if result.kept_current else ""
    print(f"Restored {result.backup} (schema {result.revision}) into {db}{kept}", file=out)
    return 0


def _list_backups(db: Path, out: TextIO) -> int:
    backups = list_backups(db)
    if not backups:
        print(f"facilitator restore: no backups of {db} in {backup_folder(db)}", file=sys.stderr)
        return 1
    print(f"Backups of {db}, newest first:", file=out)
    for info in backups:
        print(
            f"  {info.taken_at:%Y-%m-%d %H:%M:%S}  {human_size(info.size):>11}  "
            f"{info.label:<28}  {info.path}",
            file=out,
        )
    print("Restore one with: facilitator restore FILE [--db PATH]", file=out)
    return 0


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    """Parse ``argv`` (exits with code 2 and a one-line message on a usage error)."""
    return build_parser().parse_args(argv)
