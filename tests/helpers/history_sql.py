"""Raw-sqlite3 reading of History's figures: an independent cross-check and a baseline."""

from __future__ import annotations

import sqlite3
from pathlib import Path

FIGURES = """
WITH first AS (
    SELECT sprint_id, min(id) AS snapshot_id FROM planning_snapshot GROUP BY sprint_id
)
SELECT s.name,
       (SELECT coalesce(sum(ss.points), 0) FROM snapshot_story ss
         JOIN first f ON f.snapshot_id = ss.snapshot_id WHERE f.sprint_id = s.id),
       (SELECT coalesce(sum(ss.points), 0) FROM snapshot_story ss
         JOIN first f ON f.snapshot_id = ss.snapshot_id
         JOIN sprint_story l ON l.sprint_id = s.id AND l.story_id = ss.story_id
         WHERE f.sprint_id = s.id AND l.done = 1),
       (SELECT count(*) FROM sprint_story l WHERE l.sprint_id = s.id AND l.done = 1),
       (SELECT count(*) FROM sprint_story l WHERE l.sprint_id = s.id AND l.added_mid_sprint = 1)
FROM sprint s JOIN team t ON t.id = s.team_id
WHERE t.name = ?
ORDER BY s.start_date, s.id
"""


def raw_figures(path: Path, team: str) -> list[tuple[str, float, float, int, int]]:
    """Per sprint: name, forecast points, completed forecast points, throughput, added stories."""
    with sqlite3.connect(path) as conn:
        return [
            (name, float(f), float(c), int(t), int(a))
            for name, f, c, t, a in conn.execute(FIGURES, (team,))
        ]
