"""Exchange between organizations: our identity, partners' key cards, messages seen, and
referrals received from partners.

Secret keys live only in this table inside the encrypted database, and in a vault also under
the restricted key (models/restricted.py): the stored text is then longer than the declared
length (`r1:`/`s1:`, see docs/vault-format.md; SQLite does not enforce lengths, and an office
server stores them as they are). A partner is a directory organization holding an imported key
card; a new card (a changed key) clears its verification. Message ids are unique, so a package
or status file is never applied twice.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from safehaven.models.base import Base, CreatedAt, IntPk, UpdatedAt, UtcDateTime

# FHIR TaskStatus codes carried by status files, and the order a referral moves through them.
REMOTE_STATUSES = ("requested", "accepted", "appointment", "completed", "rejected")
STATUS_RANK = {"requested": 0, "accepted": 1, "appointment": 2, "completed": 3, "rejected": 3}
INCOMING_STATUSES = ("received", "accepted", "declined", "appointment", "completed")
INCOMING_TRANSITIONS: dict[str, frozenset[str]] = {
    "received": frozenset({"accepted", "declined"}),
    "accepted": frozenset({"appointment", "completed"}),
    "appointment": frozenset({"appointment", "completed"}),
    "declined": frozenset(),
    "completed": frozenset(),
}
DIRECTIONS = ("in", "out")
KINDS = ("referral", "status")


class ExchangeIdentity(Base):
    """This organization's keys: an Ed25519 signing seed and an age X25519 identity."""

    __tablename__ = "exchange_identity"

    id: Mapped[IntPk]
    # The secrets are loaded only when used (deferred): on an office server only the groups
    # holding USE_EXCHANGE_KEYS may select them, and everyone else still reads the public half.
    signing_seed: Mapped[str] = mapped_column(String(64), deferred=True)  # base64, 32 bytes
    age_identity: Mapped[str] = mapped_column(String(120), deferred=True)  # AGE-SECRET-KEY-1…
    signing_public: Mapped[str] = mapped_column(String(64))  # base64 of 32 bytes
    age_recipient: Mapped[str] = mapped_column(String(120))  # age1…
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), nullable=True)
    created_at: Mapped[CreatedAt]


class ExchangePartner(Base):
    """A partner's key card, pinned to one directory organization."""

    __tablename__ = "exchange_partner"

    id: Mapped[IntPk]
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), unique=True
    )
    card_name: Mapped[str] = mapped_column(String(200))
    signing_public: Mapped[str] = mapped_column(String(64))
    age_recipient: Mapped[str] = mapped_column(String(120))
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
    imported_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), nullable=True)
    imported_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    verified_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), nullable=True)
    created_at: Mapped[CreatedAt]
    updated_at: Mapped[UpdatedAt]


class ExchangeMessage(Base):
    """Every package or status file sent or opened. `remote_status` on an outgoing referral is
    the furthest status its recipient reported."""

    __tablename__ = "exchange_message"

    id: Mapped[IntPk]
    message_id: Mapped[str] = mapped_column(String(36), unique=True)
    direction: Mapped[str] = mapped_column(String(3))
    kind: Mapped[str] = mapped_column(String(10))
    partner_id: Mapped[int | None] = mapped_column(
        ForeignKey("exchange_partner.id", ondelete="SET NULL"), nullable=True, index=True
    )
    referral_id: Mapped[int | None] = mapped_column(
        ForeignKey("referral.id", ondelete="SET NULL"), nullable=True, index=True
    )
    incoming_id: Mapped[int | None] = mapped_column(
        ForeignKey("incoming_referral.id", ondelete="SET NULL"), nullable=True, index=True
    )
    in_reply_to: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    status: Mapped[str | None] = mapped_column(String(20), nullable=True)
    remote_status: Mapped[str | None] = mapped_column(String(20), nullable=True)
    payload_sha256: Mapped[str] = mapped_column(String(64))
    message_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    processed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), nullable=True)
    created_at: Mapped[CreatedAt]


class IncomingReferral(Base):
    """A referral a partner sent us: the shared fields (JSON, inside the vault) until accepted."""

    __tablename__ = "incoming_referral"

    id: Mapped[IntPk]
    message_id: Mapped[str] = mapped_column(String(36), unique=True)
    partner_id: Mapped[int | None] = mapped_column(
        ForeignKey("exchange_partner.id", ondelete="SET NULL"), nullable=True, index=True
    )
    sender_reference: Mapped[str] = mapped_column(String(40))
    service_type: Mapped[str] = mapped_column(String(40))
    urgency: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    notes: Mapped[str | None] = mapped_column(Text, nullable=True)
    appointment_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    # JSON object field → value; the restricted members each under the codec (RESTRICTED_MEMBERS)
    shared_fields: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="received", index=True)
    decline_reason: Mapped[str | None] = mapped_column(String(40), nullable=True)
    decline_note: Mapped[str | None] = mapped_column(Text, nullable=True)
    client_id: Mapped[int | None] = mapped_column(
        ForeignKey("client.id", ondelete="SET NULL"), nullable=True, index=True
    )
    received_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    responded_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    received_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), nullable=True)
    created_at: Mapped[CreatedAt]
    updated_at: Mapped[UpdatedAt]


def moves_forward(current: str | None, new: str) -> bool:
    """A later status never moves a referral backwards; `rejected` only answers `requested`."""
    if new == "rejected":
        return current in (None, "requested")
    if current == "rejected":
        return False
    return STATUS_RANK[new] > STATUS_RANK.get(current or "requested", 0)


def can_move_incoming(from_status: str, to_status: str) -> bool:
    return to_status in INCOMING_TRANSITIONS.get(from_status, frozenset())
