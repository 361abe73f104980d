"""Dated case notes: restricted to caseworker and supervisor roles (Permission.MANAGE_NOTES)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column

from safehaven.models.base import Base, CreatedAt, IntPk

MAX_NOTE_LENGTH = 20_000


class Note(Base):
    __tablename__ = "note"

    id: Mapped[IntPk]
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id", ondelete="CASCADE"), index=True)
    dated: Mapped[dt.date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[CreatedAt]
