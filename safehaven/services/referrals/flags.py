"""The consent-withdrawal hook of referrals (registered with `consent.on_withdrawal`).

When a survivor withdraws a consent, every open referral (draft, sent, accepted) in that
consent's scope — the same service type, or the same organization — is flagged for the
caseworker, and any supervisor override on it lapses. Sending and printing are then refused by
the consent gate unless another consent still covers the referral.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from safehaven.models.base import utcnow
from safehaven.models.consent import Consent
from safehaven.models.referral import OPEN_STATUSES, Referral
from safehaven.services.actor import Actor
from safehaven.services.audit import record_event


def flag_open_referrals(session: Session, consent: Consent, actor: Actor) -> None:
    at = consent.withdrawn_at or utcnow()
    stmt = select(Referral).where(
        Referral.client_id == consent.client_id, Referral.status.in_(OPEN_STATUSES)
    )
    for referral in session.execute(stmt).scalars():
        if not covers(consent, referral):
            continue
        referral.consent_flagged_at = at
        referral.override_at = None
        referral.override_by_id = None
        referral.override_reason = None
        record_event(
            session,
            actor_id=actor.user_id,
            action="referral_consent_flagged",
            object_type="referral",
            object_id=referral.id,
            client_id=referral.client_id,
            details={"consent_id": consent.id},
        )
    session.flush()


def covers(consent: Consent, referral: Referral) -> bool:
    """The consent's scope is this referral's service type or recipient."""
    if consent.purpose == "referral_service":
        return consent.service_type == referral.service_type
    if consent.purpose == "referral_organization":
        return consent.organization_id is not None and (
            consent.organization_id == referral.organization_id
        )
    return False
