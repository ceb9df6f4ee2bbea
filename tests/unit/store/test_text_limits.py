"""The text rules' limits are the schema's column lengths, and every text column has a rule."""

from __future__ import annotations

from sqlalchemy import String, Text

from facilitator.domain.text_rules import RULES
from facilitator.store.models import Base

# Text columns no user types into, and why.
NOT_TYPED = {
    "story.key": "made from the team's prefix and a number",
    "story.changed_by": "the program's editor name (store/identity.py cleans and caps it)",
    "member.changed_by": "the program's editor name",
    "team.changed_by": "the program's editor name",
    "story.type": "an enum (check finds unknown values)",
    "story.status": "an enum",
    "member.role": "an enum",
    "member.side": "an enum",
    "member.seniority": "an enum",
    "team.engagement_shape": "an enum",
    "sprint.state": "an enum",
    "risk.severity": "an enum",
    "knowledge_link.kind": "an enum",
    "team_assignment.area": "an enum",
    "partner_score.filter": "an enum",
    "ceremony_run.ceremony": "an enum",
    "ceremony_run.phase": "an enum",
    "ceremony_run.queue": "JSON of story ids, written by the app",
    "team_timebox_default.ceremony": "an enum",
    "run_change.kind": "a constant of the code",
    "run_change.text": "written by the app from already checked values",
    "acceptance_criterion.author": "a member's name (checked as member.name)",
    "poker_vote.voter": "a member's name (checked as member.name)",
    "agenda_item.title": "agendas come from the code",
    "sprint.name": "written only by the demo generator so far",
    "sprint.goal": "written only by the demo generator so far",
    "sprint_story.not_done_reason": "the review's verdict in words (or the demo generator)",
    "decision.kind": "an enum",
    "team_tool.area": "an enum",
    "team_tool.side": "an enum",
    "capacity_choice.explanation": "the domain's proposal in words",
    "capacity_choice.by_name": "a member's name (checked as member.name)",
    "planning.full_by_name": "a member's name (checked as member.name)",
    "planning_act.kind": "a constant of the code",
    "planning_act.key": "copied from story.key",
    "planning_act.title": "copied from story.title (checked there)",
    "planning_act.open_items": "JSON of the story's open items in words, written by the app",
    "planning_act.owner_name": "a member's name (checked as member.name)",
    "planning_act.role": "an enum",
    "planning_act.by_name": "a member's name (checked as member.name)",
    "planning_snapshot.sprint_name": "copied from sprint.name",
    "planning_snapshot.goal": "copied from planning.goal when the forecast froze",
    "planning_snapshot.by_name": "a member's name (checked as member.name)",
    "snapshot_story.key": "copied from story.key",
    "snapshot_story.title": "copied from story.title (checked there)",
    "snapshot_confirmation.confirmer": "an enum",
    "snapshot_confirmation.role": "an enum",
    "snapshot_confirmation.by_name": "a member's name (checked as member.name)",
    "retro.phase": "an enum",
    "retro.closed_by_name": "a member's name (checked as member.name)",
    "retro_note.board_column": "an enum",
    "retro_note.friction": "an enum",
    "retro_note.author_name": "a member's name (checked as member.name)",
    "retro_group.notes": "JSON of note ids, written by the app",
    "experiment.owner_name": "a member's name (checked as member.name)",
    "experiment.outcome": "an enum",
    "experiment.evaluated_by_name": "a member's name (checked as member.name)",
    "review.closed_by_name": "a member's name (checked as member.name)",
    "review_note.kind": "an enum",
    "review_dod_mark.item": "copied from dod_item.text (checked there)",
    "sprint_defect.kind": "an enum",
}


def _text_columns() -> dict[str, String]:
    return {
        f"{table.name}.{column.name}": column.type
        for table in Base.metadata.tables.values()
        for column in table.columns
        if isinstance(column.type, String)  # Text is a String without a length
    }


def test_every_limit_equals_its_columns_length() -> None:
    columns = _text_columns()
    for rule in RULES:
        kind = columns[rule.column]
        if isinstance(kind, Text) or kind.length is None:
            continue  # unbounded in the database: the rule is the only bound
        assert rule.limit == kind.length, f"{rule.column}: rule {rule.limit}, column {kind.length}"


def test_every_text_column_has_a_rule_or_a_reason() -> None:
    covered = {rule.column for rule in RULES}
    missing = sorted(set(_text_columns()) - covered - set(NOT_TYPED))
    assert missing == []
    assert covered.isdisjoint(NOT_TYPED)


def test_derived_columns_are_as_long_as_what_they_copy() -> None:
    columns = _text_columns()
    name = next(r for r in RULES if r.column == "member.name").limit
    assert columns["acceptance_criterion.author"].length == name
    assert columns["poker_vote.voter"].length == name
