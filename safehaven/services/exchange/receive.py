"""Opening a received file. Before anything is stored, in this order: the file is a package;
the sender is a known, verified partner; the signature holds; it is addressed to us; it
decrypts with our key; the payload is a FHIR Bundle; its message id is unseen; it is not older
than the configured window. Each failure raises its own ExchangeError and stores nothing."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

import pyrage
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from safehaven.models.base import utcnow
from safehaven.models.exchange import ExchangeMessage, ExchangePartner, IncomingReferral
from safehaven.models.permissions import Permission
from safehaven.services import settings as settings_service
from safehaven.services.access import require
from safehaven.services.actor import Actor
from safehaven.services.audit import record_event
from safehaven.services.cases.restricted import write_members
from safehaven.services.exchange import envelope as env
from safehaven.services.exchange.errors import ExchangeError
from safehaven.services.exchange.fhir import load_bundle, message_id_of, read_referral, read_status
from safehaven.services.exchange.identity import age_secret, load_identity
from safehaven.services.exchange.incoming import IncomingRow, incoming_row
from safehaven.services.exchange.keys import verify_key
from safehaven.services.exchange.partners import PartnerRow, partner_row
from safehaven.services.exchange.status import StatusApplied, apply_status

log = logging.getLogger(__name__)
FUTURE_SLACK = dt.timedelta(days=1)


@dataclass(frozen=True)
class Opened:
    kind: str  # referral | status
    message_id: str
    partner: PartnerRow
    incoming: IncomingRow | None  # a referral received
    status: StatusApplied | None  # a status file about one of our referrals


def open_received_file(
    session: Session, *, actor: Actor, data: bytes, at: dt.datetime | None = None
) -> Opened:
    require(actor, Permission.MANAGE_REFERRALS)
    require(actor, Permission.USE_EXCHANGE_KEYS)
    at = at or utcnow()
    try:
        with session.begin():
            return _open(session, actor, data, at)
    except ExchangeError as exc:
        log.info("received file refused: %s", exc.code)
        raise
    except IntegrityError as exc:
        # Seen before, by a case this person cannot see (an office server shows each login
        # only the messages of its cases): the unique message id refuses it all the same.
        if "message_id" not in str(exc.orig):
            raise
        log.info("received file refused: replayed")
        raise ExchangeError("replayed") from None


def _open(session: Session, actor: Actor, data: bytes, at: dt.datetime) -> Opened:
    unpacked = env.unpack(data)
    envelope = unpacked.envelope
    identity = load_identity(session)
    partner = session.execute(
        select(ExchangePartner).where(ExchangePartner.fingerprint == envelope.sender)
    ).scalar()
    if partner is None:
        raise ExchangeError("unknown_sender")
    if partner.verified_at is None:
        raise ExchangeError("unverified_sender")
    env.check_signature(unpacked, verify_key(partner.signing_public))
    if envelope.recipient != identity.fingerprint:
        raise ExchangeError("wrong_recipient")
    secret = age_secret(session, identity)
    try:
        plain = pyrage.decrypt(unpacked.payload, [pyrage.x25519.Identity.from_str(secret)])
    except Exception:  # pyrage.DecryptError and friends
        raise ExchangeError("cannot_decrypt") from None
    bundle = load_bundle(plain)
    if message_id_of(bundle) != envelope.message_id:
        raise ExchangeError("not_fhir", "identifier")
    _check_fresh(session, envelope, at)
    prow = partner_row(session, partner)
    if envelope.kind == "status":
        applied = apply_status(session, actor, partner, read_status(bundle), envelope, at)
        return Opened("status", envelope.message_id, prow, None, applied)
    return Opened(
        "referral",
        envelope.message_id,
        prow,
        _store_referral(session, actor, partner, bundle, envelope, at),
        None,
    )


def _check_fresh(session: Session, envelope: env.Envelope, at: dt.datetime) -> None:
    seen = session.execute(
        select(ExchangeMessage.id).where(ExchangeMessage.message_id == envelope.message_id)
    ).first()
    if seen is not None:
        raise ExchangeError("replayed")
    days = int(settings_service.get_setting(session, "exchange_max_age_days"))
    if at - envelope.created_at > dt.timedelta(days=days):
        raise ExchangeError("expired")
    if envelope.created_at - at > FUTURE_SLACK:
        raise ExchangeError("from_future")


def _store_referral(
    session: Session,
    actor: Actor,
    partner: ExchangePartner,
    bundle: dict[str, object],
    envelope: env.Envelope,
    at: dt.datetime,
) -> IncomingRow:
    content = read_referral(bundle)
    row = IncomingReferral(
        message_id=envelope.message_id,
        partner_id=partner.id,
        sender_reference=content.reference[:40],
        service_type=content.service_type[:40],
        urgency=content.urgency,
        reason=content.reason or None,
        notes=content.notes or None,
        appointment_at=content.appointment_at,
        status="received",
        received_at=at,
        received_by_id=actor.user_id,
    )
    session.add(row)
    write_members(session, row, "shared_fields", content.fields)
    session.add(
        ExchangeMessage(
            message_id=envelope.message_id,
            direction="in",
            kind="referral",
            partner_id=partner.id,
            incoming_id=row.id,
            payload_sha256=envelope.payload_sha256,
            message_at=envelope.created_at,
            processed_by_id=actor.user_id,
        )
    )
    record_event(
        session,
        actor_id=actor.user_id,
        action="exchange_referral_received",
        object_type="incoming_referral",
        object_id=row.id,
        details={
            "message": envelope.message_id,
            "partner": partner.organization_id,
            "fields": sorted(content.fields),
        },
    )
    return incoming_row(session, row)
