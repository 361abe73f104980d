"""Append-only, hash-chained audit events. Rows carry ids and field names, never personal data."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from safehaven.models.base import Base, IntPk, UtcDateTime

GENESIS_HASH = "0" * 64


class AuditEvent(Base):
    __tablename__ = "audit_event"

    id: Mapped[IntPk]
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), nullable=True)
    action: Mapped[str] = mapped_column(String(60))
    object_type: Mapped[str | None] = mapped_column(String(40), nullable=True)
    object_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    client_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    details: Mapped[str] = mapped_column(Text, default="{}")
    prev_hash: Mapped[str] = mapped_column(String(64), unique=True)
    hash: Mapped[str] = mapped_column(String(64), unique=True)


def canonical_event(event: AuditEvent) -> str:
    """The exact text that is hashed: every column but the hashes, in a fixed order."""
    payload: dict[str, Any] = {
        "id": event.id,
        "at": event.at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "actor_id": event.actor_id,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "client_id": event.client_id,
        "details": event.details,
    }
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


_ID_MARK = -7_214_001  # stands for the id while the canonical text is split around it


def canonical_parts(event: AuditEvent) -> tuple[str, str]:
    """The canonical text before and after the event's id, for an appender that gives the id
    itself: `before + str(id) + after == canonical_event(event)` once the event has that id.
    Keys are sorted and every other value is a JSON number, null or escaped string, so the
    `,"id":` between "details" and "object_id" occurs exactly once."""
    own_id, event.id = event.id, _ID_MARK
    try:
        text = canonical_event(event)
    finally:
        event.id = own_id
    before, after = text.split(f',"id":{_ID_MARK},')
    return before + ',"id":', "," + after


def chain_hash(prev_hash: str, event: AuditEvent) -> str:
    """sha256(prev_hash + canonical row), hex."""
    return hashlib.sha256((prev_hash + canonical_event(event)).encode("ascii")).hexdigest()
