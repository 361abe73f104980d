"""Staff training records (who completed which course, when, until when) and who supervises whom.

Training never gates help: an untrained or expired staff member may still screen; the services
show a notice and give their supervisor a review task.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from safehaven.models.base import Base, CreatedAt, IntPk

COURSES = ("screening_basics", "screening_interview", "child_safeguarding", "protocol_response")
CURRENT, EXPIRING, EXPIRED, MISSING = "current", "expiring", "expired", "missing"
EXPIRING_DAYS = 30


class StaffTraining(Base):
    __tablename__ = "staff_training"

    id: Mapped[IntPk]
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    course: Mapped[str] = mapped_column(String(40))
    completed_on: Mapped[dt.date] = mapped_column(Date)
    expires_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[CreatedAt]


class StaffSupervisor(Base):
    __tablename__ = "staff_supervisor"

    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), primary_key=True)
    supervisor_id: Mapped[int] = mapped_column(ForeignKey("user.id"))


def training_state(expiries: list[dt.date | None], today: dt.date) -> str:
    """The best state among a staff member's records of one course (no records: missing)."""
    if not expiries:
        return MISSING
    if any(e is None or e >= today + dt.timedelta(days=EXPIRING_DAYS) for e in expiries):
        return CURRENT
    if any(e is not None and e >= today for e in expiries):
        return EXPIRING
    return EXPIRED


def needs_notice(state: str) -> bool:
    """Missing or expired training shows a notice (an expiring one is still valid)."""
    return state in (EXPIRED, MISSING)
