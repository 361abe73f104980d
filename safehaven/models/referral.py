"""Referrals to partner organizations and their status rules.

Status: draft → sent → accepted | declined; accepted → completed; draft, sent or accepted →
withdrawn. Declined, completed and withdrawn are final. A draft withdrawn with an `outcome` records
why no referral was made (service provided in-house, already received, declined by the survivor,
unavailable) — the GBVIMS "service referred" answers.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from safehaven.models.base import Base, CreatedAt, IntPk, UpdatedAt, UtcDateTime

# Primero's lookup-service-type, with the additions trafficking survivors need (docs/referrals.md).
SERVICE_TYPES = (
    "safehouse",
    "health",
    "psychosocial",
    "police",
    "legal",
    "livelihoods",
    "child_protection",
    "family_mediation",
    "family_reunification",
    "education",
    "nfi",
    "water_sanitation",
    "registration",
    "food",
    "immigration",
    "employment",
    "identity_documents",
    "interpretation",
    "transportation",
    "hotline",
    "other",
)
REASONS = ("additional_services", "relocation", "other")
URGENCIES = ("high", "medium", "low", "no_action")
TIMEFRAMES = {
    "1h": dt.timedelta(hours=1),
    "3h": dt.timedelta(hours=3),
    "1d": dt.timedelta(days=1),
    "3d": dt.timedelta(days=3),
}
DECLINE_REASONS = ("no_capacity", "not_eligible", "survivor_did_not_attend", "unavailable", "other")
OUTCOMES = ("provided_in_house", "already_received", "declined_by_survivor", "unavailable")
STATUSES = ("draft", "sent", "accepted", "declined", "completed", "withdrawn")
OPEN_STATUSES = ("draft", "sent", "accepted")
TRANSITIONS: dict[str, frozenset[str]] = {
    "draft": frozenset({"sent", "withdrawn"}),
    "sent": frozenset({"accepted", "declined", "withdrawn"}),
    "accepted": frozenset({"completed", "withdrawn"}),
    "declined": frozenset(),
    "completed": frozenset(),
    "withdrawn": frozenset(),
}
# Client fields a letter may carry, when the survivor consented to share them.
LETTER_FIELDS = (
    "chosen_name",
    "pronouns",
    "legal_name",
    "date_of_birth",
    "age",
    "gender",
    "languages",
    "interpreter_needed",
    "country_of_origin",
    "phone",
    "email",
    "address",
    "safe_contact",
    "case_number",
)


class Referral(Base):
    __tablename__ = "referral"

    id: Mapped[IntPk]
    reference: Mapped[str] = mapped_column(String(24), unique=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organization.id", ondelete="SET NULL"), nullable=True, index=True
    )
    service_type: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(String(40), default="additional_services")
    reason_detail: Mapped[str | None] = mapped_column(Text, nullable=True)
    urgency: Mapped[str] = mapped_column(String(20), default="medium")
    timeframe: Mapped[str | None] = mapped_column(String(4), nullable=True)
    appointment_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    appointment_location: Mapped[str | None] = mapped_column(String(300), nullable=True)
    notes_to_org: Mapped[str | None] = mapped_column(Text, nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    decline_reason: Mapped[str | None] = mapped_column(String(40), nullable=True)
    decline_note: Mapped[str | None] = mapped_column(Text, nullable=True)
    provider_note: Mapped[str | None] = mapped_column(Text, nullable=True)
    outcome: Mapped[str | None] = mapped_column(String(40), nullable=True)
    follow_up_due: Mapped[dt.date | None] = mapped_column(Date, nullable=True, index=True)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    responded_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    closed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    consent_flagged_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    override_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), nullable=True)
    override_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    override_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    letters_printed: Mapped[int] = mapped_column(Integer, default=0)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), nullable=True)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), nullable=True)
    created_at: Mapped[CreatedAt]
    updated_at: Mapped[UpdatedAt]
    # Optimistic locking, as on the client: two people answering the same referral at once on
    # an office server cannot both win; the later save is refused (StaleDataError).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}


def can_transition(from_status: str, to_status: str) -> bool:
    return to_status in TRANSITIONS.get(from_status, frozenset())


def is_overdue(
    status: str,
    follow_up_due: dt.date | None,
    sent_at: dt.datetime | None,
    timeframe: str | None,
    *,
    now: dt.datetime,
) -> bool:
    """Open and past its follow-up date, or sent and unanswered beyond its timeframe."""
    if status not in OPEN_STATUSES:
        return False
    if follow_up_due is not None and follow_up_due < now.date():
        return True
    if status == "sent" and sent_at is not None and timeframe in TIMEFRAMES:
        return sent_at + TIMEFRAMES[timeframe] < now
    return False


def format_reference(year: int, referral_id: int) -> str:
    """`REF-2026-000042`: the letter reference, never derived from identity."""
    return f"REF-{year:04d}-{referral_id:06d}"
