"""Writing a sprint report to a file in any format, for the command line and the History screen.

The file is written through a temporary file beside it, so a failure never leaves half a report.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from facilitator import chart_modules
from facilitator.domain import report
from facilitator.domain.history import SprintPage
from facilitator.domain.metrics import SprintMetrics
from facilitator.errors import InputError

REPORT_FORMATS = ("md", "html", "pdf", "json")


def write_atomically(path: Path, write: Callable[[Path], object]) -> None:
    """Run ``write`` on a temporary file beside ``path``, then move it into place.

    Raises:
        InputError: the folder of ``path`` does not exist.
    """
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(f"{path}: no folder {folder} to write the report into")
    handle, temp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=path.suffix)
    os.close(handle)
    try:
        write(Path(temp))
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def format_of(path: Path) -> str:
    """The report format a file name asks for (its suffix; ``.markdown`` is ``md``).

    Raises:
        InputError: the suffix names no report format.
    """
    kind = path.suffix.lower().lstrip(".")
    kind = {"markdown": "md", "htm": "html"}.get(kind, kind)
    if kind not in REPORT_FORMATS:
        raise InputError(f"{path.name}: save the report as .md, .html, .pdf or .json")
    return kind


def write_report(
    path: Path, kind: str, team: str, page: SprintPage, history: Sequence[SprintMetrics]
) -> Path:
    """Write the report of ``page`` as ``kind``; html and pdf embed the charts of ``history``.

    Raises:
        InputError: an unknown format or a missing folder.
    """
    if kind not in REPORT_FORMATS:
        raise InputError(f"Report format {kind!r}: choose md, html, pdf or json")
    if kind == "md":
        text = report.markdown(team, page)
        write_atomically(path, lambda p: p.write_text(text, encoding="utf-8"))
    elif kind == "json":
        text = json.dumps(report.record(team, page), indent=2, ensure_ascii=False) + "\n"
        write_atomically(path, lambda p: p.write_text(text, encoding="utf-8"))
    else:
        # matplotlib is imported here, when a report with charts is first written.
        chart_modules.load()  # waits for the warming thread's import, if under way
        from facilitator.charts.report import html_report, pdf_report, report_charts

        charts = report_charts(history, page.sla_hours)
        if kind == "html":
            document = html_report(team, page, charts)
            write_atomically(path, lambda p: p.write_text(document, encoding="utf-8"))
        else:
            write_atomically(path, lambda p: pdf_report(p, team, page, charts))
    return path
