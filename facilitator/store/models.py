"""SQLAlchemy 2.x typed ORM models. The schema itself is created only by Alembic migrations."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from facilitator.store.types import UtcDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base with a constraint naming convention (needed by SQLite batch migrations)."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


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


class StoryRow(Base):
    """A backlog item. ``rank`` is sparse: ascending rank is backlog order."""

    __tablename__ = "story"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy reads this dict
    # Who saved the row last and when (migration 0008): named in a stale edit's refusal.
    changed_by: Mapped[str | None] = mapped_column(String(120), nullable=True)
    changed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    type: Mapped[str] = mapped_column(String(10), default="story")
    status: Mapped[str] = mapped_column(String(12), default="new")
    rank: Mapped[int] = mapped_column(BigInteger)
    estimate: Mapped[float | None] = mapped_column(Float, nullable=True)
    estimate_committed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("member.id"), nullable=True
    )
    estimate_committed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    __table_args__ = (
        UniqueConstraint("team_id", "key", name="uq_story_team_key"),
        Index("uq_story_team_rank", "team_id", "rank", unique=True),
        CheckConstraint("estimate IS NULL OR estimate >= 0", name="estimate_not_negative"),
        CheckConstraint("length(trim(title)) > 0", name="title_not_blank"),
    )


class CriterionRow(Base):
    """An acceptance criterion of a story, in order, with its author."""

    __tablename__ = "acceptance_criterion"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("story.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class SprintRow(Base):
    """A sprint; ``state`` is planned | active | closed."""

    __tablename__ = "sprint"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(120))
    goal: Mapped[str] = mapped_column(Text, default="")
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(10), default="planned")
    capacity_proposed: Mapped[float | None] = mapped_column(Float, nullable=True)
    capacity_points: Mapped[float | None] = mapped_column(Float, nullable=True)
    __table_args__ = (
        UniqueConstraint("team_id", "name", name="uq_sprint_team_name"),
        Index("ix_sprint_team_start", "team_id", "start_date"),
        CheckConstraint("end_date >= start_date", name="dates_ordered"),
        CheckConstraint("state IN ('planned', 'active', 'closed')", name="state_known"),
    )


class SprintStoryRow(Base):
    """A story in a sprint: the frozen forecast line (points as committed) and its outcome."""

    __tablename__ = "sprint_story"
    sprint_id: Mapped[int] = mapped_column(
        ForeignKey("sprint.id", ondelete="CASCADE"), primary_key=True
    )
    story_id: Mapped[int] = mapped_column(
        ForeignKey("story.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    points: Mapped[float] = mapped_column(Float)
    added_mid_sprint: Mapped[bool] = mapped_column(Boolean, default=False)
    done: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    not_done_reason: Mapped[str] = mapped_column(Text, default="")


# --- backlog refinement (migration 0005) ------------------------------------------------------


class AssumptionRow(Base):
    """A technical assumption of a story; reviewed by an engineer of the delivery team."""

    __tablename__ = "assumption"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("story.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"), nullable=True)
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class DependencyRow(Base):
    """A dependency on another story or on an external party; open, called out or resolved."""

    __tablename__ = "dependency"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("story.id", ondelete="CASCADE"), index=True)
    depends_on_story_id: Mapped[int | None] = mapped_column(
        ForeignKey("story.id", ondelete="CASCADE"), nullable=True, index=True
    )
    external_party: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    called_out: Mapped[bool] = mapped_column(Boolean, default=False)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    __table_args__ = (
        CheckConstraint(
            "depends_on_story_id IS NOT NULL OR length(trim(external_party)) > 0",
            name="target_given",
        ),
        CheckConstraint(
            "depends_on_story_id IS NULL OR depends_on_story_id != story_id", name="not_self"
        ),
    )


class RiskRow(Base):
    """A risk of a story: what could go wrong, how bad, the mitigation and who owns it."""

    __tablename__ = "risk"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("story.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    severity: Mapped[str] = mapped_column(String(8), default="medium")
    mitigation: Mapped[str] = mapped_column(Text, default="")
    owner: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    __table_args__ = (
        CheckConstraint("severity IN ('low', 'medium', 'high')", name="severity_known"),
    )


class TeamDorItemRow(Base):
    """A team's own Definition of Ready item (a checkbox), on top of the built-in criteria."""

    __tablename__ = "team_dor_item"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(String(200))


class StoryDorCheckRow(Base):
    """A team DoR item checked for a story (a row exists only while it is checked)."""

    __tablename__ = "story_dor_check"
    story_id: Mapped[int] = mapped_column(
        ForeignKey("story.id", ondelete="CASCADE"), primary_key=True
    )
    item_id: Mapped[int] = mapped_column(
        ForeignKey("team_dor_item.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    checked_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class PokerRoundRow(Base):
    """A planning-poker round on a story and the value the team agreed."""

    __tablename__ = "poker_round"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("story.id", ondelete="CASCADE"), index=True)
    run_id: Mapped[int | None] = mapped_column(
        ForeignKey("ceremony_run.id", ondelete="SET NULL"), nullable=True
    )
    agreed: Mapped[float] = mapped_column(Float)
    revealed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class PokerVoteRow(Base):
    """One person's estimate in a poker round."""

    __tablename__ = "poker_vote"
    round_id: Mapped[int] = mapped_column(
        ForeignKey("poker_round.id", ondelete="CASCADE"), primary_key=True
    )
    voter: Mapped[str] = mapped_column(String(120), primary_key=True)
    value: Mapped[float] = mapped_column(Float)


# --- timeboxes and presenter mode (migration 0003) ---------------------------------------------


class CeremonyRunRow(Base):
    """One run of any ceremony: its timer state, where the walk is, and what it walks.

    ``queue`` is the ordered story ids being walked, as JSON text: it is always read and written
    whole with the run, it is short (a dozen ids), and nothing queries by it, so a child table
    would only add a delete-and-insert per change. ``position`` is the index in it.
    """

    __tablename__ = "ceremony_run"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy reads this dict
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"))
    sprint_id: Mapped[int | None] = mapped_column(
        ForeignKey("sprint.id", ondelete="SET NULL"), nullable=True, index=True
    )
    ceremony: Mapped[str] = mapped_column(String(12))
    warn_seconds: Mapped[int] = mapped_column(Integer, default=120)
    current_item: Mapped[int] = mapped_column(Integer, default=0)
    running_since: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    started_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    ended_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    timebox_seconds: Mapped[int] = mapped_column(Integer)
    overtime_seconds: Mapped[int | None] = mapped_column(Integer, nullable=True)
    position: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    phase: Mapped[str] = mapped_column(String(12), default="timer", server_default="timer")
    queue: Mapped[str] = mapped_column(Text, default="[]", server_default="[]")
    __table_args__ = (
        Index("ix_ceremony_run_team_ceremony", "team_id", "ceremony", "ended_at"),
        CheckConstraint(
            "ceremony IN ('planning', 'refinement', 'standup', 'review', 'retro')",
            name="ceremony_known",
        ),
        CheckConstraint("position >= 0", name="position_not_negative"),
    )


class RunChangeRow(Base):
    """Something that changed during a ceremony run, in words, for its closing summary."""

    __tablename__ = "run_change"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(
        ForeignKey("ceremony_run.id", ondelete="CASCADE"), index=True
    )
    story_id: Mapped[int | None] = mapped_column(
        ForeignKey("story.id", ondelete="CASCADE"), nullable=True
    )
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    kind: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)


class AgendaItemRow(Base):
    """An agenda item of a ceremony run: its timebox and the seconds it actually ran."""

    __tablename__ = "agenda_item"
    run_id: Mapped[int] = mapped_column(
        ForeignKey("ceremony_run.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    timebox_seconds: Mapped[int] = mapped_column(Integer)
    elapsed_seconds: Mapped[float] = mapped_column(Float, default=0.0)
    __table_args__ = (CheckConstraint("timebox_seconds > 0", name="timebox_positive"),)


class TimerExtensionRow(Base):
    """Minutes added to an agenda item's timebox, with the reason the room gave."""

    __tablename__ = "timer_extension"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(
        ForeignKey("ceremony_run.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    minutes: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    __table_args__ = (CheckConstraint("minutes BETWEEN 1 AND 120", name="minutes_range"),)


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


# --- Team operating model (migration 0004) --------------------------------------------------


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


# --- Standup and decision log (migration 0009) ----------------------------------------------


class MemberWeekRow(Base):
    """A member's working weekdays, when not Monday to Friday (bit ``n`` = ``date.weekday() n``)."""

    __tablename__ = "member_week"
    member_id: Mapped[int] = mapped_column(
        ForeignKey("member.id", ondelete="CASCADE"), primary_key=True
    )
    days: Mapped[int] = mapped_column(Integer)
    __table_args__ = (CheckConstraint("days BETWEEN 0 AND 127", name="days_range"),)


class DailyUpdateRow(Base):
    """A member's written update for one of their working days (one per member and day)."""

    __tablename__ = "daily_update"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"))
    day: Mapped[dt.date] = mapped_column(Date)
    done: Mapped[str] = mapped_column(Text, default="")
    next: Mapped[str] = mapped_column(Text, default="")
    blockers: Mapped[str] = mapped_column(Text, default="")
    written_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    __table_args__ = (UniqueConstraint("member_id", "day", name="uq_daily_update_member_day"),)


class BlockerRow(Base):
    """Something in the way of a team, from raised to resolved."""

    __tablename__ = "blocker"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"), index=True)
    raised_by_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"))
    raised_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    story_id: Mapped[int | None] = mapped_column(
        ForeignKey("story.id", ondelete="SET NULL"), nullable=True
    )
    description: Mapped[str] = mapped_column(Text)
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("member.id", ondelete="SET NULL"), nullable=True
    )
    resolved_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    resolution: Mapped[str] = mapped_column(Text, default="")


class DecisionRow(Base):
    """A question in the decision log, from raised to decided to acted on."""

    __tablename__ = "decision"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"), index=True)
    question: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(10), default="other")
    raised_by_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"))
    raised_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    decision_maker_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"))
    decided_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    decision: Mapped[str] = mapped_column(Text, default="")
    acted_on_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    run_id: Mapped[int | None] = mapped_column(
        ForeignKey("ceremony_run.id", ondelete="SET NULL"), nullable=True
    )
    story_id: Mapped[int | None] = mapped_column(
        ForeignKey("story.id", ondelete="SET NULL"), nullable=True
    )


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


# --- sprint planning (migration 0010) ---------------------------------------------------------
# Who acted is kept as a member id and the name at the time (domain.signed.Signed), so a frozen
# record still reads right after a rename; the ids carry no foreign key for the same reason.


class TeamHolidayRow(Base):
    """A public holiday the team entered for one location."""

    __tablename__ = "team_holiday"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"), index=True)
    location: Mapped[str] = mapped_column(String(120))
    day: Mapped[dt.date] = mapped_column(Date)
    name: Mapped[str] = mapped_column(String(120))
    __table_args__ = (UniqueConstraint("team_id", "location", "day", name="uq_team_holiday_day"),)


class MemberAvailabilityRow(Base):
    """A member's allocation to the team for one sprint."""

    __tablename__ = "member_availability"
    sprint_id: Mapped[int] = mapped_column(
        ForeignKey("sprint.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("member.id", ondelete="CASCADE"), primary_key=True
    )
    allocation_pct: Mapped[float] = mapped_column(Float, default=100.0)
    __table_args__ = (CheckConstraint("allocation_pct BETWEEN 0 AND 100", name="allocation_range"),)


class MemberDayOffRow(Base):
    """A member's day off (fraction 1) or part day in a sprint, as their local date."""

    __tablename__ = "member_day_off"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sprint_id: Mapped[int] = mapped_column(ForeignKey("sprint.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"))
    day: Mapped[dt.date] = mapped_column(Date)
    fraction: Mapped[float] = mapped_column(Float, default=1.0)
    __table_args__ = (
        UniqueConstraint("sprint_id", "member_id", "day", name="uq_member_day_off_day"),
        CheckConstraint("fraction > 0 AND fraction <= 1", name="fraction_range"),
    )


class CapacityChoiceRow(Base):
    """The capacity the team set for a sprint, next to the proposal, with who and when."""

    __tablename__ = "capacity_choice"
    sprint_id: Mapped[int] = mapped_column(
        ForeignKey("sprint.id", ondelete="CASCADE"), primary_key=True
    )
    proposed: Mapped[float] = mapped_column(Float)
    explanation: Mapped[str] = mapped_column(Text)
    sprints_used: Mapped[int] = mapped_column(Integer)
    points: Mapped[float] = mapped_column(Float)
    by_id: Mapped[int] = mapped_column(Integer)
    by_name: Mapped[str] = mapped_column(String(120))
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    __table_args__ = (CheckConstraint("points >= 0", name="points_not_negative"),)


class PlanningRow(Base):
    """The planning state of a planning run: capacity, goal, who declared it full, frozen."""

    __tablename__ = "planning"
    run_id: Mapped[int] = mapped_column(
        ForeignKey("ceremony_run.id", ondelete="CASCADE"), primary_key=True
    )
    sprint_id: Mapped[int] = mapped_column(ForeignKey("sprint.id", ondelete="CASCADE"), index=True)
    capacity: Mapped[float] = mapped_column(Float)
    goal: Mapped[str] = mapped_column(Text, default="", server_default="")
    full_by_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    full_by_name: Mapped[str | None] = mapped_column(String(120), nullable=True)
    full_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    frozen: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    __table_args__ = (CheckConstraint("capacity >= 0", name="capacity_not_negative"),)


class PlanningActRow(Base):
    """One act of planning that the forecast keeps: an entry, skip, removal, capacity change,
    acknowledgement, confirmation or reopening (``kind``), in the order done (``id``).

    One table for the seven, because they share who/when and are always read whole with the
    planning; each kind uses the columns it needs.
    """

    __tablename__ = "planning_act"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(
        ForeignKey("planning.run_id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    story_id: Mapped[int | None] = mapped_column(
        ForeignKey("story.id", ondelete="CASCADE"), nullable=True
    )
    key: Mapped[str] = mapped_column(String(32), default="", server_default="")
    title: Mapped[str] = mapped_column(String(300), default="", server_default="")
    points: Mapped[float | None] = mapped_column(Float, nullable=True)
    before: Mapped[float | None] = mapped_column(Float, nullable=True)
    open_items: Mapped[str] = mapped_column(Text, default="[]", server_default="[]")
    text: Mapped[str] = mapped_column(Text, default="", server_default="")
    owner_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    owner_name: Mapped[str] = mapped_column(String(120), default="", server_default="")
    role: Mapped[str] = mapped_column(String(20), default="", server_default="")
    by_id: Mapped[int] = mapped_column(Integer)
    by_name: Mapped[str] = mapped_column(String(120))
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    __table_args__ = (
        CheckConstraint(
            "kind IN ('entry', 'skip', 'removal', 'capacity', 'acknowledgement', "
            "'confirmation', 'reopening')",
            name="kind_known",
        ),
    )


class PlanningSnapshotRow(Base):
    """A frozen forecast: the database refuses to UPDATE or DELETE it (triggers, migration 0010)."""

    __tablename__ = "planning_snapshot"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("ceremony_run.id"), index=True)
    sprint_id: Mapped[int] = mapped_column(ForeignKey("sprint.id"), index=True)
    sprint_name: Mapped[str] = mapped_column(String(120))
    capacity: Mapped[float] = mapped_column(Float)
    goal: Mapped[str] = mapped_column(Text)
    by_id: Mapped[int] = mapped_column(Integer)
    by_name: Mapped[str] = mapped_column(String(120))
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class SnapshotStoryRow(Base):
    """A story as a frozen snapshot committed it (guarded like the snapshot)."""

    __tablename__ = "snapshot_story"
    snapshot_id: Mapped[int] = mapped_column(ForeignKey("planning_snapshot.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    story_id: Mapped[int] = mapped_column(Integer)  # no foreign key: the snapshot outlives it
    key: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(300))
    points: Mapped[float] = mapped_column(Float)


class SnapshotConfirmationRow(Base):
    """A confirmation as a frozen snapshot keeps it (guarded like the snapshot)."""

    __tablename__ = "snapshot_confirmation"
    snapshot_id: Mapped[int] = mapped_column(ForeignKey("planning_snapshot.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    confirmer: Mapped[str] = mapped_column(String(20))
    role: Mapped[str] = mapped_column(String(20))
    by_id: Mapped[int] = mapped_column(Integer)
    by_name: Mapped[str] = mapped_column(String(120))
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


# --- sprint review (migration 0011): its rows live in their own module, on this metadata -------
# The retrospective's rows live in their own module; importing it here registers them on
# ``Base.metadata`` wherever the models are loaded.
from facilitator.store import retro_models as _retro_models  # noqa: E402, F401
from facilitator.store import review_models as _review_models  # noqa: E402, F401
