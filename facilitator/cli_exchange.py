"""The ``import`` and ``export`` commands of the command line (never imports Qt)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from facilitator.paths import Paths


def add_parsers(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add ``import KIND FILE`` and ``export KIND FILE`` to the subcommands."""
    from facilitator.exchange.github import DEFAULT_POINTS_LABEL

    team_help = "the team (import: created when no team has that name)"
    imp = commands.add_parser(
        "import", parents=[common], help="import stories (jira, github, csv) or a json dump"
    )
    imp.add_argument("kind", choices=("jira", "github", "csv", "json"))
    imp.add_argument("file", type=Path)
    imp.add_argument("--team", metavar="NAME", help=team_help)
    imp.add_argument("--encoding", help="the file's encoding when it is not UTF-8, e.g. latin-1")
    imp.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="FIELD=COLUMN",
        help="csv: the column holding a field (key, title, estimate, status, type, "
        "description, criteria)",
    )
    imp.add_argument("--delimiter", default=",", help="csv: the field separator (default ,)")
    imp.add_argument(
        "--points-label",
        default=DEFAULT_POINTS_LABEL,
        metavar="REGEX",
        help="github: the label holding the estimate, the number in a group "
        "(default: 'points: 3' or 'sp-5')",
    )
    exp = commands.add_parser(
        "export",
        parents=[common],
        help="export the backlog (csv), teams (json) or ceremonies (ics)",
    )
    exp.add_argument("kind", choices=("json", "csv", "ics"))
    exp.add_argument("file", type=Path)
    exp.add_argument("--team", metavar="NAME", help="only this team (default: every team)")
    exp.add_argument("--excel", action="store_true", help="csv: start with a BOM for Excel")
    exp.add_argument(
        "--tz",
        metavar="ZONE",
        help="ics: write times in this zone (default: the first active member's by name)",
    )


def run_import(args: argparse.Namespace, paths: Paths, out: TextIO) -> int:
    """``facilitator import KIND FILE``: one transaction; counts on stdout."""
    from facilitator.cli import database_target
    from facilitator.exchange.backlog_csv import parse_mapping
    from facilitator.ops.import_files import ImportOptions, import_file
    from facilitator.store.migrate import discard_new_database, open_store

    if len(args.delimiter) != 1:
        print("facilitator import: --delimiter must be one character", file=sys.stderr)
        return 2
    options = ImportOptions(
        encoding=args.encoding,
        mapping=parse_mapping(args.map),
        points_label=args.points_label,
        delimiter=args.delimiter,
    )
    target = database_target(args, paths)
    path = target.sqlite_path
    new_file = path is not None and not path.exists()
    new_folder = path is not None and not path.parent.exists()
    store = open_store(target)
    try:
        result = import_file(
            store, args.kind, args.file, args.team, dt.datetime.now(dt.UTC), options
        )
    except BaseException:
        store.close()
        if new_file and path is not None:  # a refused import leaves no empty database behind
            discard_new_database(path, new_folder)
        raise
    store.close()
    print(f"Imported {args.file} into {result.team}: {result.summary}", file=out)
    for why in result.skipped_why[:20]:
        print(f"  skipped {why}", file=out)
    return 0


def run_export(args: argparse.Namespace, paths: Paths, out: TextIO) -> int:
    """``facilitator export KIND FILE``: reads in one transaction, replaces FILE when done."""
    from facilitator.cli import database_target
    from facilitator.domain.overlap import plural
    from facilitator.ops import exporting
    from facilitator.store.migrate import open_store

    target = database_target(args, paths)
    if target.sqlite_path is not None and not target.sqlite_path.exists():
        print(f"facilitator export: no database at {target.display}", file=sys.stderr)
        return 1
    store = open_store(target)
    try:
        if args.kind == "csv":
            count = exporting.export_csv(store, args.file, args.team, args.excel)
            what = f"{count} stories"
        elif args.kind == "json":
            what = plural(exporting.export_json(store, args.file, args.team), "team")
        else:
            events, missing = exporting.export_ics(
                store, args.file, args.team, dt.datetime.now(dt.UTC), args.tz
            )
            gone = f"; no overlap for {', '.join(missing)}" if missing else ""
            what = f"{events} recurring events{gone}"
    finally:
        store.close()
    print(f"Exported {what} to {args.file}", file=out)
    return 0
