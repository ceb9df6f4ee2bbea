"""The command line of DESIGN.md: parse arguments and run non-GUI commands (never imports Qt)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from facilitator import APP_NAME, __version__
from facilitator.errors import FacilitatorError
from facilitator.paths import Paths
from facilitator.store.db import Target, target_from
from facilitator.store.migrate import open_store


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every launch form and subcommand."""
    db_help = "database file path, or a URL such as postgresql+psycopg://user@host/db"
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="PATH|URL", help=db_help, default=argparse.SUPPRESS)
    common.add_argument(
        "--data-dir",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="folder for the default database, backups and logs",
    )

    parser = argparse.ArgumentParser(
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
        type=dt.date.fromisoformat,
        default=None,
        help="build the demo around this date (YYYY-MM-DD; default: today)",
    )

    commands.add_parser(
        "check", parents=[common], help="integrity and consistency check; exit 1 on problems"
    )
    backup_cmd = commands.add_parser(
        "backup", parents=[common], help="online backup of the database"
    )
    backup_cmd.add_argument("dest", nargs="?", type=Path, help="file or folder (default: backups)")
    return parser


def database_target(args: argparse.Namespace, paths: Paths) -> Target:
    """The database the arguments choose (``--db`` or the default file)."""
    db = getattr(args, "db", None)
    return target_from(db) if db else target_from(paths.default_db)


def run(args: argparse.Namespace, paths: Paths, out: TextIO | None = None) -> int:
    """Run a subcommand and return the exit code; errors become one line on stderr."""
    out = out or sys.stdout
    try:
        if args.command == "demo":
            return _demo(args, paths, out)
        if args.command == "check":
            return _check(args, paths, out)
        if args.command == "backup":
            return _backup(args, paths, out)
    except FacilitatorError as err:
        print(f"facilitator {args.command}: {err}", file=sys.stderr)
        return 1
    raise AssertionError(f"unknown command {args.command}")


def _demo(args: argparse.Namespace, paths: Paths, out: TextIO) -> int:
    if getattr(args, "db", None) is None:
        print("facilitator demo: --db PATH is required", file=sys.stderr)
        return 2
    from facilitator.ops import demo  # imported on use: the GUI start-up never needs it

    target = database_target(args, paths)
    store = open_store(target)  # generate() refuses a database that already holds teams
    try:
        result = demo.generate(
            store, sprints=args.sprints, stories=args.stories, seed=args.seed, today=args.today
        )
    finally:
        store.close()
    print(
        f"Wrote {result.teams} teams, {result.members} members, {result.sprints} sprints and "
        f"{result.stories} stories to {target.display}",
        file=out,
    )
    return 0


def _check(args: argparse.Namespace, paths: Paths, out: TextIO) -> int:
    from facilitator.ops import maintenance  # imported on use, like every subcommand's module

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
    verdict = "ok" if report.ok else f"{len(report.problems)} problem(s)"
    print(f"{target.display}: {verdict}", file=out)
    return 0 if report.ok else 1


def _backup(args: argparse.Namespace, paths: Paths, out: TextIO) -> int:
    from facilitator.ops import maintenance

    target = database_target(args, paths)
    if target.sqlite_path is not None and not target.sqlite_path.exists():
        print(f"facilitator backup: no database at {target.display}", file=sys.stderr)
        return 1
    store = open_store(target, upgrade=False)
    try:
        dest = maintenance.backup(store, args.dest, paths.backup_dir, dt.datetime.now())
    finally:
        store.close()
    print(f"Backed up {target.display} to {dest}", file=out)
    return 0


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    """Parse ``argv`` (exits with code 2 and usage on errors, like every argparse tool)."""
    return build_parser().parse_args(argv)
