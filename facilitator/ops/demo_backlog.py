"""Demo refinement details: reviewed assumptions, dependencies and risks on the demo backlog.

"Ready" demo stories really satisfy the Definition of Ready: their assumptions are reviewed by a
delivery member and their estimates are committed; some stories carry dependencies and risks.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

DELIVERS = frozenset(("tech_lead", "engineer", "qa", "devops"))
ASSUMPTIONS = (
    "The card processor's sandbox supports this flow",
    "Exchange rates come from the existing rates service",
    "No schema change is needed in the ledger",
    "The mobile app reuses the web endpoint",
    "Audit entries fit the current retention policy",
)
PARTIES = (
    "Banking partner (sandbox access)",
    "Card processor (API change)",
    "Legal (terms update)",
    "Data protection officer",
)
RISKS = (
    "The partner's sandbox is often down",
    "Rounding may differ from the settlement file",
    "Load on the reporting database at month end",
)


def refinement_details(
    rows: Any,
    ids: Any,
    rng: random.Random,
    story: dict[str, Any],
    ready: bool,
    engineers: list[int],
    when: dt.datetime,
) -> None:
    """Assumptions, dependencies and risks that make "ready" demo stories really Ready."""
    story_id = story["id"]
    if not ready and story["estimate"] is not None and rng.random() < 0.5:
        story["estimate_committed_by_id"] = None  # estimated, but not committed by the team
        story["estimate_committed_at"] = None
    count = rng.randint(1, 2) if ready else rng.choice((0, 0, 1))
    for _ in range(count):
        rows.assumptions.append(
            {
                "id": ids.next("assumption"),
                "story_id": story_id,
                "text": rng.choice(ASSUMPTIONS),
                "reviewed_by_id": rng.choice(engineers) if ready else None,
                "reviewed_at": when if ready else None,
                "created_at": when,
            }
        )
    roll = rng.random()
    if roll < 0.08:
        previous = rows.stories[-2] if len(rows.stories) > 1 else None
        external = roll < 0.05 or previous is None or previous["team_id"] != story["team_id"]
        rows.dependencies.append(
            {
                "id": ids.next("dependency"),
                "story_id": story_id,
                # Always on an older story of the same team: the graph cannot have a cycle.
                "depends_on_story_id": None if external or previous is None else previous["id"],
                "external_party": rng.choice(PARTIES) if external else "",
                "description": "Needed before this can be demoed",
                "called_out": ready,
                "resolved_at": None,
                "created_at": when,
            }
        )
    if rng.random() < 0.06:
        rows.risks.append(
            {
                "id": ids.next("risk"),
                "story_id": story_id,
                "text": rng.choice(RISKS),
                "severity": rng.choice(("low", "medium", "high")),
                "mitigation": "Agree a fallback with the PO before the sprint starts",
                "owner": "Tech lead",
                "created_at": when,
            }
        )
