"""The export ledger: what left the vault, for which fixed period, under which policy.

Every later export of the same or an overlapping period is audited together with the numbers
recorded here, so that no suppressed number can be recovered by comparing exports (T5).
`published` is JSON: a list of `{"key": ..., "value": int | null}` — the machine description of
every published number (population, categories, statuses) with its value, `null` when suppressed.
It holds no names, no free text and no client ids. `by_role` records a role, not a staff name;
`by_id` is the user id (the audit trail already links ids to actions).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from safehaven.models.base import Base, IntPk, UtcDateTime, utcnow


class ExportLedger(Base):
    __tablename__ = "export_ledger"

    id: Mapped[IntPk]
    export_id: Mapped[str] = mapped_column(String(36), unique=True)  # uuid4, also in the manifest
    period_id: Mapped[str] = mapped_column(String(10), index=True)
    period_start: Mapped[dt.date] = mapped_column(Date, index=True)
    period_end: Mapped[dt.date] = mapped_column(Date, index=True)
    policy_id: Mapped[str] = mapped_column(String(80))
    policy_version: Mapped[int] = mapped_column(Integer)
    policy_sha256: Mapped[str] = mapped_column(String(64))
    recipient_class: Mapped[str] = mapped_column(String(40))
    threshold: Mapped[int] = mapped_column(Integer)
    published: Mapped[str] = mapped_column(Text)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), nullable=True)
    by_role: Mapped[str] = mapped_column(String(40))
