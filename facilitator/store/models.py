"""SQLAlchemy 2.x typed ORM models. The schema itself is created only by Alembic migrations."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
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
    name: Mapped[str] = mapped_column(String(120), unique=True)
    sprint_length_days: Mapped[int] = mapped_column(Integer, default=10)
    points_per_person_day: Mapped[float] = mapped_column(Float, default=1.0)
    blocker_sla_hours: Mapped[int] = mapped_column(Integer, default=24)
    min_overlap_hours: Mapped[float] = mapped_column(Float, default=3.0)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
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
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20))
    side: Mapped[str] = mapped_column(String(12))
    seniority: Mapped[str] = mapped_column(String(10))
    timezone: Mapped[str] = mapped_column(String(64))
    work_start_min: Mapped[int] = mapped_column(Integer)
    work_end_min: Mapped[int] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    __table_args__ = (
        CheckConstraint("work_start_min BETWEEN 0 AND 1439", name="work_start"),
        CheckConstraint("work_end_min BETWEEN 0 AND 1440", name="work_end"),
    )


class StoryRow(Base):
    """A backlog item. ``rank`` is sparse: ascending rank is backlog order."""

    __tablename__ = "story"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
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
    estimate_committed_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    __table_args__ = (
        UniqueConstraint("team_id", "key", name="uq_story_team_key"),
        Index("ix_story_team_rank", "team_id", "rank"),
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
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


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
