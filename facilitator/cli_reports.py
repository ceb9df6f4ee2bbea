"""The ``metrics`` and ``report`` commands of DESIGN.md's command line (never imports Qt).

Their heavy imports (SQLAlchemy, matplotlib) happen when a command runs, not when the app starts.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from facilitator.paths import Paths
    from facilitator.store.db import Store

METRICS_FORMATS = ("json", "csv")


def add_parsers(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add ``metrics`` and ``report`` to the subcommands ``commands``."""
    metrics_cmd = commands.add_parser(
        "metrics", parents=[common], help="every sprint's metrics as JSON or CSV"
    )
    metrics_cmd.add_argument("--format", choices=METRICS_FORMATS, default="json")
    metrics_cmd.add_argument("--team", metavar="NAME", default=None, help="team (default: first)")
    report_cmd = commands.add_parser(
        "report", parents=[common], help="one sprint's report with its charts"
    )
    report_cmd.add_argument(
        "--sprint", metavar="NAME|latest", required=True, help="sprint name, or latest closed"
    )
    report_cmd.add_argument("--format", choices=("md", "html", "pdf", "json"), required=True)
    report_cmd.add_argument("-o", "--output", metavar="FILE", type=Path, required=True)
    report_cmd.add_argument("--team", metavar="NAME", default=None, help="team (default: first)")


@contextlib.contextmanager
def _reading(args: argparse.Namespace, paths: Paths) -> Iterator[Store]:
    from facilitator.cli import database_target  # the shared --db handling
    from facilitator.store.migrate import open_store

    store = open_store(database_target(args, paths), upgrade=False)
    try:
        yield store
    finally:
        store.close()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def metrics_command(args: argparse.Namespace, paths: Paths, out: TextIO) -> int:
    """``facilitator metrics --format json|csv [--team NAME]``: every sprint, oldest first."""
    import csv
    import json

    from facilitator.domain.metrics import CSV_COLUMNS, csv_row, metrics_record
    from facilitator.ops.history import history_in, team_named

    with _reading(args, paths) as store, store.session() as session:
        history = history_in(session, team_named(session, args.team), _now())
    if args.format == "json":
        document = {
            "team": history.team.name,
            "sprints": [metrics_record(m) for m in history.metrics],
        }
        out.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    else:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        writer.writerows(csv_row(m) for m in history.metrics)
    return 0


def report_command(args: argparse.Namespace, paths: Paths, out: TextIO) -> int:
    """``facilitator report --sprint NAME|latest --format md|html|pdf|json -o FILE``."""
    from facilitator.ops.history import sprint_report
    from facilitator.report_files import write_report

    output: Path = args.output
    with _reading(args, paths) as store:
        found = sprint_report(store, args.sprint, args.team, _now())
    team, page = found.history.team.name, found.page
    kind = args.format
    write_report(output, kind, team, page, found.history.metrics)
    print(f"Wrote the {kind} report of {team} · {page.metrics.name} to {output}", file=out)
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace, Paths, TextIO], int]] = {
    "metrics": metrics_command,
    "report": report_command,
}
