"""A sprint report's text: its sections, and user text that never turns into markup."""

from __future__ import annotations

import datetime as dt

from facilitator.charts.report import html_report, text_pages
from facilitator.domain.history import (
    BlockerLine,
    DecisionLine,
    ForecastLine,
    SprintPage,
    StoryLine,
)
from facilitator.domain.metrics import SprintFacts, Waited, sprint_metrics
from facilitator.domain.report import markdown, md_escape, record

AT = dt.datetime(2026, 3, 3, 9, tzinfo=dt.UTC)
GOAL = "<script>alert(1)</script> *ship* [it](x)"


def page(stories: int = 2) -> SprintPage:
    facts = SprintFacts(
        "Sprint <7>",
        dt.date(2026, 3, 2),
        dt.date(2026, 3, 13),
        "closed",
        forecast_stories=2,
        forecast_points=8.0,
        completed_stories=1,
        completed_points=5.0,
        blockers=(Waited(30, True),),
        goal=GOAL,
    )
    return SprintPage(
        metrics=sprint_metrics(facts, 24),
        frozen_on=AT,
        frozen_by="Ana",
        forecast=(ForecastLine("PAY-1", "Receipt <b>rate</b>", 5.0), ForecastLine("PAY-2", "B", 3)),
        stories=tuple(
            StoryLine(
                f"PAY-{n}", f"Story {n}", 4.0, False, n == 1, "" if n == 1 else "Not deployed"
            )
            for n in range(1, stories + 1)
        ),
        blockers=(BlockerLine("Sandbox_down", AT, AT + dt.timedelta(hours=30), "fixed"),),
        decisions=(DecisionLine("Which rate?", "ECB", AT, AT + dt.timedelta(hours=20)),),
        deployments=(),
        defects=(),
        experiment=None,
        sla_hours=24,
    )


def test_markdown_escapes_user_text_and_keeps_the_figures() -> None:
    text = markdown("Pay|ments", page())
    assert text.startswith("# Pay\\|ments · Sprint \\<7\\>\n")
    assert "\\<script\\>alert(1)\\</script\\> \\*ship\\* \\[it\\](x)" in text
    assert "<script>" not in text
    assert "- Predictability: 62 %" in text  # 5 of 8 points
    assert "- Blockers: 1 raised, median 30.0 h to resolve, 1 over the 24 h SLA" in text
    assert "- PAY-2 Story 2 (4 pts): Not Done: Not deployed" in text
    assert "Sandbox\\_down" in text
    assert "- Which rate? — ECB (cycle 20.0 h)" in text
    assert "Read-only · forecast frozen on 3 Mar 2026 by Ana" in text


def test_md_escape_flattens_newlines() -> None:
    assert md_escape("two\nlines # here") == "two lines \\# here"


def test_html_escapes_user_text() -> None:
    text = html_report("Payments", page(), [])
    assert "<script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "Receipt &lt;b&gt;rate&lt;/b&gt;" in text


def test_json_record_lists_the_page() -> None:
    doc = record("Payments", page())
    assert doc["goal"] == GOAL
    assert doc["sprint"]["predictability"] == 0.625
    assert [s["done"] for s in doc["stories"]] == [True, False]
    assert doc["decisions"] == [{"question": "Which rate?", "decision": "ECB", "cycle_hours": 20.0}]
    assert doc["blockers"][0]["resolved_at"] == "2026-03-04T15:00:00+00:00"


def test_long_reports_are_cut_into_pages_each_titled() -> None:
    pages = text_pages("Payments · Sprint 7", page(stories=120))
    assert len(pages) >= 3
    assert all(p[0] == ("Payments · Sprint 7", True) for p in pages)
    body = [line for p in pages for line, _ in p[2:]]
    assert sum(1 for line in body if line.startswith("PAY-") and "Story" in line) == 120
