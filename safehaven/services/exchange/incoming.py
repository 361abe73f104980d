"""Referrals received from partners: listing them, and turning the shared fields into a client
record when one is accepted (chosen name first; the sender's reference is kept).

The restricted shared fields (legal name, date of birth, contact details) are kept under the
store's field codec (models/restricted.py, RESTRICTED_MEMBERS): a session without the restricted
key lists them as withheld, and a client registered from them gets them through the same codec."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from safehaven.models.client import Client
from safehaven.models.directory import join_codes
from safehaven.models.exchange import ExchangePartner, IncomingReferral
from safehaven.models.permissions import Permission
from safehaven.models.referral import LETTER_FIELDS
from safehaven.services.access import load_client, require
from safehaven.services.actor import Actor
from safehaven.services.audit import record_event
from safehaven.services.cases.clients import RESTRICTED_FIELDS, ClientDraft, next_case_number
from safehaven.services.cases.clients import validate_draft as validate_client
from safehaven.services.cases.restricted import (
    read_members,
    refresh_age_at_intake,
    write_client_field,
)
from safehaven.services.errors import NotFound
from safehaven.services.exchange.partners import partner_row
from safehaven.storage.fields import Restricted

_TEXT_FIELDS = (
    "chosen_name",
    "legal_name",
    "pronouns",
    "phone",
    "email",
    "address",
    "safe_contact",
    "gender",
    "country_of_origin",
)


@dataclass(frozen=True)
class IncomingRow:
    id: int
    message_id: str
    partner_name: str
    partner_verified: bool
    sender_reference: str
    service_type: str
    urgency: str
    reason: str
    notes: str
    appointment_at: dt.datetime | None
    shared: tuple[tuple[str, str], ...]  # (field, value as text), in letter order
    withheld: tuple[str, ...]  # restricted fields that were shared but this session cannot read
    status: str
    decline_reason: str | None
    client_id: int | None
    received_at: dt.datetime


def list_incoming(session: Session, *, actor: Actor) -> list[IncomingRow]:
    """Every referral received, newest first."""
    require(actor, Permission.MANAGE_REFERRALS)
    with session.begin():
        stmt = select(IncomingReferral).order_by(IncomingReferral.received_at.desc())
        return [incoming_row(session, r) for r in session.execute(stmt).scalars()]


def get_incoming(session: Session, *, actor: Actor, incoming_id: int) -> IncomingRow:
    require(actor, Permission.MANAGE_REFERRALS)
    with session.begin():
        return incoming_row(session, load_incoming(session, incoming_id))


def load_incoming(session: Session, incoming_id: int) -> IncomingReferral:
    row = session.get(IncomingReferral, incoming_id)
    if row is None:
        raise NotFound("incoming_referral", incoming_id)
    return row


def shared_values(session: Session, row: IncomingReferral) -> dict[str, Any]:
    """The shared fields in letter order; RESTRICTED for those this session cannot read."""
    data = read_members(session, row, "shared_fields")
    return {k: data[k] for k in LETTER_FIELDS if k in data}


def incoming_row(session: Session, row: IncomingReferral) -> IncomingRow:
    partner = session.get(ExchangePartner, row.partner_id) if row.partner_id else None
    prow = partner_row(session, partner) if partner else None
    values = shared_values(session, row)
    shared = tuple((k, _text(v)) for k, v in values.items() if not isinstance(v, Restricted))
    withheld = tuple(k for k, v in values.items() if isinstance(v, Restricted))
    return IncomingRow(
        id=row.id,
        message_id=row.message_id,
        partner_name=prow.organization_name if prow else "",
        partner_verified=bool(prow and prow.verified),
        sender_reference=row.sender_reference,
        service_type=row.service_type,
        urgency=row.urgency,
        reason=row.reason or "",
        notes=row.notes or "",
        appointment_at=row.appointment_at,
        shared=shared,
        withheld=withheld,
        status=row.status,
        decline_reason=row.decline_reason,
        client_id=row.client_id,
        received_at=row.received_at,
    )


def _text(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def client_for(
    session: Session, actor: Actor, row: IncomingReferral, link_client_id: int | None
) -> Client:
    """Link to an existing case, or register a new client from the shared fields."""
    if link_client_id is not None:
        return load_client(session, actor, link_client_id, Permission.MANAGE_REFERRALS)
    require(actor, Permission.REGISTER_CLIENT)
    draft = _draft(shared_values(session, row), actor, row.sender_reference)
    values = {f.name: getattr(draft, f.name) for f in fields(ClientDraft)}
    restricted = {k: values.pop(k) for k in RESTRICTED_FIELDS}
    client = Client(**values)
    client.intake_date = dt.date.today()
    client.case_number = next_case_number(session, client.intake_date.year)
    client.created_by_id = actor.user_id
    if actor.can(Permission.MANAGE_REFERRALS):
        client.assigned_caseworker_id = actor.user_id
    session.add(client)
    session.flush()
    for name, value in restricted.items():
        if value is not None:
            write_client_field(session, client, name, value)
    refresh_age_at_intake(client, draft.date_of_birth)
    session.flush()
    record_event(
        session,
        actor_id=actor.user_id,
        action="client_registered",
        object_type="client",
        object_id=client.id,
        client_id=client.id,
        details={"via": "exchange", "incoming": row.id},
    )
    return client


def _draft(shared: dict[str, Any], actor: Actor, reference: str) -> ClientDraft:
    shared = {k: v for k, v in shared.items() if not isinstance(v, Restricted)}
    values: dict[str, Any] = {k: str(shared[k]).strip() for k in _TEXT_FIELDS if k in shared}
    if not actor.can(Permission.VIEW_LEGAL_NAME):
        values = {k: v for k, v in values.items() if k not in RESTRICTED_FIELDS}
    elif "date_of_birth" in shared:
        values["date_of_birth"] = _date(shared["date_of_birth"])
    if isinstance(shared.get("age"), int) and "date_of_birth" not in values:
        values["estimated_age"], values["age_is_estimated"] = shared["age"], True
    if isinstance(shared.get("interpreter_needed"), bool):
        values["interpreter_needed"] = shared["interpreter_needed"]
    if isinstance(shared.get("languages"), list):
        values["languages"] = join_codes(str(c) for c in shared["languages"]) or None
    # never the legal name in its place: the chosen name is shown everywhere and searchable
    chosen = values.get("chosen_name") or reference or "-"
    values["chosen_name"] = str(chosen)[:120]
    cleaned: dict[str, Any] = {
        k: (v or None) if k != "chosen_name" else v for k, v in values.items()
    }
    draft = ClientDraft(**cleaned)
    defaults: dict[str, Any] = {f.name: f.default for f in fields(ClientDraft)}
    for name in validate_client(draft):
        draft = replace(draft, **{name: defaults[name]})
    return draft


def _date(text: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(text))
    except ValueError:
        return None
