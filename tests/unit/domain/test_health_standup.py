"""Operating-model checks the standup and decision data enable: authority, tooling, refinement."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator.domain.decisions import DecisionAuthority
from facilitator.domain.health import (
    Status,
    check_decision_roles,
    check_refinement_cadence,
    check_tooling,
    refinements_needed,
)
from facilitator.domain.ids import MemberId, SprintId, TeamId
from facilitator.domain.model import Member, Role, Seniority, Side, Sprint, SprintState
from facilitator.domain.tooling import (
    ToolArea,
    ToolChoice,
    ToolSplit,
    check_tool,
    splits,
    unrecorded,
)
from facilitator.errors import InputError

TEAM = TeamId(1)


def person(mid: int, name: str, role: Role, side: Side, active: bool = True) -> Member:
    return Member(
        MemberId(mid), TEAM, name, role, side, Seniority.MID, "Europe/Berlin", 540, 1020, active
    )


PO = person(1, "Pia", Role.PRODUCT_OWNER, Side.IN_HOUSE)
LEAD = person(2, "Tom", Role.TECH_LEAD, Side.IN_HOUSE)
DEV = person(3, "Raj", Role.ENGINEER, Side.OUTSOURCED)
CTO = person(4, "Cy", Role.STAKEHOLDER, Side.IN_HOUSE)
GONE = person(5, "Old", Role.TECH_LEAD, Side.IN_HOUSE, active=False)
TEAM_MEMBERS = [PO, LEAD, DEV, CTO, GONE]


def authority(
    tech: int | None, prio: int | None, esc: int | None, path: str = ""
) -> DecisionAuthority:
    ids = [None if x is None else MemberId(x) for x in (tech, prio, esc)]
    return DecisionAuthority(ids[0], ids[1], ids[2], path)


@pytest.mark.parametrize(
    ("given", "status", "reason"),
    [
        (None, Status.FAIL, "nobody named for technical decisions, priorities, escalation"),
        (authority(2, 1, None), Status.FAIL, "nobody named for escalation"),
        (authority(5, 1, 4), Status.FAIL, "nobody named for technical decisions"),
        (authority(2, 99, 4), Status.FAIL, "nobody named for priorities"),
        (
            authority(3, 2, 4),
            Status.WARN,
            "technical decisions are with Raj, who is not a tech lead; "
            "priorities are with Tom, who is not the Product Owner",
        ),
        (authority(2, 1, 4), Status.PASS, "technical: Tom; priorities: Pia; escalation: Cy"),
        (
            authority(2, 1, 4, "PO and tech lead, then the CTO"),
            Status.PASS,
            "technical: Tom; priorities: Pia; escalation: Cy (PO and tech lead, then the CTO)",
        ),
    ],
)
def test_decision_authority_and_escalation_are_named(
    given: DecisionAuthority | None, status: Status, reason: str
) -> None:
    check = check_decision_roles(given, TEAM_MEMBERS)
    assert (check.key, check.status, check.reason) == ("decision_authority", status, reason)


def choice(area: ToolArea, side: Side, tool: str) -> ToolChoice:
    return ToolChoice(area, side, tool)


SAME = [
    choice(area, side, tool)
    for area, tool in [
        (ToolArea.ISSUES, "Jira"),
        (ToolArea.SOURCE, "GitHub"),
        (ToolArea.CI_CD, "GitHub Actions"),
        (ToolArea.OBSERVABILITY, "Grafana"),
        (ToolArea.DOCS, "Confluence"),
    ]
    for side in Side
]


def replaced(area: ToolArea, side: Side, tool: str) -> list[ToolChoice]:
    return [*SAME, choice(area, side, tool)]


@pytest.mark.parametrize(
    ("choices", "members", "status", "reason"),
    [
        ([], TEAM_MEMBERS, Status.NO_DATA, "the tools each side uses are not recorded"),
        (SAME, TEAM_MEMBERS, Status.PASS, "both sides use the same tools in every area"),
        # Names are compared without case or extra spaces.
        (
            replaced(ToolArea.ISSUES, Side.OUTSOURCED, "  jira "),
            TEAM_MEMBERS,
            Status.PASS,
            "both sides use the same tools in every area",
        ),
        (
            replaced(ToolArea.ISSUES, Side.OUTSOURCED, "GitHub Issues"),
            TEAM_MEMBERS,
            Status.FAIL,
            "split issue tracking (in-house Jira, outsourced GitHub Issues): "
            "the most common cause of invisible progress",
        ),
        (
            replaced(ToolArea.CI_CD, Side.IN_HOUSE, "Jenkins"),
            TEAM_MEMBERS,
            Status.WARN,
            "split CI/CD (in-house Jenkins, outsourced GitHub Actions): "
            "the most common cause of invisible progress",
        ),
        (
            [c for c in SAME if c.area is not ToolArea.OBSERVABILITY or c.side is Side.IN_HOUSE],
            TEAM_MEMBERS,
            Status.WARN,
            "not recorded: observability (outsourced)",
        ),
        # A team with only in-house members needs only the in-house side recorded.
        (
            [c for c in SAME if c.side is Side.IN_HOUSE],
            [PO, LEAD],
            Status.PASS,
            "both sides use the same tools in every area",
        ),
        (
            [choice(ToolArea.ISSUES, Side.IN_HOUSE, "Jira")],
            [],
            Status.WARN,
            "not recorded: issue tracking (outsourced), source control (in-house), "
            "source control (outsourced), CI/CD (in-house), CI/CD (outsourced), "
            "observability (in-house), observability (outsourced), documentation (in-house), "
            "documentation (outsourced)",
        ),
    ],
)
def test_tooling_consistency(
    choices: list[ToolChoice], members: list[Member], status: Status, reason: str
) -> None:
    check = check_tooling(choices, members)
    assert (check.key, check.status, check.reason) == ("tooling", status, reason)


def test_a_split_tracker_and_a_gap_are_both_named() -> None:
    choices = [
        choice(ToolArea.ISSUES, Side.IN_HOUSE, "Jira"),
        choice(ToolArea.ISSUES, Side.OUTSOURCED, "GitHub Issues"),
    ]
    check = check_tooling(choices, [PO, DEV])
    assert check.status is Status.FAIL
    assert check.reason.startswith("split issue tracking (in-house Jira, outsourced GitHub Issues)")
    assert "; not recorded: source control (in-house)" in check.reason


def test_splits_and_gaps_as_values() -> None:
    choices = [
        choice(ToolArea.DOCS, Side.IN_HOUSE, "Confluence"),
        choice(ToolArea.DOCS, Side.OUTSOURCED, "Notion"),
        choice(ToolArea.DOCS, Side.OUTSOURCED, "Confluence"),  # a later choice replaces it
        choice(ToolArea.SOURCE, Side.IN_HOUSE, "GitLab"),
        choice(ToolArea.SOURCE, Side.OUTSOURCED, "GitHub"),
        choice(ToolArea.CI_CD, Side.OUTSOURCED, "  "),  # blank counts as not recorded
    ]
    assert splits(choices) == [ToolSplit(ToolArea.SOURCE, "GitLab", "GitHub")]
    assert (ToolArea.CI_CD, Side.OUTSOURCED) in unrecorded(choices, [Side.OUTSOURCED])
    assert (ToolArea.DOCS, Side.OUTSOURCED) not in unrecorded(choices, [Side.OUTSOURCED])
    assert check_tool("  GitHub   Issues ") == "GitHub Issues"
    with pytest.raises(InputError, match="Tool: must not be empty"):
        check_tool(" ")


def sprint(n: int, start: dt.date, days: int = 13) -> Sprint:
    return Sprint(
        SprintId(n),
        TEAM,
        f"Sprint {n}",
        "",
        start,
        start + dt.timedelta(days=days),
        SprintState.CLOSED,
    )


S1 = sprint(1, dt.date(2026, 10, 5))  # Mon 5 – Sun 18 Oct, two weeks
S2 = sprint(2, dt.date(2026, 10, 19))
S3 = sprint(3, dt.date(2026, 11, 2), days=18)  # three weeks (15 working days)
ONE_WEEK = sprint(4, dt.date(2026, 11, 23), days=4)
TODAY = dt.date(2026, 12, 1)


@pytest.mark.parametrize(
    ("chosen", "needed"), [(S1, 2), (S3, 3), (ONE_WEEK, 2), (sprint(9, dt.date(2026, 1, 5), 27), 4)]
)
def test_refinements_needed_are_two_a_sprint_and_one_a_week(chosen: Sprint, needed: int) -> None:
    assert refinements_needed(chosen) == needed


@pytest.mark.parametrize(
    ("sprints", "runs", "status", "reason"),
    [
        ([], [], Status.NO_DATA, "no finished sprint yet"),
        # A sprint still running is not judged yet.
        ([sprint(5, dt.date(2026, 11, 30))], [], Status.NO_DATA, "no finished sprint yet"),
        (
            [S1, S2],
            [
                dt.date(2026, 10, 6),
                dt.date(2026, 10, 13),
                dt.date(2026, 10, 20),
                dt.date(2026, 11, 1),
            ],
            Status.PASS,
            "enough refinement runs in the last 2 sprints",
        ),
        (
            [S2],
            [dt.date(2026, 10, 19)],
            Status.WARN,
            "too few refinement runs (two a sprint, one a week) in Sprint 2: 1 of 2",
        ),
        (
            [S1, S2, S3],
            [
                dt.date(2026, 10, 6),
                dt.date(2026, 10, 7),
                dt.date(2026, 11, 3),
                dt.date(2026, 11, 9),
            ],
            Status.FAIL,
            "too few refinement runs (two a sprint, one a week) in Sprint 2: none of 2; "
            "Sprint 3: 2 of 3",
        ),
        (
            [ONE_WEEK],
            [dt.date(2026, 11, 24)],
            Status.WARN,
            "too few refinement runs (two a sprint, one a week) in Sprint 4: 1 of 2",
        ),
    ],
)
def test_refinement_cadence(
    sprints: list[Sprint], runs: list[dt.date], status: Status, reason: str
) -> None:
    check = check_refinement_cadence(sprints, runs, TODAY)
    assert (check.key, check.status, check.reason) == ("refinement", status, reason)


def test_refinement_cadence_judges_only_the_most_recent_sprints() -> None:
    runs = [dt.date(2026, 10, 19), dt.date(2026, 10, 26)]
    runs += [dt.date(2026, 11, d) for d in (3, 10, 17)]
    # Sprint 1 had none, but only the last two finished sprints are judged.
    check = check_refinement_cadence([S3, S1, S2], runs, TODAY, recent=2)
    assert check.status is Status.PASS
    assert check.reason == "enough refinement runs in the last 2 sprints"
    assert check_refinement_cadence([S3, S1, S2], runs, TODAY).status is Status.FAIL


TOOLS = st.sampled_from(["Jira", "jira", " JIRA ", "GitHub Issues", "Linear"])


@given(st.lists(st.tuples(st.sampled_from(list(ToolArea)), st.sampled_from(list(Side)), TOOLS)))
def test_a_split_is_exactly_an_area_where_the_sides_name_different_tools(
    rows: list[tuple[ToolArea, Side, str]],
) -> None:
    choices = [ToolChoice(area, side, tool) for area, side, tool in rows]
    last = {(area, side): tool.strip().casefold() for area, side, tool in rows}
    expected = [
        area
        for area in ToolArea
        if {(area, Side.IN_HOUSE), (area, Side.OUTSOURCED)} <= last.keys()
        and last[(area, Side.IN_HOUSE)] != last[(area, Side.OUTSOURCED)]
    ]
    assert [s.area for s in splits(choices)] == expected
    check = check_tooling(choices, TEAM_MEMBERS)
    assert (check.status is Status.FAIL) is (ToolArea.ISSUES in expected)


RUN_DAYS = st.lists(
    st.dates(min_value=dt.date(2026, 10, 1), max_value=dt.date(2026, 11, 30)), max_size=12
)
RANK = {Status.PASS: 0, Status.NO_DATA: 0, Status.WARN: 1, Status.FAIL: 2}


@given(RUN_DAYS, st.dates(min_value=dt.date(2026, 10, 1), max_value=dt.date(2026, 11, 30)))
def test_one_more_refinement_run_never_makes_the_cadence_worse(
    runs: list[dt.date], extra: dt.date
) -> None:
    before = check_refinement_cadence([S1, S2, S3], runs, TODAY)
    after = check_refinement_cadence([S1, S2, S3], [*runs, extra], TODAY)
    assert RANK[after.status] <= RANK[before.status]
