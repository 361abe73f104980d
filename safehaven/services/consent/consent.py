"""Consent per purpose: record, withdraw, read, and THE check every sharing feature asks.

`consent_allows(session, client_id, purpose, organization_id=, service_type=, at=)` is the one
place later features ask "may we share this now?"; `consent_decision` gives the reason code and
`require_consent` raises `ConsentMissing(purpose, client_id, reason)`. The precedence between
records is documented in `safehaven.models.consent_rules`. These checks do not open a
transaction, check permissions or write audit events: they run inside the caller's service.

Consent is never a condition of service: a refusal of one purpose only ever answers `False` for
that purpose (and scope); it never blocks reading or editing the rest of the record.

Withdrawal side effects: `WITHDRAWAL_HOOKS` is a tuple of callables
`hook(session, consent_row: Consent, actor: Actor) -> None` run, in order, inside the withdrawal's
transaction after the consent row is marked withdrawn (for example: flag pending referrals that
relied on it). Another domain registers its hook with `on_withdrawal(hook)` when its package is
imported (`services/referrals/__init__.py` does), so consent imports no other domain.
A hook that raises rolls the withdrawal back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from safehaven.models.base import utcnow
from safehaven.models.consent import METHODS, PURPOSES, Consent
from safehaven.models.consent_rules import GRANTED, decide, newest, status_at
from safehaven.models.directory import Organization, organization_display_name
from safehaven.models.permissions import Permission
from safehaven.models.referral import SERVICE_TYPES
from safehaven.models.user import User
from safehaven.services.access import load_client
from safehaven.services.actor import Actor
from safehaven.services.audit import record_event
from safehaven.services.errors import (
    ConsentMissing,
    InvalidTransition,
    NotFound,
    ValidationFailed,
)

WithdrawalHook = Callable[[Session, Consent, Actor], None]
WITHDRAWAL_HOOKS: tuple[WithdrawalHook, ...] = ()
SINGLE_SCOPE = ("data_keeping", "family_contact", "statistics", "legal_name")
REFERRAL = ("referral_service", "referral_organization")


def on_withdrawal(hook: WithdrawalHook) -> None:
    """Run `hook` after every withdrawal from now on (registering it twice runs it once)."""
    global WITHDRAWAL_HOOKS  # the registry is this module's one piece of state
    if hook not in WITHDRAWAL_HOOKS:
        WITHDRAWAL_HOOKS = (*WITHDRAWAL_HOOKS, hook)


@dataclass(frozen=True)
class ConsentRow:
    id: int
    client_id: int
    purpose: str
    service_type: str | None
    organization_id: int | None
    granted: bool
    method: str
    recorded_by_id: int
    recorded_by: str  # display name of the staff member
    recorded_at: dt.datetime
    expires_at: dt.datetime | None
    withdrawn_at: dt.datetime | None
    withdrawn_by_id: int | None
    withdrawn_by: str | None
    status: str  # granted | refused | expired | withdrawn, at the moment of reading
    shareable_fields: tuple[str, ...] = ()
    organization_name: str | None = None


@dataclass(frozen=True)
class ConsentStateRow:
    """The current answer for one scope: `status` none when nothing was ever recorded."""

    purpose: str
    service_type: str | None
    organization_id: int | None
    status: str
    current: ConsentRow | None


@dataclass(frozen=True)
class ConsentDecision:
    allowed: bool
    reason: str  # granted | none | refused | expired | withdrawn
    consent_id: int | None  # the deciding record, if any


def record_consent(
    session: Session,
    *,
    actor: Actor,
    client_id: int,
    purpose: str,
    granted: bool,
    method: str,
    expires_at: dt.datetime | None = None,
    service_type: str | None = None,
    organization_id: int | None = None,
    shareable_fields: tuple[str, ...] = (),
    at: dt.datetime | None = None,
) -> ConsentRow:
    """Record a grant or a refusal for one purpose (and scope), with who and when."""
    at = at or utcnow()
    errors = _validate(purpose, method, service_type, organization_id, expires_at, at)
    if errors:
        raise ValidationFailed(errors)
    with session.begin():
        load_client(session, actor, client_id, Permission.MANAGE_CONSENT)
        if organization_id is not None and session.get(Organization, organization_id) is None:
            raise ValidationFailed({"organization_id": "unknown_choice"})
        consent = Consent(
            client_id=client_id,
            purpose=purpose,
            service_type=service_type if purpose == "referral_service" else None,
            organization_id=organization_id if purpose == "referral_organization" else None,
            granted=granted,
            method=method,
            recorded_by_id=actor.user_id,
            recorded_at=at,
            expires_at=expires_at if granted else None,
            shareable_fields=",".join(shareable_fields) or None,
        )
        session.add(consent)
        session.flush()
        record_event(
            session,
            actor_id=actor.user_id,
            action="consent_recorded",
            object_type="consent",
            object_id=consent.id,
            client_id=client_id,
            details={"purpose": purpose, "granted": granted, "method": method},
        )
        return _row(session, consent, at)


def withdraw_consent(
    session: Session, *, actor: Actor, consent_id: int, at: dt.datetime | None = None
) -> ConsentRow:
    """Withdraw a grant from `at` (default now), by `actor`; then run WITHDRAWAL_HOOKS."""
    at = at or utcnow()
    with session.begin():
        consent = session.get(Consent, consent_id)
        if consent is None:
            raise NotFound("consent", consent_id)
        load_client(session, actor, consent.client_id, Permission.MANAGE_CONSENT)
        if not consent.granted:
            raise InvalidTransition("consent", "refused", "withdrawn")
        if consent.withdrawn_at is not None:
            raise InvalidTransition("consent", "withdrawn", "withdrawn")
        consent.withdrawn_at, consent.withdrawn_by_id = at, actor.user_id
        session.flush()
        record_event(
            session,
            actor_id=actor.user_id,
            action="consent_withdrawn",
            object_type="consent",
            object_id=consent.id,
            client_id=consent.client_id,
            details={"purpose": consent.purpose},
        )
        for hook in WITHDRAWAL_HOOKS:
            hook(session, consent, actor)
        return _row(session, consent, at)


def consent_history(session: Session, *, actor: Actor, client_id: int) -> list[ConsentRow]:
    """Every consent record of a client, newest first."""
    with session.begin():
        load_client(session, actor, client_id, Permission.MANAGE_CONSENT)
        now = utcnow()
        records = _records(session, client_id)
        return [_row(session, c, now) for c in sorted(records, key=_order, reverse=True)]


def consent_state(
    session: Session, *, actor: Actor, client_id: int, at: dt.datetime | None = None
) -> list[ConsentStateRow]:
    """The current answer per scope: each single-scope purpose (none if never asked), then every
    service type and organization the client has a record for."""
    at = at or utcnow()
    with session.begin():
        load_client(session, actor, client_id, Permission.MANAGE_CONSENT)
        scopes: dict[tuple[str, str | None, int | None], list[Consent]] = {
            (p, None, None): [] for p in SINGLE_SCOPE
        }
        for consent in _records(session, client_id):
            key = (consent.purpose, consent.service_type, consent.organization_id)
            scopes.setdefault(key, []).append(consent)
        out = []
        for (purpose, service_type, org_id), records in scopes.items():
            current = newest(records, at)
            row = _row(session, current, at) if current is not None else None
            out.append(ConsentStateRow(purpose, service_type, org_id, status_at(current, at), row))
        return out


def consent_decision(
    session: Session,
    client_id: int,
    purpose: str,
    *,
    organization_id: int | None = None,
    service_type: str | None = None,
    at: dt.datetime,
) -> ConsentDecision:
    """Whether sharing for `purpose` is allowed at `at`, why not, and which record decided.

    For referrals (`referral_service` or `referral_organization`) pass the organization and/or
    the service type: both scopes are consulted whichever of the two purposes is named."""
    if purpose in REFERRAL:
        if organization_id is None and service_type is None:
            raise ValueError("a referral consent check needs an organization or a service type")
        org = None
        if organization_id is not None:
            org = _newest(session, client_id, "referral_organization", None, organization_id, at)
        svc = None
        if service_type is not None:
            svc = _newest(session, client_id, "referral_service", service_type, None, at)
        reason, record = decide(org, svc, at)
    elif purpose in PURPOSES:
        reason, record = decide(None, _newest(session, client_id, purpose, None, None, at), at)
    else:
        raise ValueError(f"unknown consent purpose {purpose!r}")
    return ConsentDecision(reason == GRANTED, reason, record.id if record else None)


def consent_allows(
    session: Session,
    client_id: int,
    purpose: str,
    *,
    organization_id: int | None = None,
    service_type: str | None = None,
    at: dt.datetime,
) -> bool:
    """True when a consent for `purpose` (and scope) is in force at `at`."""
    return consent_decision(
        session,
        client_id,
        purpose,
        organization_id=organization_id,
        service_type=service_type,
        at=at,
    ).allowed


def require_consent(
    session: Session,
    client_id: int,
    purpose: str,
    *,
    organization_id: int | None = None,
    service_type: str | None = None,
    at: dt.datetime,
) -> ConsentDecision:
    """The decision if allowed; else raises ConsentMissing(purpose, client_id, reason)."""
    decision = consent_decision(
        session,
        client_id,
        purpose,
        organization_id=organization_id,
        service_type=service_type,
        at=at,
    )
    if not decision.allowed:
        raise ConsentMissing(purpose, client_id, decision.reason)
    return decision


def _validate(
    purpose: str,
    method: str,
    service_type: str | None,
    organization_id: int | None,
    expires_at: dt.datetime | None,
    at: dt.datetime,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if purpose not in PURPOSES:
        errors["purpose"] = "unknown_choice"
    if method not in METHODS:
        errors["method"] = "unknown_choice"
    if purpose == "referral_service":
        if not (service_type or "").strip():
            errors["service_type"] = "required"
        elif service_type not in SERVICE_TYPES:
            errors["service_type"] = "unknown_choice"
    if purpose == "referral_organization" and organization_id is None:
        errors["organization_id"] = "required"
    if expires_at is not None and expires_at <= at:
        errors["expires_at"] = "out_of_range"
    return errors


def _newest(
    session: Session,
    client_id: int,
    purpose: str,
    service_type: str | None,
    organization_id: int | None,
    at: dt.datetime,
) -> Consent | None:
    stmt = select(Consent).where(
        Consent.client_id == client_id,
        Consent.purpose == purpose,
        Consent.recorded_at <= at,
    )
    if service_type is not None:
        stmt = stmt.where(Consent.service_type == service_type)
    if organization_id is not None:
        stmt = stmt.where(Consent.organization_id == organization_id)
    stmt = stmt.order_by(Consent.recorded_at.desc(), Consent.id.desc()).limit(1)
    found = session.execute(stmt).scalar()
    return newest([found], at) if found is not None else None


def _records(session: Session, client_id: int) -> list[Consent]:
    return list(session.execute(select(Consent).where(Consent.client_id == client_id)).scalars())


def _order(consent: Consent) -> tuple[dt.datetime, int]:
    return consent.recorded_at, consent.id


def _row(session: Session, consent: Consent, at: dt.datetime) -> ConsentRow:
    return ConsentRow(
        id=consent.id,
        client_id=consent.client_id,
        purpose=consent.purpose,
        service_type=consent.service_type,
        organization_id=consent.organization_id,
        granted=consent.granted,
        method=consent.method,
        recorded_by_id=consent.recorded_by_id,
        recorded_by=_display_name(session, consent.recorded_by_id) or "",
        recorded_at=consent.recorded_at,
        expires_at=consent.expires_at,
        withdrawn_at=consent.withdrawn_at,
        withdrawn_by_id=consent.withdrawn_by_id,
        withdrawn_by=_display_name(session, consent.withdrawn_by_id),
        status=status_at(consent, max(at, consent.recorded_at)),
        shareable_fields=tuple(p for p in (consent.shareable_fields or "").split(",") if p),
        organization_name=_organization_name(session, consent.organization_id),
    )


def _organization_name(session: Session, organization_id: int | None) -> str | None:
    if organization_id is None:
        return None
    org = session.get(Organization, organization_id)
    return organization_display_name(org.name, org.city) if org is not None else None


def _display_name(session: Session, user_id: int | None) -> str | None:
    if user_id is None:
        return None
    user = session.get(User, user_id)
    return user.display_name if user is not None else None
