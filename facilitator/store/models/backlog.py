"""The backlog and the sprints: stories with their criteria, assumptions, dependencies, risks
and DoR checks, and each sprint's stories.
"""

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
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from facilitator.store.models.base import Base
from facilitator.store.types import UtcDateTime


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
        Index("ix_story_team_status", "team_id", "status"),  # counts by status (0013)
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
