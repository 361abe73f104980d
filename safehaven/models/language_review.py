"""An administrator's record that a survivor language of one bank was reviewed by a person who
reads it (an interpreter or a translator). The newest row for a bank and language wins over the
status written in the shipped file."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from safehaven.models.base import Base, CreatedAt, IntPk


class LanguageReview(Base):
    __tablename__ = "language_review"

    id: Mapped[IntPk]
    bank: Mapped[str] = mapped_column(String(40), index=True)  # folder: intake, consent, …
    language: Mapped[str] = mapped_column(String(16))
    reviewer_name: Mapped[str] = mapped_column(String(120))
    reviewed_on: Mapped[dt.date] = mapped_column(Date)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), nullable=True)
    created_at: Mapped[CreatedAt]
