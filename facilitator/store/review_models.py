"""ORM rows of the sprint review (migration 0011): marks, stakeholders' notes, deployments and
defects. Like every area's rows, on the one metadata; :mod:`facilitator.store.models` loads them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from facilitator.store.models.base import Base
from facilitator.store.types import UtcDateTime


class ReviewRow(Base):
    """The review state of a review run: its sprint (one review per sprint) and its closing."""

    __tablename__ = "review"
    run_id: Mapped[int] = mapped_column(
        ForeignKey("ceremony_run.id", ondelete="CASCADE"), primary_key=True
    )
    sprint_id: Mapped[int] = mapped_column(ForeignKey("sprint.id", ondelete="CASCADE"), unique=True)
    closed_by_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    closed_by_name: Mapped[str | None] = mapped_column(String(120), nullable=True)
    closed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)


class CriterionMarkRow(Base):
    """An acceptance criterion demoed at the review: passed or failed."""

    __tablename__ = "review_criterion_mark"
    run_id: Mapped[int] = mapped_column(
        ForeignKey("review.run_id", ondelete="CASCADE"), primary_key=True
    )
    criterion_id: Mapped[int] = mapped_column(
        ForeignKey("acceptance_criterion.id", ondelete="CASCADE"), primary_key=True
    )
    passed: Mapped[bool] = mapped_column(Boolean)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class DodMarkRow(Base):
    """A Definition-of-Done item checked for a story at the review: it holds or not."""

    __tablename__ = "review_dod_mark"
    run_id: Mapped[int] = mapped_column(
        ForeignKey("review.run_id", ondelete="CASCADE"), primary_key=True
    )
    story_id: Mapped[int] = mapped_column(
        ForeignKey("story.id", ondelete="CASCADE"), primary_key=True
    )
    item: Mapped[str] = mapped_column(String(200), primary_key=True)
    holds: Mapped[bool] = mapped_column(Boolean)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class ReviewNoteRow(Base):
    """A stakeholder's question or feedback, and the backlog story a feedback became."""

    __tablename__ = "review_note"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("review.run_id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(Text)
    by_name: Mapped[str] = mapped_column(String(120), default="", server_default="")
    story_id: Mapped[int | None] = mapped_column(
        ForeignKey("story.id", ondelete="SET NULL"), nullable=True
    )
    created_story_id: Mapped[int | None] = mapped_column(
        ForeignKey("story.id", ondelete="SET NULL"), nullable=True
    )
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    __table_args__ = (
        CheckConstraint("kind IN ('question', 'feedback')", name="kind_known"),
        CheckConstraint(
            "created_story_id IS NULL OR kind = 'feedback'", name="story_from_feedback"
        ),
    )


class DeploymentRow(Base):
    """A production deployment of a sprint."""

    __tablename__ = "sprint_deployment"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sprint_id: Mapped[int] = mapped_column(ForeignKey("sprint.id", ondelete="CASCADE"), index=True)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    what: Mapped[str] = mapped_column(Text)


class DefectRow(Base):
    """A defect of a sprint: found in the sprint or escaped to production."""

    __tablename__ = "sprint_defect"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sprint_id: Mapped[int] = mapped_column(ForeignKey("sprint.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    description: Mapped[str] = mapped_column(Text)
    story_id: Mapped[int | None] = mapped_column(
        ForeignKey("story.id", ondelete="SET NULL"), nullable=True
    )
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    __table_args__ = (CheckConstraint("kind IN ('found_in_sprint', 'escaped')", name="kind_known"),)
