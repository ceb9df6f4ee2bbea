"""Demo data for planning: every sprint that was planned gets a closed planning run with its
capacity choice and a frozen snapshot (stories and points as committed, capacity, goal, both
confirmations), so History and the metrics have real forecasts to compare with.

Stories marked ``added_mid_sprint`` stay out of the snapshot, as planning would have left them.
Deterministic: derived only from the rows the generator already made (no randomness here).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from facilitator.store.models import (
    AgendaItemRow,
    Base,
    CapacityChoiceRow,
    CeremonyRunRow,
    PlanningRow,
    PlanningSnapshotRow,
    SnapshotConfirmationRow,
    SnapshotStoryRow,
)

PLANNING_SECONDS = 4 * 3600
Rows = dict[type[Base], list[dict[str, Any]]]


def planning_rows(
    sprints: list[dict[str, Any]],
    sprint_stories: list[dict[str, Any]],
    stories: list[dict[str, Any]],
    members: list[dict[str, Any]],
    next_id: Callable[[str], int],
) -> Rows:
    """Rows of a closed planning run per planned sprint (closed or active), in insert order."""
    story_by_id = {s["id"]: s for s in stories}
    lines: dict[int, list[dict[str, Any]]] = {}
    for line in sprint_stories:
        lines.setdefault(line["sprint_id"], []).append(line)
    out: Rows = {
        model: []
        for model in (
            CeremonyRunRow,
            AgendaItemRow,
            PlanningRow,
            CapacityChoiceRow,
            PlanningSnapshotRow,
            SnapshotStoryRow,
            SnapshotConfirmationRow,
        )
    }
    for sprint in sprints:
        committed = [line for line in lines.get(sprint["id"], []) if not line["added_mid_sprint"]]
        if sprint["state"] == "planned" or not committed:
            continue
        team = [m for m in members if m["team_id"] == sprint["team_id"]]
        po = next((m for m in team if m["role"] == "product_owner"), None)
        lead = next((m for m in team if m["role"] in ("scrum_master", "tech_lead")), None)
        if po is None or lead is None:
            continue
        start = dt.datetime.combine(sprint["start_date"], dt.time(9), tzinfo=dt.UTC)
        ended = start + dt.timedelta(hours=2)
        run_id = next_id("ceremony_run")
        capacity = float(sprint["capacity_points"] or sum(line["points"] for line in committed))
        proposed = float(sprint["capacity_proposed"] or capacity)
        out[CeremonyRunRow].append(
            {
                "id": run_id,
                "version": 1,
                "team_id": sprint["team_id"],
                "sprint_id": sprint["id"],
                "ceremony": "planning",
                "warn_seconds": 120,
                "current_item": 0,
                "running_since": None,
                "started_at": start,
                "ended_at": ended,
                "timebox_seconds": PLANNING_SECONDS,
                "overtime_seconds": None,
                "position": 0,
                "phase": "done",
                "queue": "[]",
            }
        )
        out[AgendaItemRow].append(
            {
                "run_id": run_id,
                "position": 0,
                "title": "Plan the sprint",
                "timebox_seconds": PLANNING_SECONDS,
                "elapsed_seconds": 7200,
            }
        )
        out[PlanningRow].append(
            {
                "run_id": run_id,
                "sprint_id": sprint["id"],
                "capacity": capacity,
                "goal": sprint["goal"],
                "full_by_id": None,
                "full_by_name": None,
                "full_at": None,
                "frozen": True,
            }
        )
        out[CapacityChoiceRow].append(
            {
                "sprint_id": sprint["id"],
                "proposed": proposed,
                "explanation": "Demo data: the mean of the last closed sprints",
                "sprints_used": 3,
                "points": capacity,
                "by_id": lead["id"],
                "by_name": lead["name"],
                "at": start,
            }
        )
        snapshot_id = next_id("planning_snapshot")
        out[PlanningSnapshotRow].append(
            {
                "id": snapshot_id,
                "run_id": run_id,
                "sprint_id": sprint["id"],
                "sprint_name": sprint["name"],
                "capacity": capacity,
                "goal": sprint["goal"],
                "by_id": lead["id"],
                "by_name": lead["name"],
                "at": ended,
            }
        )
        for position, line in enumerate(committed):
            story = story_by_id[line["story_id"]]
            out[SnapshotStoryRow].append(
                {
                    "snapshot_id": snapshot_id,
                    "position": position,
                    "story_id": story["id"],
                    "key": story["key"],
                    "title": story["title"],
                    "points": line["points"],
                }
            )
        for position, (who, confirmer, role) in enumerate(
            ((po, "product_owner", "product_owner"), (lead, "delivery_lead", lead["role"]))
        ):
            out[SnapshotConfirmationRow].append(
                {
                    "snapshot_id": snapshot_id,
                    "position": position,
                    "confirmer": confirmer,
                    "role": role,
                    "by_id": who["id"],
                    "by_name": who["name"],
                    "at": ended - dt.timedelta(minutes=5 - position),
                }
            )
        if sprint["state"] == "closed":
            _refinements(out, sprint, next_id)
    return out


REFINEMENT_SECONDS = 3600


def _refinements(out: Rows, sprint: dict[str, Any], next_id: Callable[[str], int]) -> None:
    """The refinement runs of a closed sprint: one a week on its second working day, and now
    and then only one a sprint (so the cadence check has something to say)."""
    weeks = max(1, -(-((sprint["end_date"] - sprint["start_date"]).days + 1) // 7))
    held = 1 if sprint["id"] % 5 == 4 else max(2, weeks)
    for n in range(held):
        day = sprint["start_date"] + dt.timedelta(days=1 + 7 * (n % weeks) + n // weeks)
        start = dt.datetime.combine(day, dt.time(13), tzinfo=dt.UTC)
        took = REFINEMENT_SECONDS + (sprint["id"] * 7 + n * 13) % 900 - 450  # ±7.5 min
        run_id = next_id("ceremony_run")
        out[CeremonyRunRow].append(
            {
                "id": run_id,
                "version": 1,
                "team_id": sprint["team_id"],
                "sprint_id": sprint["id"],
                "ceremony": "refinement",
                "warn_seconds": 120,
                "current_item": 0,
                "running_since": None,
                "started_at": start,
                "ended_at": start + dt.timedelta(seconds=took),
                "timebox_seconds": REFINEMENT_SECONDS,
                "overtime_seconds": max(0, took - REFINEMENT_SECONDS),
                "position": 0,
                "phase": "done",
                "queue": "[]",
            }
        )
        out[AgendaItemRow].append(
            {
                "run_id": run_id,
                "position": 0,
                "title": "Refine the top stories",
                "timebox_seconds": REFINEMENT_SECONDS,
                "elapsed_seconds": took,
            }
        )
