"""Team operating-model use cases against a real migrated SQLite database."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

from facilitator.domain.engagement import Area, LinkKind, PartnerFilter, Shape
from facilitator.domain.health import Status
from facilitator.domain.ids import TeamId
from facilitator.domain.model import Role, Seniority, Side
from facilitator.errors import InputError
from facilitator.ops import team_model as ops
from facilitator.ops.changes import ActionContext
from facilitator.store.db import Store
from tests.helpers.transactions import counting

WINTER = dt.date(2026, 1, 12)


def _at(team_id: TeamId) -> ActionContext:
    """An action of ``team_id``'s, now."""
    return ActionContext(dt.datetime.now(dt.UTC), team_id)


def mi(
    name: str, role: Role | None, zone: str, start: int, end: int, **kw: object
) -> ops.MemberInput:
    return ops.MemberInput(
        name,
        role,
        Side.OUTSOURCED,
        Seniority.MID,
        zone,
        start * 60,
        end * 60,
        **kw,  # type: ignore[arg-type]
    )


PAYMENTS = [
    dataclasses.replace(
        mi("Anna", Role.PRODUCT_OWNER, "Europe/Berlin", 9, 17, po_hours_per_week=6.0),
        side=Side.IN_HOUSE,
    ),
    mi("João", Role.SCRUM_MASTER, "Europe/Lisbon", 9, 18),
    mi("Lucas", Role.TECH_LEAD, "America/Sao_Paulo", 9, 18),
    mi("Bea", Role.ENGINEER, "America/Sao_Paulo", 9, 18),
    mi("Caio", Role.ENGINEER, "America/Sao_Paulo", 9, 18),
    mi("Piotr", Role.ENGINEER, "Europe/Warsaw", 10, 18),
    mi("Kasia", Role.ENGINEER, "Europe/Warsaw", 10, 18),
]


def _payments(store: Store) -> TeamId:
    return ops.create_team_with_members(store, "Payments", 10, ["Tested"], PAYMENTS)


def test_s1_overlap_then_manila_warning(store: Store) -> None:
    team_id = _payments(store)
    view = ops.team_view(store, team_id, WINTER, WINTER, WINTER + dt.timedelta(days=4))
    assert view.overlap is not None
    assert view.overlap.warning is None
    assert view.overlap.days[0].label() == "Overlap 12:00–16:00 UTC, 4 h"
    bea = next(m for m in view.members if m.name == "Bea")
    moved = dataclasses.replace(PAYMENTS[3], timezone="Asia/Manila")
    ops.update_member(store, _at(team_id), bea.id, moved)
    view = ops.team_view(store, team_id, WINTER, WINTER, WINTER + dt.timedelta(days=4))
    assert view.overlap is not None
    assert view.overlap.warning is not None
    assert view.overlap.warning.startswith("No overlap on any of the 5 working days")
    overlap = next(c for c in view.checks if c.key == "overlap")
    assert overlap.status is Status.FAIL


def test_bad_member_input_names_the_field(store: Store) -> None:
    team_id = _payments(store)
    cases = [
        (mi("", Role.ENGINEER, "UTC", 9, 17), "name"),
        (mi("X", None, "UTC", 9, 17), "role"),
        (mi("X", Role.ENGINEER, "Europe/Atlantis", 9, 17), "timezone"),
        (mi("X", Role.ENGINEER, "UTC", 9, 9), "hours"),
    ]
    for data, field in cases:
        with pytest.raises(ops.FieldError) as info:
            ops.add_member(store, _at(team_id), data)
        assert info.value.field == field
    # An overnight shift is accepted.
    ops.add_member(store, _at(team_id), mi("Night", Role.DEVOPS, "UTC", 22, 6))


def test_wizard_refuses_a_bad_member_and_writes_nothing(store: Store) -> None:
    bad = [*PAYMENTS[:2], mi("Zed", None, "UTC", 9, 17)]
    with pytest.raises(ops.FieldError, match="Member 3: Role"):
        ops.create_team_with_members(store, "Payments", 10, ["Tested"], bad)
    _payments(store)
    with pytest.raises(ops.FieldError, match="already exists"):
        _payments(store)


def test_deactivated_member_keeps_the_name_and_leaves_the_overlap(store: Store) -> None:
    team_id = _payments(store)
    ops.add_member(store, _at(team_id), mi("Far", Role.ENGINEER, "Asia/Tokyo", 9, 17))
    view = ops.team_view(store, team_id, WINTER, WINTER, WINTER)
    far = next(m for m in view.members if m.name == "Far")
    assert view.overlap is not None
    assert view.overlap.days[0].minutes == 0
    ops.set_member_active(store, _at(team_id), far.id, False)
    view = ops.team_view(store, team_id, WINTER, WINTER, WINTER)
    assert view.overlap is not None
    assert view.overlap.days[0].minutes == 240
    assert "Far" in view.names.values()
    with pytest.raises(InputError):
        ops.set_member_active(store, _at(team_id), far.id + 100, False)  # type: ignore[arg-type]


def test_settings_authority_links_and_health(store: Store) -> None:
    team_id = _payments(store)
    settings = ops.TeamSettings(
        "Payments EU", 10, ("Tested", "Reviewed"), 3.0, 4.0, Shape.DELIVERY, True, ""
    )
    ops.update_team(store, _at(team_id), settings)
    view = ops.team_view(store, team_id, WINTER, WINTER, WINTER)
    assert view.team.name == "Payments EU"
    assert view.team.definition_of_done == ("Tested", "Reviewed")
    checks = {c.key: c for c in view.checks}
    assert checks["shape"].status is Status.FAIL  # shape 2, no in-house tech lead
    assert checks["po_hours"].status is Status.PASS
    assert checks["authority"].status is Status.FAIL
    assert checks["compliance"].status is Status.FAIL
    assert checks["blockers"].status is Status.PASS  # recorded now (issue 14): none open
    for key in ("decisions", "dod"):
        assert checks[key].status is Status.NO_DATA
    ids = {m.name: m.id for m in view.members}
    ops.set_people(store, team_id, Area.TECHNICAL, [ids["Lucas"]])
    ops.set_people(store, team_id, Area.PRODUCT, [ids["Anna"]])
    ops.set_people(store, team_id, Area.ESCALATION, [ids["Lucas"], ids["Anna"]])
    link = ops.add_link(store, team_id, LinkKind.ADR, "ADRs", "https://x", None)
    ops.mark_link_reviewed(store, link, WINTER)
    view = ops.team_view(store, team_id, WINTER, WINTER, WINTER)
    checks = {c.key: c for c in view.checks}
    assert checks["authority"].reason == "escalation: Lucas → Anna"
    assert view.model.links[0].last_reviewed == WINTER
    ops.remove_link(store, link)
    with pytest.raises(ops.FieldError, match="Team name"):
        ops.update_team(store, _at(team_id), dataclasses.replace(settings, name=" "))


def test_partner_scorecard(store: Store) -> None:
    team_id = _payments(store)
    acme = ops.add_candidate(store, team_id, "Acme", dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    ops.score_candidate(store, acme, PartnerFilter.DOMAIN, 4, " shipped PSD2 ")
    ops.score_candidate(store, acme, PartnerFilter.DOMAIN, 5, "shipped PSD2 twice")
    with pytest.raises(ops.FieldError, match="Score"):
        ops.score_candidate(store, acme, PartnerFilter.DOMAIN, 9, "")
    with pytest.raises(ops.FieldError, match="already listed"):
        ops.add_candidate(store, team_id, "Acme", dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    view = ops.team_view(store, team_id, WINTER, WINTER, WINTER)
    (candidate,) = view.candidates
    assert candidate.summary == "5 / 25 (1 of 5 filters scored)"
    assert candidate.scores[0].note == "shipped PSD2 twice"


def test_the_decision_cycle_check_counts_the_decisions_acted_on(store: Store) -> None:
    from facilitator.domain import health
    from facilitator.ops import demo
    from facilitator.store.standup_repository import StandupRepository

    today = dt.date(2026, 11, 25)
    demo.generate(store, sprints=12, stories=120, seed=3, today=today)
    team_id = TeamId(1)
    with store.session() as session:
        log = StandupRepository(session).decisions(team_id)
    hours = [d.cycle(dt.datetime.now(dt.UTC)).hours for d in log if d.acted_on_at is not None]
    assert hours
    view = ops.team_view(store, team_id, today, today, today)
    check = next(c for c in view.checks if c.key == "decisions")
    assert check == health.check_decision_cycle(hours)
    assert f"over {len(hours)} decision{'' if len(hours) == 1 else 's'} (" in check.reason


def test_the_team_view_reads_the_team_and_its_members_once_in_one_transaction(
    store: Store,
) -> None:
    team_id = _payments(store)
    with counting(store) as tally:
        view = ops.team_view(store, team_id, WINTER, WINTER, WINTER)
    assert tally.begins == 1
    from_team = [s for s in tally.statements if re.search(r"\bFROM team\b", s)]
    from_member = [s for s in tally.statements if re.search(r"\bFROM member\b", s)]
    assert len(from_team) == 1, from_team
    assert len(from_member) == 2, from_member  # the members, and their extras with versions
    # The versions an edit checks are the ones read: every member and the team itself.
    assert set(view.versions) == {"team"} | {f"member:{m.id}" for m in view.members}
    assert all(version >= 1 for version in view.versions.values())
