"""Ceremony runs (migrations 0003, 0007): the run with its timer, its agenda, extensions and
change log, and the poker rounds of a refinement run.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from facilitator.store.models.base import Base
from facilitator.store.types import UtcDateTime


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
