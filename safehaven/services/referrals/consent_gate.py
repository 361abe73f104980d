"""The consent gate for referrals: asked at the moment of sending, printing or saving.

The decision itself belongs to `safehaven.services.consent`; this module applies it to a
referral and handles the supervisor override (a written reason, audited). Withdrawal flags are
set by `flags.flag_open_referrals`. `consent_cover` answers the same question before a referral
exists, for the referral form: does consent cover sharing with this organization, and what?
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from safehaven.models.base import utcnow
from safehaven.models.consent import Consent
from safehaven.models.directory import Organization, organization_display_name, split_codes
from safehaven.models.permissions import Permission
from safehaven.models.referral import LETTER_FIELDS, SERVICE_TYPES, Referral
from safehaven.services.access import load_client
from safehaven.services.actor import Actor
from safehaven.services.audit import record_event
from safehaven.services.cases.clients import RESTRICTED_FIELDS
from safehaven.services.consent import consent as consent_service
from safehaven.services.errors import (
    ConsentMissing,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)

PURPOSE = "referral_service"
MIN_OVERRIDE_REASON = 10


@dataclass(frozen=True)
class GateResult:
    overridden: bool  # True: no consent in force; a supervisor's override stands instead


@dataclass(frozen=True)
class ConsentCover:
    """Whether consent in force covers sharing with one organization (for one service type)."""

    organization_id: int
    organization_name: str  # as named on every screen
    service_type: str | None
    covered: bool
    reason: str  # granted | none | refused | expired | withdrawn
    fields: tuple[str, ...]  # client fields a letter may carry, in letter order


def consent_cover(
    session: Session,
    *,
    actor: Actor,
    client_id: int,
    organization_id: int,
    service_type: str | None = None,
    at: dt.datetime | None = None,
) -> ConsentCover:
    """Does consent in force at `at` (default now) cover sharing this client's details with
    `organization_id`, for `service_type` when one is chosen? The same rule as the gate."""
    at = at or utcnow()
    if service_type is not None and service_type not in SERVICE_TYPES:
        raise ValidationFailed({"service_type": "unknown_choice"})
    with session.begin():
        load_client(session, actor, client_id, Permission.MANAGE_REFERRALS)
        org = session.get(Organization, organization_id)
        if org is None:
            raise NotFound("organization", organization_id)
        decision = consent_service.consent_decision(
            session,
            client_id,
            PURPOSE,
            organization_id=organization_id,
            service_type=service_type,
            at=at,
        )
        return ConsentCover(
            organization_id=organization_id,
            organization_name=organization_display_name(org.name, org.city),
            service_type=service_type,
            covered=decision.allowed,
            reason=decision.reason,
            fields=_consented_fields(session, decision),
        )


def consent_problem(session: Session, referral: Referral, at: dt.datetime) -> str | None:
    """None when a consent in force covers this referral's service and recipient; else the reason
    code (none, refused, expired, withdrawn…)."""
    decision = _decision(session, referral, at)
    return None if decision.allowed else decision.reason


def _decision(
    session: Session, referral: Referral, at: dt.datetime
) -> consent_service.ConsentDecision:
    return consent_service.consent_decision(
        session,
        referral.client_id,
        PURPOSE,
        organization_id=referral.organization_id,
        service_type=referral.service_type,
        at=at,
    )


def _override_stands(session: Session, referral: Referral, at: dt.datetime) -> bool:
    """An override lapses when the survivor says something newer about this referral's scope
    (a refusal or withdrawal recorded after the override)."""
    if referral.override_at is None:
        return False
    decision = _decision(session, referral, at)
    record = session.get(Consent, decision.consent_id) if decision.consent_id else None
    if record is None:
        return True
    said_at = max(record.recorded_at, record.withdrawn_at or record.recorded_at)
    return said_at <= referral.override_at


def pass_gate(
    session: Session,
    *,
    actor: Actor,
    referral: Referral,
    action: str,
    at: dt.datetime,
    override_reason: str | None = None,
) -> GateResult:
    """Let `action` (send, print, save…) go ahead, or raise ConsentMissing with the reason.

    A supervisor may override with a written reason; the override is kept on the referral (until
    the survivor refuses or withdraws consent for it afterwards) and audited."""
    problem = consent_problem(session, referral, at)
    if problem is None:
        referral.consent_flagged_at = None
        return GateResult(False)
    if override_reason is None:
        if _override_stands(session, referral, at):
            return GateResult(True)
        raise ConsentMissing(PURPOSE, referral.client_id, problem)
    if not actor.can(Permission.OVERRIDE_CONSENT):
        raise PermissionDenied(Permission.OVERRIDE_CONSENT.value, actor.user_id)
    reason = override_reason.strip()
    if len(reason) < MIN_OVERRIDE_REASON:
        raise ValidationFailed({"override_reason": "required" if not reason else "too_short"})
    referral.override_by_id = actor.user_id
    referral.override_reason = reason
    referral.override_at = at
    record_event(
        session,
        actor_id=actor.user_id,
        action="consent_overridden",
        object_type="referral",
        object_id=referral.id,
        client_id=referral.client_id,
        details={"for": action, "consent": problem, "purpose": PURPOSE},
        at=at,
    )
    return GateResult(True)


def shareable_fields(session: Session, referral: Referral, at: dt.datetime) -> tuple[str, ...]:
    """The client fields the survivor agreed to share with this recipient, in letter order: those
    listed on the consent that allows the referral now. An override adds none."""
    return _consented_fields(session, _decision(session, referral, at))


def _consented_fields(
    session: Session, decision: consent_service.ConsentDecision
) -> tuple[str, ...]:
    if not decision.allowed or decision.consent_id is None:
        return ()
    consent = session.get(Consent, decision.consent_id)
    allowed = set(split_codes(consent.shareable_fields if consent else None))
    return tuple(f for f in LETTER_FIELDS if f in allowed)


def choose_fields(
    actor: Actor, shareable: tuple[str, ...], requested: Sequence[str] | None
) -> tuple[str, ...]:
    """The fields a letter or package carries: ticked ∩ consented (all consented when nothing
    was ticked), restricted fields only for a role that may read them; else ValidationFailed."""
    if requested is None:
        return tuple(f for f in shareable if may_include(actor, f))
    wanted = set(requested)
    refused = {f: "not_consented" for f in wanted if f not in shareable}
    refused |= {f: "not_permitted" for f in wanted if f in shareable and not may_include(actor, f)}
    if refused:
        raise ValidationFailed(refused)
    return tuple(f for f in shareable if f in wanted)


def may_include(actor: Actor, field: str) -> bool:
    """Whether `actor` may put `field` in a letter or package."""
    return field not in RESTRICTED_FIELDS or actor.can(Permission.VIEW_LEGAL_NAME)
