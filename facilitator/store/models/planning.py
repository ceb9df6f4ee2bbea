"""Sprint planning (migration 0010): availability, days off, the capacity chosen, the planning
state and its acts, and the frozen forecast snapshots.

Who acted is kept as a member id and the name at the time (domain.signed.Signed), so a frozen
record still reads right after a rename; the ids carry no foreign key for the same reason.
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
