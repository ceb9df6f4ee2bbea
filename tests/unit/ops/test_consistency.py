"""``check`` finds values the app does not know and rows that link two teams (each corrupted
with direct SQL on a real demo database), and says so with exit code 1."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from facilitator.app import main

TEAM1_STORY = "(SELECT min(id) FROM story WHERE team_id = 1)"
TEAM2_STORY = "(SELECT min(id) FROM story WHERE team_id = 2)"
TEAM2_MEMBER = "(SELECT min(id) FROM member WHERE team_id = 2)"
TEAM1_MEMBER = "(SELECT min(id) FROM member WHERE team_id = 1)"
AT = "'2026-11-01 09:00:00'"

CASES = {
    "role": (
        [f"UPDATE member SET role = 'wizard' WHERE id = {TEAM1_MEMBER}"],
        "unknown role 'wizard'",
    ),
    "side": ([f"UPDATE member SET side = 'moon' WHERE id = {TEAM1_MEMBER}"], "unknown side 'moon'"),
    "seniority": (
        [f"UPDATE member SET seniority = 'ancient' WHERE id = {TEAM1_MEMBER}"],
        "unknown seniority 'ancient'",
    ),
    "story status": (
        [f"UPDATE story SET status = 'lost' WHERE id = {TEAM1_STORY}"],
        "unknown status 'lost'",
    ),
    "story type": (
        [f"UPDATE story SET type = 'epic' WHERE id = {TEAM1_STORY}"],
        "unknown type 'epic'",
    ),
    "sprint state (past its CHECK)": (
        [
            "PRAGMA ignore_check_constraints = ON",
            "UPDATE sprint SET state = 'paused' WHERE id = (SELECT min(id) FROM sprint)",
        ],
        "unknown state 'paused'",
    ),
    "engagement shape": (
        ["UPDATE team SET engagement_shape = 'blob' WHERE id = 1"],
        "team Payments: unknown engagement shape 'blob'",
    ),
    "link kind": (
        ["INSERT INTO knowledge_link (team_id, kind, title, url) VALUES (1, 'wiki', 'Docs', '')"],
        "link Docs: unknown kind 'wiki'",
    ),
    "ceremony (past its CHECK)": (
        [
            "PRAGMA ignore_check_constraints = ON",
            "INSERT INTO team_timebox_default (team_id, ceremony, minutes) VALUES (1, 'party', 30)",
        ],
        "unknown ceremony 'party'",
    ),
    "sprint line of another team": (
        [
            "INSERT INTO sprint_story (sprint_id, story_id, points, added_mid_sprint, done, "
            "not_done_reason) VALUES ((SELECT min(id) FROM sprint WHERE team_id = 1), "
            f"{TEAM2_STORY}, 3, 0, NULL, '')"
        ],
        "a story of another team",
    ),
    "dependency on another team's story": (
        [
            "INSERT INTO dependency (story_id, depends_on_story_id, external_party, description, "
            f"called_out, created_at) VALUES ({TEAM1_STORY}, {TEAM2_STORY}, '', '', 0, {AT})"
        ],
        "depends on",
    ),
    "estimate committed by another team's member": (
        [f"UPDATE story SET estimate_committed_by_id = {TEAM2_MEMBER} WHERE id = {TEAM1_STORY}"],
        "estimate committed by",
    ),
    "assumption reviewed by another team's member": (
        [
            "INSERT INTO assumption (story_id, text, reviewed_by_id, reviewed_at, created_at) "
            f"VALUES ({TEAM1_STORY}, 'Cache is warm', {TEAM2_MEMBER}, {AT}, {AT})"
        ],
        "assumption reviewed by",
    ),
    "another team's DoR item checked": (
        [
            "INSERT INTO team_dor_item (team_id, position, text) VALUES (2, 99, 'UX mock')",
            "INSERT INTO story_dor_check (story_id, item_id, checked_at) VALUES "
            f"({TEAM1_STORY}, (SELECT max(id) FROM team_dor_item), {AT})",
        ],
        "Definition of Ready item “UX mock” of another team",
    ),
    "change logged in another team's session": (
        [
            "INSERT INTO ceremony_run (team_id, ceremony, warn_seconds, current_item, "
            f"timebox_seconds, started_at) VALUES (2, 'refinement', 120, 0, 3600, {AT})",
            "INSERT INTO run_change (run_id, story_id, at, kind, text) VALUES "
            f"((SELECT max(id) FROM ceremony_run), {TEAM1_STORY}, {AT}, 'story', 'x')",
        ],
        "another team's ceremony run",
    ),
    "poker round in another team's session": (
        [
            "INSERT INTO ceremony_run (team_id, ceremony, warn_seconds, current_item, "
            f"timebox_seconds, started_at) VALUES (2, 'refinement', 120, 0, 3600, {AT})",
            "INSERT INTO poker_round (story_id, run_id, agreed, revealed_at) VALUES "
            f"({TEAM1_STORY}, (SELECT max(id) FROM ceremony_run), 3, {AT})",
        ],
        "poker round",
    ),
    "ceremony in another team's sprint": (
        [
            "INSERT INTO ceremony_run (team_id, sprint_id, ceremony, warn_seconds, "
            "current_item, timebox_seconds) VALUES "
            "(1, (SELECT min(id) FROM sprint WHERE team_id = 2), 'standup', 120, 0, 900)"
        ],
        "of another team",
    ),
    "another team's member in the operating model": (
        [
            "INSERT INTO team_assignment (team_id, area, position, member_id) VALUES "
            f"(1, 'technical', 0, {TEAM2_MEMBER})"
        ],
        "a member of another team, in its operating model",
    ),
}


@pytest.fixture(scope="module")
def clean_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One demo database (two teams), copied by each test before it is corrupted."""
    path = tmp_path_factory.mktemp("consistency") / "demo.sqlite3"
    code = main(["demo", "--db", str(path), "--today", "2026-11-25", "--stories", "40"])
    assert code == 0
    return path


@pytest.mark.parametrize("case", sorted(CASES))
def test_check_reports_the_corruption(
    case: str, clean_demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "corrupt.sqlite3"
    with sqlite3.connect(clean_demo) as source, sqlite3.connect(db) as copy:
        source.backup(copy)
    source.close()
    statements, expected = CASES[case]
    conn = sqlite3.connect(db)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()
    capsys.readouterr()
    assert main(["check", "--db", str(db)]) == 1
    out = capsys.readouterr().out
    problems = [
        line
        for line in out.splitlines()
        if line.startswith("PROBLEM: ")
        # SQLite itself sees a value written past a CHECK constraint, too.
        and not line.startswith("PROBLEM: integrity: CHECK constraint failed")
    ]
    assert len(problems) == 1, out
    assert expected in problems[0]


def test_the_clean_demo_passes_every_new_rule(
    clean_demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--db", str(clean_demo)]) == 0
    out = capsys.readouterr().out
    assert "checked: roles, statuses, types and other kinds are values the app knows" in out
    assert "checked: nothing refers to another team's stories" in out
