"""The standup and the decision log (migration 0009): daily updates, blockers, decisions."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from facilitator.store.models.base import Base
from facilitator.store.types import UtcDateTime


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
