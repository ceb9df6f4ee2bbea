"""Every use case that stores typed text refuses over-long text, a NUL and a lone surrogate with
an InputError naming the field, and stores nothing; what the rules accept is read back as is."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import sqlite3
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitator.domain import text_rules as rules
from facilitator.domain.delivery import DefectKind
from facilitator.domain.engagement import LinkKind, PartnerFilter
from facilitator.domain.experiment import Outcome
from facilitator.domain.ids import RunId
from facilitator.domain.model import Role, Seniority, Side, SprintState, StoryType
from facilitator.domain.retro_notes import Column, NoteId
from facilitator.domain.review_rules import NoteKind
from facilitator.domain.text_rules import TextRule, check_text
from facilitator.domain.timebox import Ceremony
from facilitator.domain.tooling import ToolArea
from facilitator.errors import InputError
from facilitator.ops import decisions, planning, retro, review, standup, team_model, timebox
from facilitator.ops import story_context as context
from facilitator.ops import story_editing as edit
from facilitator.ops.changes import ActionContext
from facilitator.ops.story_reading import load_story
from facilitator.ops.teams import create_team, list_teams
from facilitator.store.db import Store
from tests.helpers.backlog_team import NOW, BacklogTeam, make_team, new_criterion, new_story
from tests.helpers.retro_team import NOW as RETRO_NOW
from tests.helpers.retro_team import add_sprint, opened_run

Op = Callable[[Store, BacklogTeam, str], object]


def _ctx(t: BacklogTeam) -> ActionContext:
    return ActionContext(NOW, t.team)


def _member(name: str = "Ana", zone: str = "Europe/Berlin") -> team_model.MemberInput:
    return team_model.MemberInput(
        name, Role.ENGINEER, Side.IN_HOUSE, Seniority.MID, zone, 540, 1020
    )


def _settings(store: Store, t: BacklogTeam, **changes: object) -> team_model.TeamSettings:
    base = team_model.TeamSettings("Payments", 10, ("Tested",))
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def _criterion(store: Store, t: BacklogTeam, text: str) -> None:
    criterion = new_criterion(store, t.stories[0], "Given a card", t.po)
    edit.edit_criterion(store, ActionContext(NOW), criterion, text)


def _extend(store: Store, t: BacklogTeam, reason: str) -> None:
    view = timebox.load_timer(store, t.team, Ceremony.STANDUP)
    timebox.extend_timer(store, view, 5, reason, NOW)


_PARTNERS = itertools.count(1)


def _score(store: Store, t: BacklogTeam, note: str) -> None:
    candidate = team_model.add_candidate(store, t.team, f"Acme {next(_PARTNERS)}", NOW)
    team_model.score_candidate(store, candidate, PartnerFilter.DOMAIN, 3, note)


DAY = dt.date(2026, 12, 24)


def _run_ctx(t: BacklogTeam) -> ActionContext:
    return ActionContext(NOW, t.team, RunId(1))


# (rule, the use case storing the typed value); every stored user text is here.
OPS: list[tuple[TextRule, Op]] = [
    (rules.STORY_TITLE, lambda s, t, v: new_story(s, t.team, v, StoryType.STORY)),
    (
        rules.STORY_TITLE,
        lambda s, t, v: edit.update_story(
            s, ActionContext(NOW), t.stories[0], title=v, description="", kind=StoryType.STORY
        ),
    ),
    (
        rules.STORY_DESCRIPTION,
        lambda s, t, v: edit.update_story(
            s, ActionContext(NOW), t.stories[0], title="Pay", description=v, kind=StoryType.STORY
        ),
    ),
    (rules.CRITERION, lambda s, t, v: new_criterion(s, t.stories[0], v, t.po)),
    (rules.CRITERION, _criterion),
    (rules.ASSUMPTION, lambda s, t, v: edit.add_assumption(s, ActionContext(NOW), t.stories[0], v)),
    (
        rules.DEPENDENCY_PARTY,
        lambda s, t, v: context.add_dependency(
            s, ActionContext(NOW), t.stories[0], external_party=v
        ),
    ),
    (
        rules.DEPENDENCY_DESCRIPTION,
        lambda s, t, v: context.add_dependency(
            s, ActionContext(NOW), t.stories[0], on_key="PAY-2", description=v
        ),
    ),
    (
        rules.RISK,
        lambda s, t, v: context.add_risk(
            s, ActionContext(NOW), t.stories[0], text=v, severity="low", mitigation="", owner=""
        ),
    ),
    (
        rules.RISK_MITIGATION,
        lambda s, t, v: context.add_risk(
            s, ActionContext(NOW), t.stories[0], text="Risk", severity="low", mitigation=v, owner=""
        ),
    ),
    (
        rules.RISK_OWNER,
        lambda s, t, v: context.add_risk(
            s, ActionContext(NOW), t.stories[0], text="Risk", severity="low", mitigation="", owner=v
        ),
    ),
    (rules.DOR_ITEM, lambda s, t, v: context.add_team_dor_item(s, ActionContext(NOW, t.team), v)),
    (rules.TEAM_NAME, lambda s, t, v: create_team(s, v, 10, ["Tested"])),
    (rules.DOD_ITEM, lambda s, t, v: create_team(s, "Other", 10, ["Tested", v])),
    (
        rules.TEAM_NAME,
        lambda s, t, v: team_model.create_team_with_members(s, v, 10, ["Tested"], [_member()]),
    ),
    (
        rules.MEMBER_NAME,
        lambda s, t, v: team_model.create_team_with_members(s, "Other", 10, ["T"], [_member(v)]),
    ),
    (
        rules.MEMBER_NAME,
        lambda s, t, v: team_model.add_member(s, ActionContext(NOW, t.team), _member(v)),
    ),
    (
        rules.MEMBER_NAME,
        lambda s, t, v: team_model.update_member(
            s, ActionContext(NOW, t.team), t.engineer, _member(v)
        ),
    ),
    (
        rules.MEMBER_TIMEZONE,
        lambda s, t, v: team_model.add_member(s, ActionContext(NOW, t.team), _member(zone=v)),
    ),
    (
        rules.TEAM_NAME,
        lambda s, t, v: team_model.update_team(
            s, ActionContext(NOW, t.team), _settings(s, t, name=v)
        ),
    ),
    (
        rules.DOD_ITEM,
        lambda s, t, v: team_model.update_team(
            s, ActionContext(NOW, t.team), _settings(s, t, definition_of_done=("Tested", v))
        ),
    ),
    (
        rules.TRANSITION_PLAN,
        lambda s, t, v: team_model.update_team(
            s, ActionContext(NOW, t.team), _settings(s, t, transition_plan=v)
        ),
    ),
    (rules.LINK_TITLE, lambda s, t, v: team_model.add_link(s, t.team, LinkKind.ADR, v, "", None)),
    (
        rules.LINK_URL,
        lambda s, t, v: team_model.add_link(s, t.team, LinkKind.ADR, "ADRs", v, None),
    ),
    (rules.PARTNER_NAME, lambda s, t, v: team_model.add_candidate(s, t.team, v, NOW)),
    (rules.PARTNER_NOTE, _score),
    (rules.EXTENSION_REASON, _extend),
    (
        rules.UPDATE_DONE,
        lambda s, t, v: standup.write_update(s, _ctx(t), t.qa, NOW.date(), v, "", ""),
    ),
    (
        rules.UPDATE_NEXT,
        lambda s, t, v: standup.write_update(s, _ctx(t), t.qa, NOW.date(), "", v, ""),
    ),
    (
        rules.UPDATE_BLOCKERS,
        lambda s, t, v: standup.write_update(s, _ctx(t), t.qa, NOW.date(), "", "", v),
    ),
    (rules.BLOCKER_DESCRIPTION, lambda s, t, v: standup.raise_blocker(s, _ctx(t), t.qa, v)),
    (
        rules.RESOLUTION,
        lambda s, t, v: standup.resolve_blocker(
            s, _ctx(t), standup.raise_blocker(s, _ctx(t), t.qa, "VPN").created or 0, v
        ),
    ),
    (rules.QUESTION, lambda s, t, v: decisions.raise_decision(s, _ctx(t), v, t.qa, t.po)),
    (
        rules.DECISION_TEXT,
        lambda s, t, v: decisions.decide(
            s, _ctx(t), decisions.raise_decision(s, _ctx(t), "Q?", t.qa, t.po).created or 0, v
        ),
    ),
    (
        rules.ESCALATION_PATH,
        lambda s, t, v: decisions.set_authority(s, _ctx(t), None, None, None, v),
    ),
    (
        rules.TOOL_NAME,
        lambda s, t, v: decisions.set_tool(s, _ctx(t), ToolArea.ISSUES, Side.IN_HOUSE, v),
    ),
    (rules.HOLIDAY_LOCATION, lambda s, t, v: planning.add_holiday(s, _run_ctx(t), v, DAY, "Feast")),
    (rules.HOLIDAY_NAME, lambda s, t, v: planning.add_holiday(s, _run_ctx(t), "Berlin", DAY, v)),
    (rules.PLANNING_GOAL, lambda s, t, v: planning.set_goal(s, _run_ctx(t), v)),
    (rules.PLANNING_REASON, lambda s, t, v: planning.skip(s, _run_ctx(t), "PAY-1", v, t.po)),
    (rules.PLANNING_REASON, lambda s, t, v: planning.reopen_planning(s, _run_ctx(t), v, t.po)),
    (rules.PLANNING_REASON, lambda s, t, v: planning.raise_capacity(s, _run_ctx(t), 9, v, t.po)),
    (
        rules.PLANNING_REASON,
        lambda s, t, v: planning.acknowledge(s, _run_ctx(t), "PAY-1", t.qa, v, t.po),
    ),
    (rules.REVIEW_NOTE, lambda s, t, v: review.capture_note(s, _run_ctx(t), NoteKind.QUESTION, v)),
    (
        rules.REVIEW_NOTE_BY,
        lambda s, t, v: review.capture_note(s, _run_ctx(t), NoteKind.FEEDBACK, "Faster", v),
    ),
    (rules.DEPLOYMENT, lambda s, t, v: review.record_deployment(s, _run_ctx(t), NOW, v)),
    (rules.DEFECT, lambda s, t, v: review.record_defect(s, _run_ctx(t), DefectKind.ESCAPED, v)),
]


def _bad_values(rule: TextRule) -> dict[str, tuple[str, str]]:
    """Typed value → the start of the message it must get."""
    return {
        "over the limit": ("é" * (rule.limit + 1), f"{rule.label} is {rule.limit + 1} characters"),
        "a NUL": ("ok\0ok", f"{rule.label} contains a NUL character (U+0000) at position 3"),
        "a lone surrogate": ("ok\ud83d", f"{rule.label} contains half of a character"),
        "a bell": ("ok\x07", f"{rule.label} contains a control character (U+0007)"),
    }


def _dump(store: Store) -> list[str]:
    path = store.target.sqlite_path
    assert path is not None
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


@pytest.mark.parametrize(
    "index", [pytest.param(i, id=f"{i}-{rule.column}") for i, (rule, _) in enumerate(OPS)]
)
def test_bad_text_is_refused_and_nothing_is_stored(store: Store, index: int) -> None:
    rule, op = OPS[index]
    t = make_team(store, stories=2)
    for value, message in _bad_values(rule).values():
        before = _dump(store)
        with pytest.raises(InputError) as caught:
            op(store, t, value)
        assert message in str(caught.value)
        after = _dump(store)
        # Preparing a case may add rows (a criterion to edit, a partner to score); never the value.
        assert not any(value in line for line in after)
        assert len(after) - len(before) <= 2


# The retrospective's typed fields, each with the phase its use case needs (steps from phase 1).
RetroOp = Callable[[Store, ActionContext, BacklogTeam, str], object]
RETRO_OPS: list[tuple[TextRule, int, RetroOp]] = [
    (
        rules.EXPERIMENT_EVIDENCE,
        0,
        lambda s, c, t, v: retro.evaluate_previous(s, c, Outcome.WORKED, v, t.scrum_master),
    ),
    (rules.RETRO_NOTE, 1, lambda s, c, t, v: retro.write_note(s, c, t.qa, Column.WENT_WELL, v)),
    (rules.RETRO_GROUP, 2, lambda s, c, t, v: retro.make_group(s, c, v, [NoteId(1)])),
    (
        rules.EXPERIMENT_CHANGE,
        5,
        lambda s, c, t, v: retro.decide_experiment(s, c, v, t.qa, "reviews wait under 4 hours"),
    ),
    (
        rules.EXPERIMENT_MEASURE,
        5,
        lambda s, c, t, v: retro.decide_experiment(s, c, "Pair on reviews", t.qa, v),
    ),
]


@pytest.mark.parametrize(
    "index", [pytest.param(i, id=rule.column) for i, (rule, _, _) in enumerate(RETRO_OPS)]
)
def test_bad_retro_text_is_refused_and_nothing_is_stored(store: Store, index: int) -> None:
    rule, steps, op = RETRO_OPS[index]
    t = make_team(store, stories=0)
    add_sprint(store, t, "Sprint 1", RETRO_NOW.date(), SprintState.ACTIVE)
    ctx = ActionContext(RETRO_NOW, t.team, opened_run(store, ActionContext(RETRO_NOW, t.team)))
    retro.advance_phase(store, ctx)
    retro.write_note(store, ctx, t.engineer, Column.TO_IMPROVE, "Reviews wait for days")
    retro.back_phase(store, ctx)
    for _ in range(steps):
        retro.advance_phase(store, ctx)
    for value, message in _bad_values(rule).values():
        before = _dump(store)
        with pytest.raises(InputError) as caught:
            op(store, ctx, t, value)
        assert message in str(caught.value)
        assert _dump(store) == before


def test_every_rule_is_applied_by_some_use_case() -> None:
    applied = {rule.column for rule, _ in OPS} | {rule.column for rule, _, _ in RETRO_OPS}
    assert applied == {rule.column for rule in rules.RULES}


def test_a_500_character_title_is_refused_not_cut(store: Store) -> None:
    t = make_team(store, stories=1)
    with pytest.raises(InputError, match=r"^Title is 500 characters; the limit is 300$"):
        edit.update_story(
            store,
            ActionContext(NOW),
            t.stories[0],
            title="x" * 500,
            description="",
            kind=StoryType.STORY,
        )
    assert load_story(store, t.stories[0]).title == "Story number 1"


TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=400)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(title=TEXT, description=TEXT, name=TEXT)
def test_accepted_text_is_read_back_unchanged(
    store: Store, title: str, description: str, name: str
) -> None:
    """Whatever the rules accept (any script, emoji, format characters) is stored exactly."""
    teams = list_teams(store)
    team = teams[0].id if teams else create_team(store, "Round trip", 10, ["Tested"])
    try:
        want = (
            check_text(title, rules.STORY_TITLE),
            check_text(description, rules.STORY_DESCRIPTION),
        )
    except InputError:
        want = None
    if want is not None:
        story = new_story(store, team, title, StoryType.STORY)
        edit.update_story(
            store,
            ActionContext(NOW),
            story,
            title=title,
            description=description,
            kind=StoryType.BUG,
        )
        shown = load_story(store, story)
        assert (shown.title, shown.description) == want
    try:
        want_name = check_text(name, rules.MEMBER_NAME)
    except InputError:
        return
    member = team_model.add_member(store, ActionContext(NOW, team), _member(name)).created
    assert member is not None
    view = team_model.team_view(store, team, NOW.date(), NOW.date(), NOW.date())
    assert view.names[int(member)] == want_name
