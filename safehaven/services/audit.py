"""The audit trail: append-only, hash-chained, written in the caller's transaction."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from safehaven.models.audit import GENESIS_HASH, AuditEvent, chain_hash
from safehaven.models.base import utcnow
from safehaven.models.permissions import Permission
from safehaven.services.access import require
from safehaven.services.actor import Actor
from safehaven.storage.write_lock import append_event

_FORBIDDEN_DETAIL_KEYS = {
    "name",
    "chosen_name",
    "legal_name",
    "note",
    "text",
    "password",
    # restricted columns (models/restricted.py) never appear as detail values either
    "date_of_birth",
    "phone",
    "email",
    "address",
    "safe_contact",
    "location",
    "contact_notes",
}


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: dt.datetime
    actor_id: int | None
    action: str
    object_type: str | None
    object_id: int | None
    client_id: int | None
    details: dict[str, Any]


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    first_broken_id: int | None  # id of the first row whose link does not hold
    problem: str | None  # edited | deleted_or_reordered | None


def record_event(
    session: Session,
    *,
    actor_id: int | None,
    action: str,
    object_type: str | None = None,
    object_id: int | None = None,
    client_id: int | None = None,
    details: dict[str, Any] | None = None,
    at: dt.datetime | None = None,
) -> AuditEvent:
    """Append one event inside the caller's open transaction. `details`: ids and codes only."""
    details = details or {}
    leaked = _FORBIDDEN_DETAIL_KEYS & set(details)
    if leaked:
        raise ValueError(f"audit details must not carry personal fields: {sorted(leaked)}")
    # Everything else of the transaction is written first: the chain's one appender lock,
    # taken next, is then held only for this event's row and the commit.
    session.flush()
    event = AuditEvent(
        at=at or utcnow(),
        actor_id=actor_id,
        action=action,
        object_type=object_type,
        object_id=object_id,
        client_id=client_id,
        details=json.dumps(details, sort_keys=True, separators=(",", ":")),
    )
    append_event(session, event)  # the head of the chain cannot move until we commit
    return event


def record_case_event(
    session: Session,
    actor: Actor,
    action: str,
    object_type: str,
    object_id: int,
    client_id: int | None = None,
    details: dict[str, Any] | None = None,
    *,
    at: dt.datetime | None = None,
) -> None:
    """`record_event` for an actor acting on one object (of one client's case)."""
    record_event(
        session,
        actor_id=actor.user_id,
        action=action,
        object_type=object_type,
        object_id=object_id,
        client_id=client_id,
        details=details,
        at=at,
    )


def verify_chain(
    session: Session,
    *,
    actor: Actor,
    progress: Callable[[int, int], None] | None = None,
) -> ChainReport:
    """Walk the chain from the start; name the first row whose link or content does not hold."""
    require(actor, Permission.VERIFY_AUDIT)
    total = session.query(AuditEvent).count()
    prev_hash, expected_id, checked = GENESIS_HASH, 1, 0
    rows = session.execute(select(AuditEvent).order_by(AuditEvent.id)).scalars()
    for event in rows:
        if event.id != expected_id or event.prev_hash != prev_hash:
            return ChainReport(False, checked, event.id, "deleted_or_reordered")
        if chain_hash(prev_hash, event) != event.hash:
            return ChainReport(False, checked, event.id, "edited")
        prev_hash, expected_id, checked = event.hash, event.id + 1, checked + 1
        if progress and checked % 1000 == 0:
            progress(checked, total)
    return ChainReport(True, checked, None, None)


def client_history(session: Session, *, client_id: int, limit: int = 500) -> list[AuditRow]:
    """The audit events of one case, newest first (the caller has checked access)."""
    stmt = (
        select(AuditEvent)
        .where(AuditEvent.client_id == client_id)
        .order_by(AuditEvent.id.desc())
        .limit(limit)
    )
    return [_row(e) for e in session.execute(stmt).scalars()]


def _row(event: AuditEvent) -> AuditRow:
    return AuditRow(
        id=event.id,
        at=event.at,
        actor_id=event.actor_id,
        action=event.action,
        object_type=event.object_type,
        object_id=event.object_id,
        client_id=event.client_id,
        details=json.loads(event.details or "{}"),
    )
