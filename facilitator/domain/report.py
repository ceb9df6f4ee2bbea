"""A sprint report's content, format-free: its sections as lines of plain text, its JSON record,
and Markdown with every piece of user text escaped."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from facilitator.domain.forecast import points_words
from facilitator.domain.history import SprintPage
from facilitator.domain.metrics import SprintMetrics, metrics_record


def _pct(share: float | None) -> str:
    return "no forecast" if share is None else f"{round(share * 100)} %"


def _hours(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f} h"


def _when(at: dt.datetime | None) -> str:
    return "open" if at is None else at.strftime("%Y-%m-%d %H:%M UTC")


@dataclass(frozen=True, slots=True)
class Section:
    """A heading and its lines (user text included: each format escapes it)."""

    heading: str
    lines: tuple[str, ...]


def figures(m: SprintMetrics, sla_hours: float) -> tuple[str, ...]:
    """The sprint's figures as sentences, the same numbers as ``metrics`` gives."""
    return (
        f"Forecast: {m.forecast_stories} stories, {m.forecast_points:g} points",
        f"Completed of the forecast: {m.completed_stories} stories, {m.completed_points:g} points",
        f"Predictability: {_pct(m.predictability)}",
        f"Added mid-sprint: {m.added_stories} stories",
        f"Throughput: {m.throughput} stories Done",
        f"Blockers: {m.blockers.count} raised, median {_hours(m.blockers.median_hours)} to "
        f"resolve, {m.blockers.over_sla} over the {sla_hours:g} h SLA",
        f"Decisions: {m.decisions.count} made, median cycle {_hours(m.decisions.median_hours)}, "
        f"{m.decisions.over_sla} over 24 h",
        f"Deployments: {m.deployments}",
        f"Defects: {m.defects_found} found in the sprint, {m.defects_escaped} escaped",
    )


def sections(page: SprintPage) -> tuple[Section, ...]:
    """The report's sections in reading order."""
    m = page.metrics
    experiment = (
        ("No experiment recorded",)
        if page.experiment is None
        else (
            page.experiment.words(),
            f"Outcome: {page.experiment.outcome.label}",
            *(
                (f"Evidence: {page.experiment.evaluation.evidence}",)
                if page.experiment.evaluation is not None
                else ()
            ),
        )
    )
    timeboxes = tuple(
        f"{ceremony}: {a.within} of {a.runs} runs within the timebox"
        for ceremony, a in m.timeboxes.items()
    )
    return (
        Section(
            "Sprint",
            (f"{m.start.isoformat()} to {m.end.isoformat()}, {m.state}", page.frozen_words()),
        ),
        Section("Goal", (m.goal or "No goal recorded",)),
        Section("Figures", figures(m, page.sla_hours)),
        Section(
            "Frozen forecast",
            tuple(f"{f.key} {f.title} ({points_words(f.points)})" for f in page.forecast)
            or ("Nothing was frozen",),
        ),
        Section(
            "Done and why not",
            tuple(
                f"{s.key} {s.title} ({points_words(s.points)}"
                f"{', added mid-sprint' if s.added else ''}): {s.verdict()}"
                for s in page.stories
            )
            or ("No stories",),
        ),
        Section(
            "Blockers",
            tuple(
                f"{b.description} — raised {_when(b.raised_at)}, resolved {_when(b.resolved_at)}"
                + (f": {b.resolution}" if b.resolution else "")
                for b in page.blockers
            )
            or ("No blockers",),
        ),
        Section(
            "Decisions",
            tuple(
                f"{d.question} — {d.decision or 'not decided'}"
                + (f" (cycle {d.cycle_hours():.1f} h)" if d.cycle_hours() is not None else "")
                for d in page.decisions
            )
            or ("No decisions",),
        ),
        Section(
            "Deployments and defects",
            tuple(f"Deployed {_when(d.at)}: {d.what}" for d in page.deployments)
            + tuple(f"Defect ({d.kind.label}): {d.description}" for d in page.defects)
            or ("None recorded",),
        ),
        Section("Experiment", experiment),
        Section("Timebox adherence", timeboxes or ("No finished ceremony runs",)),
    )


def record(team: str, page: SprintPage) -> dict[str, Any]:
    """The report as JSON: the sprint's ``metrics`` record plus what its page lists."""
    return {
        "team": team,
        "sprint": metrics_record(page.metrics),
        "goal": page.metrics.goal,
        "frozen_on": None if page.frozen_on is None else page.frozen_on.isoformat(),
        "forecast": [{"key": f.key, "title": f.title, "points": f.points} for f in page.forecast],
        "stories": [
            {
                "key": s.key,
                "title": s.title,
                "points": s.points,
                "added_mid_sprint": s.added,
                "done": s.done,
                "not_done_reason": s.not_done_reason,
            }
            for s in page.stories
        ],
        "blockers": [
            {
                "description": b.description,
                "raised_at": b.raised_at.isoformat(),
                "resolved_at": None if b.resolved_at is None else b.resolved_at.isoformat(),
                "resolution": b.resolution,
            }
            for b in page.blockers
        ],
        "decisions": [
            {
                "question": d.question,
                "decision": d.decision,
                "cycle_hours": None if d.cycle_hours() is None else round(d.cycle_hours() or 0, 2),
            }
            for d in page.decisions
        ],
        "timeboxes": {
            c: {"runs": a.runs, "within": a.within} for c, a in page.metrics.timeboxes.items()
        },
    }


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")


def md_escape(text: str) -> str:
    """``text`` on one line with every Markdown character escaped (it reads as typed)."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def markdown(team: str, page: SprintPage) -> str:
    """The report as Markdown; every line is escaped, so user text never becomes markup."""
    out = [f"# {md_escape(team)} · {md_escape(page.metrics.name)}", ""]
    for section in sections(page):
        out += [f"## {section.heading}", ""]
        out += [f"- {md_escape(line)}" for line in section.lines]
        out.append("")
    return "\n".join(out)
