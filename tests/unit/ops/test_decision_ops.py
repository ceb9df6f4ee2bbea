"""Decision-log ops on a real SQLite file: one transaction per action, refusals save nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from sqlalchemy import select

from facilitator.domain.decisions import DecisionKind, Stage
from facilitator.domain.ids import MemberId, RunId, TeamId
from facilitator.domain.model import Side
from facilitator.domain.tooling import ToolArea, splits
from facilitator.errors import InputError, RuleViolation
from facilitator.ops import decisions, refinement
from facilitator.ops.ceremony import run_of
from facilitator.ops.changes import ActionContext, Changes, Kind
from facilitator.store.db import Store
from facilitator.store.models import TeamRow
from facilitator.store.standup_repository import StandupRepository
from tests.helpers.backlog_team import NOW, BacklogTeam, make_team
from tests.helpers.transactions import counting


@pytest.fixture
def team(store: Store) -> BacklogTeam:
    return make_team(store, stories=2)


def _once(store: Store, action: Callable[[], Changes]) -> Changes:
    with counting(store) as tally:
        changes = action()
    assert tally.begins == 1
    return changes


def _ctx(team: BacklogTeam, hours: float = 0, run: RunId | None = None) -> ActionContext:
    return ActionContext(NOW + dt.timedelta(hours=hours), team.team, run)


def test_a_decision_from_refinement_is_linked_to_its_run_and_story(
    store: Store, team: BacklogTeam
) -> None:
    run = run_of(refinement.start_refinement(store, _ctx(team)))
    assert run is not None
    raised = _once(
        store,
        lambda: decisions.raise_decision(
            store,
            _ctx(team, run=run.run_id),
            "Which PSP for refunds?",
            team.engineer,
            team.po,
            DecisionKind.PRIORITY,
            team.stories[0],
        ),
    )
    assert raised.kinds == {Kind.DECISION}
    log = decisions.decision_log(store, team.team)
    (decision,) = log.decisions
    assert decision.run_id == run.run_id
    assert decision.story_id == team.stories[0]
    assert log.story_keys[team.stories[0]].endswith("-1")
    assert log.names[decision.decision_maker] == "Anna PO"


def test_decide_then_act_on_gives_the_cycle_time(store: Store, team: BacklogTeam) -> None:
    made = decisions.raise_decision(store, _ctx(team), "Retry policy?", team.qa, team.engineer)
    decision_id = made.created or 0
    _once(store, lambda: decisions.decide(store, _ctx(team, 20), decision_id, "Three retries"))
    log = decisions.decision_log(store, team.team)
    assert log.decisions[0].stage is Stage.DECIDED
    assert log.decisions[0].cycle(NOW).label == "20 h (still open)"
    _once(store, lambda: decisions.act_on(store, _ctx(team, 26), decision_id))
    decision = decisions.decision_log(store, team.team).decisions[0]
    assert decision.cycle(NOW).label == "1 d 2 h · over 24 h"


def test_undo_of_a_decision_takes_it_back(store: Store, team: BacklogTeam) -> None:
    made = decisions.raise_decision(store, _ctx(team), "Retry policy?", team.qa, team.engineer)
    decided = decisions.decide(store, _ctx(team, 1), made.created or 0, "Three")
    assert decided.undo is not None
    decided.undo.undo(store, _ctx(team))
    assert decisions.decision_log(store, team.team).decisions[0].stage is Stage.RAISED
    assert made.undo is not None
    made.undo.undo(store, _ctx(team))
    assert decisions.decision_log(store, team.team).decisions == ()


def test_a_decision_without_a_decision_maker_is_refused_and_nothing_saved(
    store: Store, team: BacklogTeam
) -> None:
    with pytest.raises(RuleViolation, match="name the decision-maker"):
        decisions.raise_decision(store, _ctx(team), "Which PSP?", team.engineer, None)
    with pytest.raises(RuleViolation, match="must be a member of this team"):
        decisions.raise_decision(store, _ctx(team), "Which PSP?", team.engineer, MemberId(99))
    assert decisions.decision_log(store, team.team).decisions == ()


def test_deciding_before_the_question_or_acting_before_deciding_is_refused(
    store: Store, team: BacklogTeam
) -> None:
    made = decisions.raise_decision(store, _ctx(team), "Retry policy?", team.qa, team.engineer)
    decision_id = made.created or 0
    with pytest.raises(RuleViolation, match="decide it before"):
        decisions.act_on(store, _ctx(team, 1), decision_id)
    with pytest.raises(RuleViolation, match="before the question"):
        decisions.decide(store, _ctx(team), decision_id, "x", NOW - dt.timedelta(hours=2))
    with pytest.raises(InputError, match="no longer exists"):
        decisions.decide(store, _ctx(team), 999, "x")
    assert decisions.decision_log(store, team.team).decisions[0].stage is Stage.RAISED


def test_decision_authority_defaults_to_the_guide_and_is_recorded(
    store: Store, team: BacklogTeam
) -> None:
    assert decisions.decision_log(store, team.team).authority.priorities == team.po
    _once(
        store,
        lambda: decisions.set_authority(
            store, _ctx(team), team.engineer, team.po, team.scrum_master, "Then the CTO"
        ),
    )
    authority = decisions.decision_log(store, team.team).authority
    assert (authority.technical, authority.escalation, authority.path) == (
        team.engineer,
        team.scrum_master,
        "Then the CTO",
    )
    with pytest.raises(RuleViolation, match="escalation person must be a member"):
        decisions.set_authority(store, _ctx(team), None, None, MemberId(99), "")
    assert decisions.decision_log(store, team.team).authority.escalation == team.scrum_master


def test_tools_per_side_show_a_split(store: Store, team: BacklogTeam) -> None:
    _once(
        store,
        lambda: decisions.set_tool(store, _ctx(team), ToolArea.ISSUES, Side.IN_HOUSE, "Jira"),
    )
    decisions.set_tool(store, _ctx(team), ToolArea.ISSUES, Side.OUTSOURCED, "GitHub Issues")
    (split,) = splits(decisions.team_tools(store, team.team))
    assert split.text == "issue tracking (in-house Jira, outsourced GitHub Issues)"
    decisions.set_tool(store, _ctx(team), ToolArea.ISSUES, Side.OUTSOURCED, "Jira")
    assert splits(decisions.team_tools(store, team.team)) == []
    decisions.set_tool(store, _ctx(team), ToolArea.ISSUES, Side.OUTSOURCED, " ")
    assert len(decisions.team_tools(store, team.team)) == 1
    with pytest.raises(InputError, match="Tool is 121 characters"):
        decisions.set_tool(store, _ctx(team), ToolArea.DOCS, Side.IN_HOUSE, "x" * 121)


def test_the_standup_settings_are_one_read_of_no_blocker_or_decision_rows(
    demo_store: Store,
) -> None:
    from facilitator.ops.teams import list_teams

    team = list_teams(demo_store)[0]
    with counting(demo_store) as tally:
        settings = decisions.standup_settings(demo_store, team.id)
    assert tally.begins == 1
    assert not [s for s in tally.statements if "FROM blocker" in s or "FROM decision\n" in s]
    assert settings.sla_hours == 24
    assert settings.authority.technical is not None
    assert [m.name for m in settings.members] == sorted(m.name for m in settings.members)
    assert settings.tools


def test_the_log_read_as_stored_values_is_the_log_of_each_decision(demo_store: Store) -> None:
    """The decisions made from the stored values (what a revisit compares) are the ones the
    repository gives one by one: moments aware UTC, kinds, links and outcomes alike."""
    with demo_store.read_session() as session:
        team_id = TeamId(session.scalars(select(TeamRow.id).order_by(TeamRow.id)).first() or 0)
    log = decisions.decision_log(demo_store, team_id).decisions
    assert log
    with demo_store.read_session() as session:
        repo = StandupRepository(session)
        one_by_one = [repo.decision(d.id) for d in log]
    assert list(log) == one_by_one
    assert all(d.raised_at.tzinfo is not None for d in log)


def test_a_read_with_the_log_known_returns_it_unless_a_decision_changed(
    store: Store, team: BacklogTeam
) -> None:
    made = decisions.raise_decision(store, _ctx(team), "Which PSP?", team.engineer, team.po)
    known = decisions.decision_log(store, team.team)
    with counting(store) as tally:
        again = decisions.decision_log(store, team.team, known)
    assert again is known
    assert tally.begins == 1
    decisions.decide(store, _ctx(team, 1), made.created or 0, "Adyen")
    after = decisions.decision_log(store, team.team, known)
    assert after.decisions[0].decision == "Adyen"
    assert after.names == known.names
