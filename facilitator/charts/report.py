"""A sprint report with its charts: HTML (inline SVG) and a paginated PDF (matplotlib's PDF
backend: text pages, then a page per chart)."""

from __future__ import annotations

import html
import io
import textwrap
from collections.abc import Sequence
from pathlib import Path

from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from facilitator.charts.base import Chart
from facilitator.charts.history import CHART_TITLES, build
from facilitator.domain.history import SprintPage
from facilitator.domain.metrics import SprintMetrics
from facilitator.domain.report import sections

A4 = (8.27, 11.69)
LINES_PER_PAGE = 52
WRAP = 95


def report_charts(metrics: Sequence[SprintMetrics], sla_hours: float) -> list[Chart]:
    """Every History chart over ``metrics`` (the sprints up to the reported one)."""
    return [build(key, metrics, sla_hours) for key in CHART_TITLES]


def _svg(chart: Chart) -> str:
    buf = io.StringIO()
    chart.figure.savefig(buf, format="svg")
    text = buf.getvalue()
    return text[text.index("<svg") :]  # drop the XML prolog and doctype: inline in HTML


def html_report(team: str, page: SprintPage, charts: Sequence[Chart]) -> str:
    """The report as one self-contained HTML file; user text is escaped, charts inline SVG."""
    title = f"{team} · {page.metrics.name}"
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{html.escape(title)}</title>",
        "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto;line-height:1.4}"
        "figure{margin:1.5em 0}svg{max-width:100%;height:auto}</style>",
        "</head><body>",
        f"<h1>{html.escape(title)}</h1>",
    ]
    for section in sections(page):
        out.append(f"<h2>{html.escape(section.heading)}</h2><ul>")
        out += [f"<li>{html.escape(line)}</li>" for line in section.lines]
        out.append("</ul>")
    out.append("<h2>Charts</h2>")
    for chart in charts:
        out.append(
            f'<figure aria-label="{html.escape(chart.title)}">{_svg(chart)}'
            f"<figcaption>{html.escape(chart.title)}</figcaption></figure>"
        )
    out.append("</body></html>")
    return "\n".join(out)


def text_pages(title: str, page: SprintPage) -> list[list[tuple[str, bool]]]:
    """The report's text cut into pages of lines (line, is a heading)."""
    lines: list[tuple[str, bool]] = []
    for section in sections(page):
        lines.append((section.heading, True))
        for line in section.lines:
            wrapped = textwrap.wrap(line, WRAP, subsequent_indent="    ") or [""]
            lines += [(w, False) for w in wrapped]
        lines.append(("", False))
    body = LINES_PER_PAGE - 2
    pages = [lines[i : i + body] for i in range(0, len(lines), body)] or [[]]
    return [[(title, True), ("", False), *chunk] for chunk in pages]


def _text_figure(lines: list[tuple[str, bool]], number: int, total: int) -> Figure:
    figure = Figure(figsize=A4)
    top, step = 0.95, 0.9 / LINES_PER_PAGE
    for n, (line, heading) in enumerate(lines):
        figure.text(
            0.07,
            top - n * step,
            line,
            fontsize=12 if heading else 9.5,
            fontweight="bold" if heading else "normal",
            va="top",
            usetex=False,
            parse_math=False,
        )
    figure.text(0.93, 0.03, f"{number} / {total}", fontsize=8, ha="right")
    return figure


def pdf_report(path: Path, team: str, page: SprintPage, charts: Sequence[Chart]) -> int:
    """Write the report as a PDF: text pages, then one page per chart. Returns the page count."""
    title = f"{team} · {page.metrics.name}"
    texts = text_pages(title, page)
    total = len(texts) + len(charts)
    with PdfPages(path, metadata={"Title": title, "Creator": "Sprint Facilitator"}) as pdf:
        for number, lines in enumerate(texts, start=1):
            pdf.savefig(_text_figure(lines, number, total))
        for chart in charts:
            pdf.savefig(chart.figure)
        return int(pdf.get_pagecount())
