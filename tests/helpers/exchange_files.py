"""Realistic import files written by the tests: full-width Jira exports, gh and REST issue JSON."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

# A Jira Cloud "Export CSV (all fields)" header: 60 columns, Sprint/Labels/Component/s repeated.
JIRA_HEADER = [
    "Summary", "Issue key", "Issue id", "Parent id", "Issue Type", "Status", "Project key",
    "Project name", "Project type", "Project lead", "Project description", "Project url",
    "Priority", "Resolution", "Assignee", "Reporter", "Creator", "Created", "Updated",
    "Last Viewed", "Resolved", "Affects Version/s", "Fix Version/s", "Component/s",
    "Component/s", "Due date", "Votes", "Labels", "Labels", "Labels", "Description",
    "Environment", "Watchers", "Watchers", "Original Estimate", "Remaining Estimate",
    "Time Spent", "Work Ratio", "Σ Original Estimate", "Σ Remaining Estimate", "Σ Time Spent",
    "Security Level", "Sprint", "Sprint", "Sprint", "Custom field (Story Points)",
    "Custom field (Story point estimate)", "Custom field (Epic Link)", "Custom field (Rank)",
    "Custom field (Team)", "Custom field (Start date)", "Custom field (Flagged)",
    "Custom field (Development)", "Custom field (Acceptance Criteria)", "Status Category",
    "Status Category Changed", "Parent", "Parent summary", "Comment", "Comment",
]  # fmt: skip
assert len(JIRA_HEADER) == 60

STATUSES = ("To Do", "In Progress", "Done", "Ready for Development", "In Review", "Backlog")
TYPES = ("Story", "Bug", "Task", "Spike", "Sub-task")


def jira_row(number: int, **fields: str) -> list[str]:
    """One issue row of :data:`JIRA_HEADER`; ``fields`` override columns by header name."""
    values = {name: "" for name in JIRA_HEADER}
    values.update(
        {
            "Summary": f"Story number {number}: pay by card",
            "Issue key": f"PAY-{number}",
            "Issue id": str(10_000 + number),
            "Issue Type": TYPES[number % len(TYPES)],
            "Status": STATUSES[number % len(STATUSES)],
            "Project key": "PAY",
            "Project name": "Payments",
            "Priority": "Medium",
            "Reporter": "ana",
            "Created": f"{1 + number % 28:02d}/Mar/24 {1 + number % 12}:04 PM",
            "Updated": "12/Mar/24 3:04 PM",
            "Description": (
                f"As a buyer\r\nI want {number}\r\n\r\n[ ] total shown\r\n[x] receipt sent"
            ),
            "Custom field (Story Points)": str(number % 8) if number % 5 else "",
            "Custom field (Rank)": f"0|i00{number}:",
            "Status Category": "To Do",
        }
    )
    values.update(fields)
    row = [values[name] for name in JIRA_HEADER]
    # repeated columns: every copy gets a value, as Jira writes them
    for index, name in enumerate(JIRA_HEADER):
        if name in ("Sprint", "Labels", "Component/s") and name not in fields:
            row[index] = f"{name.split('/')[0]} {index % 3}"
    return row


def jira_csv(rows: list[list[str]], header: list[str] | None = None) -> bytes:
    """A Jira export as Jira writes it: BOM, CRLF, everything quoted where needed."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header or JIRA_HEADER)
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_jira(path: Path, count: int) -> Path:
    """A full-width Jira export of ``count`` issues at ``path``."""
    path.write_bytes(jira_csv([jira_row(n) for n in range(1, count + 1)]))
    return path


def gh_issues(count: int) -> list[dict[str, object]]:
    """What ``gh issue list --json number,title,body,labels,state,milestone,createdAt,closedAt``
    writes."""
    return [
        {
            "number": n,
            "title": f"Issue {n} <b>bold</b>",
            "body": "Steps\n\n- [ ] works offline\n- [x] loads fast" if n % 2 else "",
            "labels": [
                {"id": f"LA_{n}", "name": "bug" if n % 3 == 0 else "feature", "color": "d73a4a"},
                *([{"id": "LB", "name": f"points: {n % 5}", "color": "fff"}] if n % 4 else []),
            ],
            "state": "CLOSED" if n % 5 == 0 else "OPEN",
            "milestone": {"number": 1, "title": "v1", "description": "", "dueOn": None}
            if n % 2
            else None,
            "createdAt": "2026-03-01T10:00:00Z",
            "closedAt": "2026-03-05T10:00:00Z" if n % 5 == 0 else None,
        }
        for n in range(1, count + 1)
    ]


def rest_issues(count: int) -> list[dict[str, object]]:
    """The REST API's issue objects (``GET /repos/o/r/issues``), one a pull request."""
    items: list[dict[str, object]] = [
        {
            "url": f"https://api.github.com/repos/o/r/issues/{n}",
            "number": n,
            "title": f"REST issue {n}",
            "user": {"login": "ana", "id": 1},
            "labels": [{"id": 1, "name": f"sp-{n % 3 + 1}", "color": "fff", "default": False}],
            "state": "open",
            "state_reason": None,
            "assignees": [],
            "milestone": None,
            "comments": 0,
            "created_at": "2026-03-01T10:00:00Z",
            "closed_at": None,
            "body": None,
        }
        for n in range(1, count + 1)
    ]
    items[-1]["pull_request"] = {"url": "https://api.github.com/repos/o/r/pulls/1"}
    return items


def write_json(path: Path, data: object) -> Path:
    """``data`` as indented JSON at ``path``."""
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path
