"""Closing the loop. The receiving organization answers a referral (accept, decline, appointment
set, completed); each answer is a signed, encrypted status file (a FHIR Task). Opened at the
sender's, it moves the referral and its follow-up task by itself, never backwards."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from safehaven.models.base import utcnow
from safehaven.models.client import Client
from safehaven.models.exchange import (
    ExchangeMessage,
    ExchangePartner,
    can_move_incoming,
    moves_forward,
)
from safehaven.models.permissions import Permission
from safehaven.models.referral import DECLINE_REASONS, Referral
from safehaven.services.access import load_client, require
from safehaven.services.actor import Actor
from safehaven.services.audit import record_case_event, record_event
from safehaven.services.errors import InvalidTransition, ValidationFailed
from safehaven.services.exchange import envelope as env
from safehaven.services.exchange.common import file_name, new_id, seal, write_file
from safehaven.services.exchange.errors import ExchangeError
from safehaven.services.exchange.fhir import StatusContent, status_bundle
from safehaven.services.exchange.identity import load_identity
from safehaven.services.exchange.incoming import client_for, load_incoming
from safehaven.services.tasks import cancel_tasks, schedule_task

ACTIONS = {
    "accept": "accepted",
    "decline": "declined",
    "appointment": "appointment",
    "complete": "completed",
}
# Incoming status (ours) → the status code a status file carries.
WIRE = {
    "accepted": "accepted",
    "declined": "rejected",
    "appointment": "appointment",
    "completed": "completed",
}


@dataclass(frozen=True)
class StatusSent:
    path: Path
    message_id: str
    status: str
    client_id: int | None


@dataclass(frozen=True)
class StatusApplied:
    referral_id: int
    status: str  # the status the file reported
    applied: bool  # False: older than what we already knew, so nothing moved
    referral_status: str


def respond_to_referral(
    session: Session,
    *,
    actor: Actor,
    incoming_id: int,
    action: str,
    folder: Path,
    link_client_id: int | None = None,
    link_case_number: str | None = None,
    decline_reason: str | None = None,
    decline_note: str | None = None,
    appointment_at: dt.datetime | None = None,
    at: dt.datetime | None = None,
) -> StatusSent:
    """Record our answer and write the status file for the sender into `folder`. Accepting
    registers a new client from the shared fields, or links the case given by id or number."""
    require(actor, Permission.MANAGE_REFERRALS)
    require(actor, Permission.USE_EXCHANGE_KEYS)
    if action not in ACTIONS:
        raise ValidationFailed({"action": "unknown_choice"})
    _check_answer(action, decline_reason, appointment_at)
    at = at or utcnow()
    new_status = ACTIONS[action]
    with session.begin():
        row = load_incoming(session, incoming_id)
        if not can_move_incoming(row.status, new_status):
            raise InvalidTransition("incoming_referral", row.status, new_status)
        partner = session.get(ExchangePartner, row.partner_id) if row.partner_id else None
        if partner is None:
            raise ExchangeError("no_partner")
        if action == "accept":
            if link_case_number and link_case_number.strip():
                link_client_id = _client_by_number(session, link_case_number)
            row.client_id = client_for(session, actor, row, link_client_id).id
        if action == "decline":
            row.decline_reason, row.decline_note = decline_reason, (decline_note or None)
        if appointment_at is not None:
            row.appointment_at = appointment_at
        row.status, row.responded_at = new_status, at
        message_id = new_id()
        content = StatusContent(
            message_id,
            at,
            row.message_id,
            row.sender_reference,
            WIRE[new_status],
            decline_reason,
            appointment_at,
        )
        data, digest = seal(
            session,
            status_bundle(content, new_id()),
            kind="status",
            identity=load_identity(session),
            partner=partner,
            envelope_time=at,
            message_id=message_id,
        )
        session.add(
            ExchangeMessage(
                message_id=message_id,
                direction="out",
                kind="status",
                partner_id=partner.id,
                incoming_id=row.id,
                in_reply_to=row.message_id,
                status=WIRE[new_status],
                payload_sha256=digest,
                message_at=at,
                processed_by_id=actor.user_id,
            )
        )
        record_event(
            session,
            actor_id=actor.user_id,
            action=f"exchange_referral_{new_status}",
            object_type="incoming_referral",
            object_id=row.id,
            client_id=row.client_id,
            details={"message": message_id, "decline_reason": decline_reason},
            at=at,
        )
        path = write_file(folder, file_name("status", message_id), data)
        return StatusSent(path, message_id, new_status, row.client_id)


def _client_by_number(session: Session, case_number: str) -> int:
    stmt = select(Client.id).where(Client.case_number == case_number.strip().upper())
    found = session.execute(stmt).scalar()
    if found is None:
        raise ValidationFailed({"link_case_number": "unknown_choice"})
    return int(found)


def _check_answer(action: str, reason: str | None, appointment_at: dt.datetime | None) -> None:
    if action == "decline" and reason not in DECLINE_REASONS:
        raise ValidationFailed({"decline_reason": "unknown_choice" if reason else "required"})
    if action == "appointment" and appointment_at is None:
        raise ValidationFailed({"appointment_at": "required"})


def apply_status(
    session: Session,
    actor: Actor,
    partner: ExchangePartner,
    content: StatusContent,
    envelope: env.Envelope,
    at: dt.datetime,
) -> StatusApplied:
    """Inside the opening transaction: move our referral if the status is newer."""
    sent = session.execute(
        select(ExchangeMessage).where(
            ExchangeMessage.message_id == content.in_reply_to,
            ExchangeMessage.direction == "out",
            ExchangeMessage.kind == "referral",
        )
    ).scalar()
    referral = session.get(Referral, sent.referral_id) if sent and sent.referral_id else None
    if sent is None or referral is None or sent.partner_id != partner.id:
        raise ExchangeError("unknown_referral")
    load_client(session, actor, referral.client_id, Permission.MANAGE_REFERRALS)
    applied = moves_forward(sent.remote_status, content.status) and _move(
        session, actor, referral, content, at
    )
    if applied:
        sent.remote_status = content.status
    session.add(
        ExchangeMessage(
            message_id=envelope.message_id,
            direction="in",
            kind="status",
            partner_id=partner.id,
            referral_id=referral.id,
            in_reply_to=content.in_reply_to,
            status=content.status,
            payload_sha256=envelope.payload_sha256,
            message_at=envelope.created_at,
            processed_by_id=actor.user_id,
        )
    )
    record_case_event(
        session,
        actor,
        "exchange_status_received",
        "referral",
        referral.id,
        referral.client_id,
        {"message": envelope.message_id, "status": content.status, "applied": applied},
        at=at,
    )
    return StatusApplied(referral.id, content.status, applied, referral.status)


def _move(
    session: Session, actor: Actor, referral: Referral, content: StatusContent, at: dt.datetime
) -> bool:
    if referral.status not in ("sent", "accepted"):
        return False
    if content.status == "rejected":
        if referral.status != "sent":
            return False
        reason = content.decline_reason if content.decline_reason in DECLINE_REASONS else "other"
        referral.decline_reason = reason
        _set(session, actor, referral, "declined", at, {"decline_reason": reason})
        return True
    if referral.status == "sent":
        _set(session, actor, referral, "accepted", at)
    if content.status == "appointment" and content.appointment_at is not None:
        referral.appointment_at = content.appointment_at
        referral.follow_up_due = content.appointment_at.date() + dt.timedelta(days=1)
        schedule_task(
            session,
            kind="referral_follow_up",
            source_type="referral",
            source_id=referral.id,
            due_date=referral.follow_up_due,
            client_id=referral.client_id,
            assignee_id=_assignee(session, referral, actor),
        )
    if content.status == "completed":
        _set(session, actor, referral, "completed", at)
    return True


def _assignee(session: Session, referral: Referral, actor: Actor) -> int:
    client = session.get(Client, referral.client_id)
    return (client.assigned_caseworker_id if client else None) or actor.user_id


def _set(
    session: Session,
    actor: Actor,
    referral: Referral,
    status: str,
    at: dt.datetime,
    details: dict[str, Any] | None = None,
) -> None:
    referral.status = status
    if status in ("accepted", "declined"):
        referral.responded_at = at
    if status in ("declined", "completed"):
        referral.closed_at = at
        cancel_tasks(session, source_type="referral", source_id=referral.id)
    referral.updated_by_id = actor.user_id
    record_case_event(
        session,
        actor,
        f"referral_{status}",
        "referral",
        referral.id,
        referral.client_id,
        {"via": "exchange", **(details or {})},
        at=at,
    )
