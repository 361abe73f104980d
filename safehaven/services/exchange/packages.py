"""Sending a referral as a signed, age-encrypted FHIR R4 package.

The package passes the same consent gate as the letter and carries only the client fields the
survivor consented to share with this recipient *and* the caseworker ticked. Sending is audited
with the field names (never their values); the file is written inside the transaction, so a
failed write leaves the referral as it was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from safehaven.models.base import utcnow
from safehaven.models.client import Client
from safehaven.models.directory import Organization, organization_display_name, split_codes
from safehaven.models.exchange import ExchangeMessage
from safehaven.models.permissions import Permission
from safehaven.models.referral import Referral
from safehaven.services import settings as settings_service
from safehaven.services.access import load_client, require
from safehaven.services.actor import Actor
from safehaven.services.audit import record_case_event
from safehaven.services.cases.restricted import CLIENT_RESTRICTED, age_now, read_client_field
from safehaven.services.errors import InvalidTransition, NotFound
from safehaven.services.exchange.common import (
    file_name,
    new_id,
    partner_of_organization,
    seal,
    write_file,
)
from safehaven.services.exchange.errors import ExchangeError
from safehaven.services.exchange.fhir import ReferralContent, referral_bundle
from safehaven.services.exchange.identity import load_identity
from safehaven.services.exchange.partners import PartnerRow, partner_row
from safehaven.services.referrals.consent_gate import (
    choose_fields,
    pass_gate,
    shareable_fields,
)
from safehaven.services.referrals.labels import REASON_LABELS
from safehaven.services.referrals.letters import letter_options
from safehaven.services.tasks import schedule_task

SENDABLE = ("draft", "sent")


@dataclass(frozen=True)
class SendOptions:
    reference: str
    organization_name: str
    partner: PartnerRow | None
    shareable: tuple[str, ...]
    restricted: tuple[str, ...]
    consent_problem: str | None
    overridden: bool
    can_override: bool


@dataclass(frozen=True)
class SentPackage:
    path: Path
    message_id: str
    fields: tuple[str, ...]
    size: int
    partner_verified: bool


def send_options(session: Session, *, actor: Actor, referral_id: int) -> SendOptions:
    """What the send dialog may offer (the letter's choice, plus the partner). No audit."""
    letter = letter_options(session, actor=actor, referral_id=referral_id)
    with session.begin():
        referral = session.get(Referral, referral_id)
        if referral is None:
            raise NotFound("referral", referral_id)
        org_id = referral.organization_id
        org = session.get(Organization, org_id) if org_id else None
        try:
            partner: PartnerRow | None = partner_row(
                session, partner_of_organization(session, org_id)
            )
        except ExchangeError:  # no partner card for this organization
            partner = None
        return SendOptions(
            reference=letter.reference,
            organization_name=organization_display_name(org.name, org.city) if org else "",
            partner=partner,
            shareable=letter.shareable,
            restricted=letter.restricted,
            consent_problem=letter.consent_problem,
            overridden=letter.overridden,
            can_override=letter.can_override,
        )


def send_package(
    session: Session,
    *,
    actor: Actor,
    referral_id: int,
    folder: Path,
    fields: Sequence[str] | None = None,
    override_reason: str | None = None,
    confirm_unverified: bool = False,
    channel: str = "app",
    at: dt.datetime | None = None,
) -> SentPackage:
    """Write the package into `folder` and mark the referral sent. `fields=None`: every
    consented field the actor may include. An unverified partner needs `confirm_unverified`."""
    require(actor, Permission.PRINT_LETTER)
    require(actor, Permission.USE_EXCHANGE_KEYS)
    at = at or utcnow()
    with session.begin():
        referral, client = _load(session, actor, referral_id)
        if referral.status not in SENDABLE:
            raise InvalidTransition("referral", referral.status, "sent")
        partner = partner_of_organization(session, referral.organization_id)
        if partner.verified_at is None and not confirm_unverified:
            raise ExchangeError("partner_unverified")
        identity = load_identity(session)
        gate = pass_gate(
            session,
            actor=actor,
            referral=referral,
            action="send_securely",
            at=at,
            override_reason=override_reason,
        )
        chosen = choose_fields(actor, shareable_fields(session, referral, at), fields)
        values = {f: v for f in chosen if (v := field_value(client, f, at)) not in (None, "", [])}
        message_id = new_id()
        content = _content(session, referral, values, message_id, at, partner, identity)
        ids = {k: new_id() for k in ("patient", "request", "task", "organization")}
        data, digest = seal(
            session,
            referral_bundle(content, ids),
            kind="referral",
            identity=identity,
            partner=partner,
            envelope_time=at,
            message_id=message_id,
        )
        _mark_sent(session, actor, referral, client, at)
        session.add(
            ExchangeMessage(
                message_id=message_id,
                direction="out",
                kind="referral",
                partner_id=partner.id,
                referral_id=referral.id,
                remote_status="requested",
                payload_sha256=digest,
                message_at=at,
                processed_by_id=actor.user_id,
            )
        )
        details = {
            "fields": sorted(values),
            "message": message_id,
            "partner": partner.organization_id,
            "verified": partner.verified_at is not None,
            "override": gate.overridden,
            "channel": channel,
        }
        record_case_event(
            session,
            actor,
            "referral_sent_securely",
            "referral",
            referral.id,
            referral.client_id,
            details,
            at=at,
        )
        path = write_file(folder, file_name("referral", message_id), data)
        return SentPackage(
            path,
            message_id,
            tuple(f for f in chosen if f in values),
            len(data),
            partner.verified_at is not None,
        )


def field_value(client: Client, field: str, at: dt.datetime) -> Any:
    """A field's value as the package carries it: codes, ISO dates, numbers, booleans."""
    session = Session.object_session(client)
    if field in CLIENT_RESTRICTED:  # shared only by a role that may read it (`may_include`)
        value = read_client_field(session, client, field) if session else None
        if isinstance(value, dt.date):
            return value.isoformat()
        return value.strip() if isinstance(value, str) else None  # RESTRICTED: left out
    if field == "age":
        return age_now(session, client, at.date()) if session else client.estimated_age
    if field == "languages":
        return list(split_codes(client.languages))
    value = getattr(client, field, None)
    return value.strip() if isinstance(value, str) else value


def _content(
    session: Session,
    referral: Referral,
    values: dict[str, Any],
    message_id: str,
    at: dt.datetime,
    partner: Any,
    identity: Any,
) -> ReferralContent:
    settings = settings_service.all_settings(session)
    reason = REASON_LABELS.get(referral.reason, referral.reason)
    if referral.reason_detail:
        reason = f"{reason}: {referral.reason_detail}"
    return ReferralContent(
        message_id=message_id,
        created_at=at,
        reference=referral.reference,
        service_type=referral.service_type,
        urgency=referral.urgency,
        reason=reason,
        notes=referral.notes_to_org or "",
        appointment_at=referral.appointment_at,
        sender_name=str(settings.get("organization_name") or "SafeHaven"),
        sender_fingerprint=identity.fingerprint,
        sender_phone=str(settings.get("organization_phone") or ""),
        recipient_name=partner.card_name,
        recipient_fingerprint=partner.fingerprint,
        fields=values,
    )


def _mark_sent(
    session: Session, actor: Actor, referral: Referral, client: Client, at: dt.datetime
) -> None:
    if referral.status == "draft":
        referral.status, referral.sent_at = "sent", at
    if referral.follow_up_due is None:
        referral.follow_up_due = at.date() + dt.timedelta(
            days=2 if referral.urgency == "high" else 7
        )
    referral.updated_by_id = actor.user_id
    schedule_task(
        session,
        kind="referral_follow_up",
        source_type="referral",
        source_id=referral.id,
        due_date=referral.follow_up_due,
        client_id=client.id,
        assignee_id=client.assigned_caseworker_id or actor.user_id,
    )


def _load(session: Session, actor: Actor, referral_id: int) -> tuple[Referral, Client]:
    referral = session.get(Referral, referral_id)
    if referral is None:
        raise NotFound("referral", referral_id)
    client = load_client(session, actor, referral.client_id, Permission.MANAGE_REFERRALS)
    return referral, client
