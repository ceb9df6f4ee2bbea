"""Queries and writes of the team operating model: members, shape, authority, links, partners."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from facilitator.domain.engagement import (
    Area,
    KnowledgeLink,
    LinkKind,
    MemberExtras,
    OperatingModel,
    PartnerCandidate,
    PartnerFilter,
    PartnerScore,
    Shape,
)
from facilitator.domain.ids import MemberId, TeamId
from facilitator.domain.model import Member
from facilitator.store.models import (
    DoneItemRow,
    KnowledgeLinkRow,
    MemberRow,
    PartnerCandidateRow,
    PartnerScoreRow,
    TeamAssignmentRow,
    TeamRow,
)


def _link(row: KnowledgeLinkRow) -> KnowledgeLink:
    return KnowledgeLink(
        id=row.id,
        team_id=TeamId(row.team_id),
        kind=LinkKind(row.kind),
        title=row.title,
        url=row.url,
        last_reviewed=row.last_reviewed,
    )


class TeamModelRepository:
    """The operating model of teams (the caller's session commits)."""

    def __init__(self, session: Session) -> None:
        """Work inside ``session``."""
        self.session = session

    # --- team ----------------------------------------------------------------------------
    def team_row(self, team_id: TeamId) -> TeamRow | None:
        """The team's row, for updates inside this session."""
        return self.session.get(TeamRow, team_id)

    def set_dod(self, team_id: TeamId, items: Sequence[str]) -> None:
        """Replace the team's Definition of Done."""
        self.session.execute(delete(DoneItemRow).where(DoneItemRow.team_id == team_id))
        for position, item in enumerate(items):
            self.session.add(DoneItemRow(team_id=team_id, position=position, text=item))

    def operating_model(self, team_id: TeamId) -> OperatingModel | None:
        """Shape, named people and knowledge links of a team, or None for an unknown team."""
        row = self.session.get(TeamRow, team_id)
        if row is None:
            return None
        assignments = self.session.execute(
            select(TeamAssignmentRow.area, TeamAssignmentRow.member_id)
            .where(TeamAssignmentRow.team_id == team_id)
            .order_by(TeamAssignmentRow.area, TeamAssignmentRow.position)
        ).all()
        links = self.session.scalars(
            select(KnowledgeLinkRow)
            .where(KnowledgeLinkRow.team_id == team_id)
            .order_by(KnowledgeLinkRow.kind, KnowledgeLinkRow.title)
        )
        return OperatingModel(
            team_id=team_id,
            shape=Shape(row.engagement_shape) if row.engagement_shape else None,
            regulated=row.regulated,
            transition_plan=row.transition_plan,
            min_po_hours_per_week=row.min_po_hours_per_week,
            assignments=tuple((Area(area), MemberId(mid)) for area, mid in assignments),
            links=tuple(_link(link) for link in links),
        )

    def set_assignments(self, team_id: TeamId, area: Area, members: Sequence[MemberId]) -> None:
        """Name ``members`` (in order) for ``area``, replacing whoever was named before."""
        self.session.execute(
            delete(TeamAssignmentRow).where(
                TeamAssignmentRow.team_id == team_id, TeamAssignmentRow.area == area.value
            )
        )
        for position, member in enumerate(dict.fromkeys(members)):
            self.session.add(
                TeamAssignmentRow(
                    team_id=team_id, area=area.value, position=position, member_id=member
                )
            )

    # --- members -------------------------------------------------------------------------
    def member_row(self, member_id: MemberId) -> MemberRow | None:
        """A member's row, for updates inside this session."""
        return self.session.get(MemberRow, member_id)

    def add_member(self, member: Member, extras: MemberExtras) -> MemberId:
        """Insert a member (``member.id`` is ignored) and return the new id."""
        row = MemberRow(team_id=member.team_id, active=member.active)
        _copy_member(row, member, extras)
        self.session.add(row)
        self.session.flush()
        return MemberId(row.id)

    def update_member(self, member: Member, extras: MemberExtras) -> bool:
        """Overwrite a member's fields; False when the member does not exist."""
        row = self.session.get(MemberRow, member.id)
        if row is None:
            return False
        _copy_member(row, member, extras)
        row.active = member.active
        return True

    def versions(self, team_id: TeamId) -> dict[str, int]:
        """The versions an edit checks: ``"team"`` and ``"member:ID"`` for each member."""
        return self.facts(team_id)[1]

    def extras(self, team_id: TeamId) -> dict[int, MemberExtras]:
        """Member id → operating-model facts, for every member of the team (inactive too)."""
        return self.facts(team_id)[0]

    def facts(self, team_id: TeamId) -> tuple[dict[int, MemberExtras], dict[str, int]]:
        """:meth:`extras` and :meth:`versions` in one read of the members (the team's row
        comes from the session when this transaction has read it already)."""
        team = self.session.get(TeamRow, team_id)
        versions = {} if team is None else {"team": int(team.version)}
        rows = self.session.execute(
            select(
                MemberRow.id,
                MemberRow.version,
                MemberRow.po_hours_per_week,
                MemberRow.access_controls_done,
                MemberRow.compliance_training_done,
            ).where(MemberRow.team_id == team_id)
        ).all()
        extras = {}
        for mid, version, po, acc, tr in rows:
            extras[mid] = MemberExtras(MemberId(mid), po, acc, tr)
            versions[f"member:{mid}"] = int(version)
        return extras, versions

    # --- knowledge links -------------------------------------------------------------------
    def add_link(
        self, team_id: TeamId, kind: LinkKind, title: str, url: str, reviewed: dt.date | None
    ) -> int:
        """Add a knowledge link and return its id."""
        row = KnowledgeLinkRow(
            team_id=team_id, kind=kind.value, title=title, url=url, last_reviewed=reviewed
        )
        self.session.add(row)
        self.session.flush()
        return row.id

    def link_row(self, link_id: int) -> KnowledgeLinkRow | None:
        """A link's row, for updates inside this session."""
        return self.session.get(KnowledgeLinkRow, link_id)

    def remove_link(self, link_id: int) -> None:
        """Delete a knowledge link (links keep no history)."""
        self.session.execute(delete(KnowledgeLinkRow).where(KnowledgeLinkRow.id == link_id))

    # --- partner scorecard ---------------------------------------------------------------
    def candidates(self, team_id: TeamId) -> list[PartnerCandidate]:
        """Every partner candidate of a team with its scores."""
        rows = list(
            self.session.scalars(
                select(PartnerCandidateRow)
                .where(PartnerCandidateRow.team_id == team_id)
                .order_by(PartnerCandidateRow.name)
            )
        )
        scores: dict[int, list[PartnerScore]] = {row.id: [] for row in rows}
        if rows:
            query = select(PartnerScoreRow).where(PartnerScoreRow.candidate_id.in_(scores))
            for score in self.session.scalars(query):
                scores[score.candidate_id].append(
                    PartnerScore(PartnerFilter(score.filter), score.score, score.note)
                )
        order = list(PartnerFilter)
        return [
            PartnerCandidate(
                row.id,
                TeamId(row.team_id),
                row.name,
                tuple(sorted(scores[row.id], key=lambda s: order.index(s.filter))),
            )
            for row in rows
        ]

    def add_candidate(self, team_id: TeamId, name: str, at: dt.datetime) -> int:
        """Add a partner candidate and return its id."""
        row = PartnerCandidateRow(team_id=team_id, name=name, created_at=at)
        self.session.add(row)
        self.session.flush()
        return row.id

    def set_score(self, candidate_id: int, which: PartnerFilter, score: int, note: str) -> None:
        """Score one filter for a candidate (insert or replace)."""
        row = self.session.get(PartnerScoreRow, (candidate_id, which.value))
        if row is None:
            self.session.add(
                PartnerScoreRow(
                    candidate_id=candidate_id, filter=which.value, score=score, note=note
                )
            )
        else:
            row.score = score
            row.note = note


def _copy_member(row: MemberRow, member: Member, extras: MemberExtras) -> None:
    row.name = member.name
    row.role = member.role.value
    row.side = member.side.value
    row.seniority = member.seniority.value
    row.timezone = member.timezone
    row.work_start_min = member.work_start_min
    row.work_end_min = member.work_end_min
    row.po_hours_per_week = extras.po_hours_per_week
    row.access_controls_done = extras.access_controls_done
    row.compliance_training_done = extras.compliance_training_done
