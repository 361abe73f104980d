"""Consent per purpose: granted or refused, time-limited, withdrawable (VAWA release rules)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from safehaven.models.base import Base, UtcDateTime, utcnow

PURPOSES = (
    "data_keeping",
    "referral_service",  # referral to a service type (service_type set)
    "referral_organization",  # referral to one organization (organization_id set)
    "family_contact",
    "statistics",
    "legal_name",  # asking for and keeping the legal name
)
METHODS = ("written", "verbal")


class Consent(Base):
    __tablename__ = "consent"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(40))
    service_type: Mapped[str | None] = mapped_column(String(40), nullable=True)
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organization.id", ondelete="SET NULL"), nullable=True
    )
    granted: Mapped[bool] = mapped_column(Boolean)
    method: Mapped[str] = mapped_column(String(20))
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    expires_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    withdrawn_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), nullable=True)
    shareable_fields: Mapped[str | None] = mapped_column(Text, nullable=True)  # comma list
    note: Mapped[str | None] = mapped_column(Text, nullable=True)

    def is_in_force(self, at: dt.datetime) -> bool:
        """Granted, not yet expired and not withdrawn at `at`."""
        if not self.granted or self.recorded_at > at:
            return False
        if self.withdrawn_at is not None and self.withdrawn_at <= at:
            return False
        return self.expires_at is None or at < self.expires_at
