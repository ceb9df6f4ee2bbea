"""Demo operating model for the demo teams: shape, authority, PO time, links, partner scorecard.

Called once by :func:`facilitator.ops.demo.generate` inside its transaction, after the bulk
inserts, so the demo team shows every health check with a realistic mix of pass and warn.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from facilitator.domain.engagement import Area, LinkKind, PartnerFilter, Shape
from facilitator.domain.ids import MemberId, TeamId
from facilitator.store.models import MemberRow, TeamRow
from facilitator.store.team_model_repository import TeamModelRepository

# team → (shape, regulated, transition plan, PO hours by name, {area: [names]})
_MODELS: dict[str, tuple[Shape, bool, str, dict[str, float], dict[Area, list[str]]]] = {
    "Payments": (
        Shape.PRODUCT_TEAM,
        False,
        "",
        {"Anna Becker": 6.0},
        {
            Area.TECHNICAL: ["Marta Kowalska"],
            Area.PRODUCT: ["Anna Becker"],
            Area.ESCALATION: ["Marta Kowalska", "Anna Becker"],
        },
    ),
    "Risk Platform": (
        Shape.DELIVERY,
        True,
        "",
        {"Priya Raman": 3.0},
        {
            Area.TECHNICAL: ["Daniel Okafor"],
            Area.PRODUCT: ["Priya Raman"],
        },
    ),
}

# team → [(kind, title, url, days since last review or None)]
_LINKS: dict[str, list[tuple[LinkKind, str, str, int | None]]] = {
    "Payments": [
        (LinkKind.ADR, "Architecture decision records", "https://wiki.example/pay/adr", 12),
        (LinkKind.RUNBOOK, "Payouts runbook", "https://wiki.example/pay/runbook", 240),
        (LinkKind.ONBOARDING, "Onboarding guide", "https://wiki.example/pay/onboarding", 40),
    ],
    "Risk Platform": [
        (LinkKind.ADR, "Risk ADRs", "https://wiki.example/risk/adr", None),
    ],
}

# (partner, {filter: (score, note)}) for Payments
_PARTNERS: list[tuple[str, dict[PartnerFilter, tuple[int, str]]]] = [
    (
        "Northwind Engineering",
        {
            PartnerFilter.SENIOR_RATIO: (4, "1 senior per 2 juniors proposed"),
            PartnerFilter.DOMAIN: (5, "Shipped PSD2 and card issuing"),
            PartnerFilter.PRACTICES: (4, "Review and CI/CD documented"),
            PartnerFilter.REFERENCES: (3, "Two Series A FinTechs"),
            PartnerFilter.MODEL_FIT: (4, "Prefers shape 1"),
        },
    ),
    (
        "Bluebird Labs",
        {
            PartnerFilter.SENIOR_RATIO: (2, "One senior, four juniors"),
            PartnerFilter.DOMAIN: (2, "SaaS only"),
            PartnerFilter.PRACTICES: (3, "Could not describe branching"),
        },
    ),
]


def populate(session: Session, today: dt.date) -> None:
    """Add the operating model of the demo teams that exist in ``session``."""
    teams = {row.name: TeamId(row.id) for row in session.scalars(select(TeamRow))}
    repo = TeamModelRepository(session)
    for team_name, team_id in teams.items():
        members = {
            row.name: row
            for row in session.scalars(select(MemberRow).where(MemberRow.team_id == team_id))
        }
        if team_name in _MODELS:
            shape, regulated, plan, po_hours, areas = _MODELS[team_name]
            team = session.get(TeamRow, team_id)
            if team is not None:
                team.engagement_shape = shape.value
                team.regulated = regulated
                team.transition_plan = plan
            for name, hours in po_hours.items():
                if name in members:
                    members[name].po_hours_per_week = hours
            for area, names in areas.items():
                ids = [MemberId(members[n].id) for n in names if n in members]
                repo.set_assignments(team_id, area, ids)
            if regulated:
                for index, row in enumerate(m for m in members.values() if m.side == "outsourced"):
                    row.access_controls_done = True
                    row.compliance_training_done = index % 2 == 0
        for kind, title, url, age in _LINKS.get(team_name, []):
            reviewed = None if age is None else today - dt.timedelta(days=age)
            repo.add_link(team_id, kind, title, url, reviewed)
        if team_name == "Payments":
            at = dt.datetime.combine(today - dt.timedelta(days=400), dt.time(9, tzinfo=dt.UTC))
            for partner, scores in _PARTNERS:
                candidate = repo.add_candidate(team_id, partner, at)
                for which, (score, note) in scores.items():
                    repo.set_score(candidate, which, score, note)
