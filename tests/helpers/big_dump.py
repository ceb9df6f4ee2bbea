"""A large version 2 team dump written row by row (never held whole), laid out as the app writes
it: keys sorted, so ``teams`` comes before ``version`` and ``acceptance_criterion`` before
``story``."""

from __future__ import annotations

import json
from pathlib import Path

from facilitator.ops.dump_tables import TABLES

TEAM_FIELDS: dict[str, object] = {
    "blocker_sla_hours": 24,
    "changed_at": None,
    "changed_by": None,
    "created_at": "2026-09-28T09:00:00+00:00",
    "engagement_shape": "product_team",
    "min_overlap_hours": 3.0,
    "min_po_hours_per_week": 4.0,
    "points_per_person_day": 0.8,
    "regulated": False,
    "sprint_length_days": 10,
    "transition_plan": "",
    "version": 2,
}
MEMBER: dict[str, object] = {
    "access_controls_done": False,
    "active": True,
    "changed_at": None,
    "changed_by": None,
    "compliance_training_done": False,
    "po_hours_per_week": 6.0,
    "role": "product_owner",
    "seniority": "senior",
    "side": "in_house",
    "timezone": "Europe/Berlin",
    "version": 1,
    "work_end_min": 1020,
    "work_start_min": 540,
}


def story(number: int, prefix: str = "BIG", padding: int = 0) -> dict[str, object]:
    """Story ``number`` of a big dump: a realistic title and description, quotes and all, the
    description ``padding`` characters longer."""
    return {
        "changed_at": None,
        "changed_by": None,
        "created_at": "2026-11-20T11:00:00+00:00",
        "description": (
            f'As a merchant I want refund {number} "now" [fast] {{safe}}\nso that é ∑ 🙂 \\ works.'
            + ("\nThe refund must reach the card it came from. " * (padding // 46 + 1))[:padding]
        ),
        "estimate": float(number % 13) if number % 4 else None,
        "estimate_committed_at": None,
        "estimate_committed_by_id": None,
        "key": f"{prefix}-{number}",
        "rank": 1024 * number,
        "status": "refined",
        "title": f"Refund card payments, batch {number}",
        "type": "story",
        "version": 1,
    }


def criterion(number: int, prefix: str = "BIG") -> dict[str, object]:
    """The acceptance criterion of story ``number``."""
    return {
        "author": "Anna Becker",
        "created_at": "2026-11-20T11:00:00+00:00",
        "position": 0,
        "story_id": f"{prefix}-{number}",
        "text": f"Given card {number}, when refunded, then nothing is charged twice",
    }


def write_big_dump(
    path: Path,
    stories: int,
    teams: int = 1,
    last: dict[str, object] | None = None,
    padding: int = 0,
) -> Path:
    """A dump of ``teams`` teams of ``stories`` stories (one criterion each) at ``path``.

    ``last`` overrides fields of the last story of the last team (a bad value at the very end).
    """
    with path.open("w", encoding="utf-8") as out:
        out.write('{\n  "format": "sprint-facilitator-teams",\n  "teams": [\n')
        for t in range(teams):
            prefix = f"T{t}"
            fields = {**TEAM_FIELDS, "name": f"Team {t}"}
            out.write("    {\n")
            for k, key in enumerate(sorted([*fields, "tables"])):
                out.write(",\n" if k else "")
                if key != "tables":
                    out.write(f"      {json.dumps(key)}: {json.dumps(fields[key])}")
                    continue
                out.write('      "tables": {\n')
                for n, name in enumerate(sorted(TABLES)):
                    out.write(f"        {json.dumps(name)}: [")
                    for i in range(stories if name in ("story", "acceptance_criterion") else 0):
                        row = story(i, prefix, padding) if name == "story" else criterion(i, prefix)
                        if name == "story" and last and t == teams - 1 and i == stories - 1:
                            row.update(last)
                        text = json.dumps(row, ensure_ascii=False, indent=2, sort_keys=True)
                        out.write(("," if i else "") + "\n" + text.replace("\n", "\n          "))
                    if name == "member":
                        out.write(json.dumps({**MEMBER, "name": "Anna Becker"}, sort_keys=True))
                    out.write("]" + ("," if n < len(TABLES) - 1 else "") + "\n")
                out.write("      }")
            out.write("\n")
            out.write("    }" + ("," if t < teams - 1 else "") + "\n")
        out.write('  ],\n  "version": 2\n}\n')
    return path
