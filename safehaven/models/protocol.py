"""Response protocols started on a case, and the state of each of their steps.

A protocol's steps come from a data file (resources/protocols/ or an administrator's edited copy);
a run keeps the protocol key and version and a row per step. A step is open, done or skipped
(skipping needs a reason). The run is complete once no step is open.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from safehaven.models.base import Base, IntPk, UtcDateTime, utcnow

IN_PROGRESS, COMPLETED = "in_progress", "completed"
RUN_STATUSES = (IN_PROGRESS, COMPLETED)
OPEN, DONE, SKIPPED = "open", "done", "skipped"
STEP_STATES = (OPEN, DONE, SKIPPED)
TRIGGERS = ("outcome", "event", "indicator", "manual")


class ProtocolRun(Base):
    __tablename__ = "protocol_run"

    id: Mapped[IntPk]
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id", ondelete="CASCADE"), index=True)
    screening_id: Mapped[int | None] = mapped_column(
        ForeignKey("screening_session.id", ondelete="SET NULL"), nullable=True, index=True
    )
    protocol_key: Mapped[str] = mapped_column(String(60))
    protocol_version: Mapped[int] = mapped_column(Integer)
    trigger: Mapped[str] = mapped_column(String(40))
    jurisdiction: Mapped[str] = mapped_column(String(40), default="")
    status: Mapped[str] = mapped_column(String(20), default=IN_PROGRESS)
    started_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    started_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    completed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)


class ProtocolStepRun(Base):
    __tablename__ = "protocol_step_run"
    __table_args__ = (UniqueConstraint("run_id", "step_key"),)

    id: Mapped[IntPk]
    run_id: Mapped[int] = mapped_column(
        ForeignKey("protocol_run.id", ondelete="CASCADE"), index=True
    )
    step_key: Mapped[str] = mapped_column(String(60))
    position: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(20), default=OPEN)
    due_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    task_id: Mapped[int | None] = mapped_column(
        ForeignKey("task.id", ondelete="SET NULL"), nullable=True
    )
    skip_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), nullable=True)
    decided_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)


def run_status(step_states: list[str]) -> str:
    """Completed once no step is open."""
    return COMPLETED if step_states and OPEN not in step_states else IN_PROGRESS
