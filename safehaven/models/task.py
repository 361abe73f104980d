"""Follow-ups and due checks, generated from the records they belong to.

A task is identified by its source (`source_type`, `source_id`, `kind`): regenerating the tasks of
a record (for example after a placement's start date moves) updates the same rows instead of
adding duplicates.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from safehaven.models.base import Base, CreatedAt, IntPk, UtcDateTime

TASK_KINDS = (
    "referral_follow_up",
    "reunification_follow_up",
    "retention_check",
    "consent_expiry",
    "intake_resume",
    "other",
)


class Task(Base):
    __tablename__ = "task"
    __table_args__ = (UniqueConstraint("source_type", "source_id", "kind", name="source"),)

    id: Mapped[IntPk]
    client_id: Mapped[int | None] = mapped_column(
        ForeignKey("client.id", ondelete="CASCADE"), nullable=True, index=True
    )
    kind: Mapped[str] = mapped_column(String(40))
    source_type: Mapped[str] = mapped_column(String(40))
    source_id: Mapped[int] = mapped_column(Integer)
    due_date: Mapped[dt.date] = mapped_column(Date, index=True)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), nullable=True)
    completed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    completed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), nullable=True)
    created_at: Mapped[CreatedAt]

    def is_overdue(self, today: dt.date) -> bool:
        return self.completed_at is None and self.due_date < today
