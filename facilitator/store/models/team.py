"""The team and its working agreements: members, Definition of Done and of Ready, operating
model, timebox and presenter preferences, tools, holidays and who decides what.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from facilitator.store.models.base import Base
from facilitator.store.types import UtcDateTime


class TeamRow(Base):
    """A team and its working agreements."""

    __tablename__ = "team"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy reads this dict
    # Who saved the row last and when (migration 0008): named in a stale edit's refusal.
    changed_by: Mapped[str | None] = mapped_column(String(120), nullable=True)
    changed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    sprint_length_days: Mapped[int] = mapped_column(Integer, default=10)
    points_per_person_day: Mapped[float] = mapped_column(Float, default=1.0)
    blocker_sla_hours: Mapped[int] = mapped_column(Integer, default=24)
    min_overlap_hours: Mapped[float] = mapped_column(Float, default=3.0)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    # Operating model (migration 0004).
    engagement_shape: Mapped[str] = mapped_column(String(20), default="", server_default="")
    regulated: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    transition_plan: Mapped[str] = mapped_column(Text, default="", server_default="")
    min_po_hours_per_week: Mapped[float] = mapped_column(Float, default=4.0, server_default="4")
    __table_args__ = (
        CheckConstraint("sprint_length_days BETWEEN 1 AND 60", name="sprint_length"),
        CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),
    )


class DoneItemRow(Base):
    """One item of a team's Definition of Done, in order."""

    __tablename__ = "dod_item"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(String(200))


class MemberRow(Base):
    """A person in a team; deactivated, never deleted, so history keeps the name."""

    __tablename__ = "member"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy reads this dict
    # Who saved the row last and when (migration 0008): named in a stale edit's refusal.
    changed_by: Mapped[str | None] = mapped_column(String(120), nullable=True)
    changed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20))
    side: Mapped[str] = mapped_column(String(12))
    seniority: Mapped[str] = mapped_column(String(10))
    timezone: Mapped[str] = mapped_column(String(64))
    work_start_min: Mapped[int] = mapped_column(Integer)
    work_end_min: Mapped[int] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Operating model (migration 0004).
    po_hours_per_week: Mapped[float] = mapped_column(Float, default=0.0, server_default="0")
    access_controls_done: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    compliance_training_done: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default="0"
    )
    __table_args__ = (
        CheckConstraint("work_start_min BETWEEN 0 AND 1439", name="work_start"),
        CheckConstraint("work_end_min BETWEEN 0 AND 1440", name="work_end"),
    )


class MemberWeekRow(Base):
    """A member's working weekdays, when not Monday to Friday (bit ``n`` = ``date.weekday() n``)."""

    __tablename__ = "member_week"
    member_id: Mapped[int] = mapped_column(
        ForeignKey("member.id", ondelete="CASCADE"), primary_key=True
    )
    days: Mapped[int] = mapped_column(Integer)
    __table_args__ = (CheckConstraint("days BETWEEN 0 AND 127", name="days_range"),)


class TeamDorItemRow(Base):
    """A team's own Definition of Ready item (a checkbox), on top of the built-in criteria."""

    __tablename__ = "team_dor_item"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(String(200))


class TeamTimeboxDefaultRow(Base):
    """A team's own timebox for a ceremony, replacing the rule-9 default."""

    __tablename__ = "team_timebox_default"
    team_id: Mapped[int] = mapped_column(
        ForeignKey("team.id", ondelete="CASCADE"), primary_key=True
    )
    ceremony: Mapped[str] = mapped_column(String(12), primary_key=True)
    minutes: Mapped[int] = mapped_column(Integer)
    __table_args__ = (CheckConstraint("minutes BETWEEN 1 AND 480", name="minutes_range"),)


class TeamPresenterSettingRow(Base):
    """Per-team presenter and timer preferences (type scale, sound, warning point)."""

    __tablename__ = "team_presenter_setting"
    team_id: Mapped[int] = mapped_column(
        ForeignKey("team.id", ondelete="CASCADE"), primary_key=True
    )
    scale: Mapped[float] = mapped_column(Float, default=1.0)
    high_contrast: Mapped[bool] = mapped_column(Boolean, default=False)
    sound: Mapped[bool] = mapped_column(Boolean, default=True)
    warn_seconds: Mapped[int] = mapped_column(Integer, default=120)
    __table_args__ = (CheckConstraint("scale BETWEEN 0.5 AND 3.0", name="scale_range"),)


class TeamAssignmentRow(Base):
    """A member named for an area of the operating model (authority, escalation, hand-over)."""

    __tablename__ = "team_assignment"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"), index=True)
    area: Mapped[str] = mapped_column(String(12))
    position: Mapped[int] = mapped_column(Integer, default=0)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"))
    __table_args__ = (
        UniqueConstraint("team_id", "area", "member_id", name="uq_team_assignment_area_member"),
    )


class KnowledgeLinkRow(Base):
    """An ADR index, runbook or onboarding guide, with when it was last reviewed."""

    __tablename__ = "knowledge_link"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(12))
    title: Mapped[str] = mapped_column(String(200))
    url: Mapped[str] = mapped_column(String(500), default="")
    last_reviewed: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    __table_args__ = (CheckConstraint("length(trim(title)) > 0", name="title_not_blank"),)


class PartnerCandidateRow(Base):
    """A delivery partner evaluated for a team."""

    __tablename__ = "partner_candidate"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    __table_args__ = (
        UniqueConstraint("team_id", "name", name="uq_partner_candidate_team_name"),
        CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),
    )


class PartnerScoreRow(Base):
    """One of the five partner filters scored 0–5 for a candidate, with a note."""

    __tablename__ = "partner_score"
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("partner_candidate.id", ondelete="CASCADE"), primary_key=True
    )
    filter: Mapped[str] = mapped_column(String(20), primary_key=True)
    score: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    __table_args__ = (CheckConstraint("score BETWEEN 0 AND 5", name="score_range"),)


class DecisionAuthorityRow(Base):
    """Who decides what in a team, and the named person a decision escalates to."""

    __tablename__ = "decision_authority"
    team_id: Mapped[int] = mapped_column(
        ForeignKey("team.id", ondelete="CASCADE"), primary_key=True
    )
    technical_id: Mapped[int | None] = mapped_column(
        ForeignKey("member.id", ondelete="SET NULL"), nullable=True
    )
    priorities_id: Mapped[int | None] = mapped_column(
        ForeignKey("member.id", ondelete="SET NULL"), nullable=True
    )
    escalation_id: Mapped[int | None] = mapped_column(
        ForeignKey("member.id", ondelete="SET NULL"), nullable=True
    )
    path: Mapped[str] = mapped_column(String(1000), default="")


class TeamToolRow(Base):
    """The tool one side of a team uses for one area (issue tracking, source control, …)."""

    __tablename__ = "team_tool"
    team_id: Mapped[int] = mapped_column(
        ForeignKey("team.id", ondelete="CASCADE"), primary_key=True
    )
    area: Mapped[str] = mapped_column(String(16), primary_key=True)
    side: Mapped[str] = mapped_column(String(12), primary_key=True)
    tool: Mapped[str] = mapped_column(String(120))


class TeamHolidayRow(Base):
    """A public holiday the team entered for one location."""

    __tablename__ = "team_holiday"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"), index=True)
    location: Mapped[str] = mapped_column(String(120))
    day: Mapped[dt.date] = mapped_column(Date)
    name: Mapped[str] = mapped_column(String(120))
    __table_args__ = (UniqueConstraint("team_id", "location", "day", name="uq_team_holiday_day"),)
