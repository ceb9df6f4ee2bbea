"""Rows of the retrospective (migration 0012): notes, groups, dots, and the one experiment.

An anonymous note is stored with no author and nothing else that could lead back to one: no
author id, no name, no time written and no ``changed_by`` stamp (none of these rows carries
one). Who acted in the retro is kept as a member id and the name at the time
(:class:`~facilitator.domain.signed.Signed`), like the planning rows.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from facilitator.store.models.base import Base
from facilitator.store.types import UtcDateTime


class RetroRow(Base):
    """The retrospective state of a retro run: phase, reveal, allowance, who closed it."""

    __tablename__ = "retro"
    run_id: Mapped[int] = mapped_column(
        ForeignKey("ceremony_run.id", ondelete="CASCADE"), primary_key=True
    )
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"), index=True)
    sprint_id: Mapped[int] = mapped_column(ForeignKey("sprint.id", ondelete="CASCADE"), unique=True)
    # The retro whose experiment this one evaluates first (None: the team's first retro).
    previous_run_id: Mapped[int | None] = mapped_column(
        ForeignKey("retro.run_id", ondelete="SET NULL"), nullable=True
    )
    phase: Mapped[str] = mapped_column(String(10), default="evaluate")
    votes_per_person: Mapped[int] = mapped_column(Integer, default=3)
    voting_skipped: Mapped[bool] = mapped_column(Boolean, default=False)
    revealed: Mapped[bool] = mapped_column(Boolean, default=False)
    discussing: Mapped[int | None] = mapped_column(Integer, nullable=True)
    closed_by_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    closed_by_name: Mapped[str | None] = mapped_column(String(120), nullable=True)
    closed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    __table_args__ = (
        CheckConstraint(
            "phase IN ('evaluate', 'gather', 'group', 'vote', 'discuss', 'decide')",
            name="phase_known",
        ),
        CheckConstraint("votes_per_person >= 1", name="votes_at_least_one"),
    )


class RetroNoteRow(Base):
    """A note of the gather phase; an anonymous one has neither author id nor name."""

    __tablename__ = "retro_note"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("retro.run_id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    board_column: Mapped[str] = mapped_column(String(12))
    friction: Mapped[str | None] = mapped_column(String(12), nullable=True)
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    author_name: Mapped[str | None] = mapped_column(String(120), nullable=True)
    __table_args__ = (
        UniqueConstraint("run_id", "number", name="uq_retro_note_number"),
        CheckConstraint(
            "board_column IN ('went_well', 'to_improve', 'friction')", name="column_known"
        ),
        CheckConstraint("(author_id IS NULL) = (author_name IS NULL)", name="author_whole_or_none"),
    )


class RetroGroupRow(Base):
    """A group of notes; ``notes`` is the note numbers in order, as JSON text (read whole)."""

    __tablename__ = "retro_group"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("retro.run_id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    notes: Mapped[str] = mapped_column(Text, default="[]")
    __table_args__ = (UniqueConstraint("run_id", "number", name="uq_retro_group_number"),)


class RetroVoteRow(Base):
    """One dot a member put on a group (several rows for several dots)."""

    __tablename__ = "retro_vote"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("retro.run_id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"))
    group_number: Mapped[int] = mapped_column(Integer)


class ExperimentRow(Base):
    """A retro's one experiment (the UNIQUE run id makes a second impossible) and the next
    retro's evaluation of it."""

    __tablename__ = "experiment"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("retro.run_id", ondelete="CASCADE"), unique=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"), index=True)
    sprint_id: Mapped[int] = mapped_column(ForeignKey("sprint.id", ondelete="CASCADE"))
    change: Mapped[str] = mapped_column(Text)
    owner_id: Mapped[int] = mapped_column(Integer)
    owner_name: Mapped[str] = mapped_column(String(120))
    success_measure: Mapped[str] = mapped_column(Text)
    check_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    outcome: Mapped[str] = mapped_column(String(14), default="pending")
    evidence: Mapped[str | None] = mapped_column(Text, nullable=True)
    evaluated_by_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    evaluated_by_name: Mapped[str | None] = mapped_column(String(120), nullable=True)
    evaluated_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    __table_args__ = (
        CheckConstraint(
            "outcome IN ('worked', 'did_not_work', 'inconclusive', 'pending')",
            name="outcome_known",
        ),
        CheckConstraint("(outcome = 'pending') = (evidence IS NULL)", name="evidence_with_outcome"),
    )
