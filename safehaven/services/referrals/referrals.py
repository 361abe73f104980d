"""Referrals: draft, send, record the partner's answer, complete or withdraw, follow up.

Sending goes through the consent gate (`referral_consent.pass_gate`) at that moment. Every
referral with a follow-up date has one `referral_follow_up` task; when the referral is sent without
a date, follow-up defaults to 2 days (high urgency) or 7 days later. Closing a referral cancels its
open task.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from safehaven.models.base import utcnow
from safehaven.models.client import Client
from safehaven.models.directory import Organization, organization_display_name
from safehaven.models.permissions import Permission
from safehaven.models.referral import (
    DECLINE_REASONS,
    OUTCOMES,
    Referral,
    can_transition,
    format_reference,
)
from safehaven.services.access import load_client
from safehaven.services.actor import Actor
from safehaven.services.audit import record_case_event
from safehaven.services.errors import InvalidTransition, NotFound, ValidationFailed
from safehaven.services.referrals.consent_gate import pass_gate
from safehaven.services.referrals.records import (
    DRAFT_FIELDS,
    ReferralDraft,
    ReferralRow,
    referral_row,
    validate_referral,
)
from safehaven.services.tasks import cancel_tasks, schedule_task

TASK_KIND = "referral_follow_up"


def create_referral(
    session: Session, *, actor: Actor, client_id: int, draft: ReferralDraft
) -> ReferralRow:
    draft = _clean(draft)
    errors = validate_referral(draft)
    if errors:
        raise ValidationFailed(errors)
    with session.begin():
        client = load_client(session, actor, client_id, Permission.MANAGE_REFERRALS)
        _check_organization(session, draft.organization_id)
        now = utcnow()
        referral = Referral(
            client_id=client.id,
            reference=f"TMP-{secrets.token_hex(8)}",
            status="draft",
            created_by_id=actor.user_id,
            updated_by_id=actor.user_id,
        )
        _apply(referral, draft)
        session.add(referral)
        session.flush()
        referral.reference = format_reference(now.year, referral.id)
        _sync_task(session, referral, client, actor)
        return _audited_row(session, actor, referral, now, "referral_created")


def update_referral(
    session: Session, *, actor: Actor, referral_id: int, draft: ReferralDraft
) -> ReferralRow:
    """Edit an open referral. Recipient and service can change only while it is a draft."""
    draft = _clean(draft)
    errors = validate_referral(draft)
    if errors:
        raise ValidationFailed(errors)
    with session.begin():
        referral, client = _load(session, actor, referral_id)
        if referral.status not in ("draft", "sent", "accepted"):
            raise InvalidTransition("referral", referral.status, "edited")
        fixed = ("organization_id", "service_type")
        if referral.status != "draft" and any(
            getattr(referral, n) != getattr(draft, n) for n in fixed
        ):
            raise ValidationFailed(dict.fromkeys(fixed, "locked_after_sending"))
        _check_organization(session, draft.organization_id)
        changed = sorted(n for n in DRAFT_FIELDS if getattr(referral, n) != getattr(draft, n))
        _apply(referral, draft)
        referral.updated_by_id = actor.user_id
        _sync_task(session, referral, client, actor)
        details = {"fields": changed}
        return _audited_row(session, actor, referral, utcnow(), "referral_updated", details)


def send_referral(
    session: Session,
    *,
    actor: Actor,
    referral_id: int,
    override_reason: str | None = None,
    at: dt.datetime | None = None,
) -> ReferralRow:
    """Mark as sent; asks the consent gate now (override: supervisors, with a written reason)."""
    at = at or utcnow()
    with session.begin():
        referral, client = _load(session, actor, referral_id)
        _require_transition(referral, "sent")
        if referral.organization_id is None:
            raise ValidationFailed({"organization_id": "required"})
        gate = pass_gate(
            session,
            actor=actor,
            referral=referral,
            action="send",
            at=at,
            override_reason=override_reason,
        )
        referral.status, referral.sent_at = "sent", at
        if referral.follow_up_due is None:
            days = 2 if referral.urgency == "high" else 7
            referral.follow_up_due = at.date() + dt.timedelta(days=days)
        referral.updated_by_id = actor.user_id
        _sync_task(session, referral, client, actor)
        return _audited_row(
            session, actor, referral, at, "referral_sent", {"override": gate.overridden}, at
        )


def accept_referral(
    session: Session, *, actor: Actor, referral_id: int, provider_note: str | None = None
) -> ReferralRow:
    return _respond(session, actor, referral_id, "accepted", provider_note=provider_note)


def decline_referral(
    session: Session,
    *,
    actor: Actor,
    referral_id: int,
    reason: str,
    note: str | None = None,
) -> ReferralRow:
    if reason not in DECLINE_REASONS:
        raise ValidationFailed({"decline_reason": "unknown_choice" if reason else "required"})
    return _respond(session, actor, referral_id, "declined", decline=(reason, note))


def complete_referral(
    session: Session, *, actor: Actor, referral_id: int, provider_note: str | None = None
) -> ReferralRow:
    return _respond(session, actor, referral_id, "completed", provider_note=provider_note)


def withdraw_referral(
    session: Session, *, actor: Actor, referral_id: int, outcome: str | None = None
) -> ReferralRow:
    """Stop a referral. `outcome` records why no referral was made (drafts only)."""
    if outcome is not None and outcome not in OUTCOMES:
        raise ValidationFailed({"outcome": "unknown_choice"})
    with session.begin():
        referral, _client = _load(session, actor, referral_id)
        if outcome is not None and referral.status != "draft":
            raise ValidationFailed({"outcome": "only_for_drafts"})
        _require_transition(referral, "withdrawn")
        now = utcnow()
        referral.status, referral.outcome, referral.closed_at = "withdrawn", outcome, now
        referral.consent_flagged_at = None
        referral.updated_by_id = actor.user_id
        cancel_tasks(session, source_type="referral", source_id=referral.id)
        return _audited_row(
            session, actor, referral, now, "referral_withdrawn", {"outcome": outcome}
        )


def get_referral(session: Session, *, actor: Actor, referral_id: int) -> ReferralRow:
    with session.begin():
        referral, _client = _load(session, actor, referral_id)
        return to_row(session, referral, utcnow())


def list_referrals(session: Session, *, actor: Actor, client_id: int) -> list[ReferralRow]:
    """The referrals of one case, newest first."""
    with session.begin():
        load_client(session, actor, client_id, Permission.MANAGE_REFERRALS)
        stmt = (
            select(Referral)
            .where(Referral.client_id == client_id)
            .order_by(Referral.created_at.desc(), Referral.id.desc())
        )
        now = utcnow()
        return [to_row(session, r, now) for r in session.execute(stmt).scalars()]


def to_row(session: Session, referral: Referral, now: dt.datetime) -> ReferralRow:
    org = session.get(Organization, referral.organization_id) if referral.organization_id else None
    client = session.get(Client, referral.client_id)
    org_name = organization_display_name(org.name, org.city) if org else ""
    return referral_row(referral, org_name, client.case_number if client else "", now)


def _respond(
    session: Session,
    actor: Actor,
    referral_id: int,
    status: str,
    *,
    provider_note: str | None = None,
    decline: tuple[str, str | None] | None = None,
) -> ReferralRow:
    with session.begin():
        referral, _client = _load(session, actor, referral_id)
        _require_transition(referral, status)
        now = utcnow()
        referral.status = status
        if provider_note:
            referral.provider_note = provider_note.strip()
        if status in ("accepted", "declined"):
            referral.responded_at = now
        if decline is not None:
            referral.decline_reason, referral.decline_note = decline[0], (decline[1] or None)
        if status in ("declined", "completed"):
            referral.closed_at = now
            cancel_tasks(session, source_type="referral", source_id=referral.id)
        referral.updated_by_id = actor.user_id
        details = {"decline_reason": decline[0]} if decline else None
        return _audited_row(session, actor, referral, now, f"referral_{status}", details)


def _load(session: Session, actor: Actor, referral_id: int) -> tuple[Referral, Client]:
    referral = session.get(Referral, referral_id)
    if referral is None:
        raise NotFound("referral", referral_id)
    client = load_client(session, actor, referral.client_id, Permission.MANAGE_REFERRALS)
    return referral, client


def _require_transition(referral: Referral, to_status: str) -> None:
    if not can_transition(referral.status, to_status):
        raise InvalidTransition("referral", referral.status, to_status)


def _check_organization(session: Session, organization_id: int | None) -> None:
    if organization_id is not None and session.get(Organization, organization_id) is None:
        raise ValidationFailed({"organization_id": "unknown_choice"})


def _clean(draft: ReferralDraft) -> ReferralDraft:
    changes: dict[str, Any] = {}
    for name in ("reason_detail", "appointment_location", "notes_to_org"):
        value = getattr(draft, name)
        changes[name] = value.strip() or None if isinstance(value, str) else None
    return replace(draft, **changes)


def _apply(referral: Referral, draft: ReferralDraft) -> None:
    for name in DRAFT_FIELDS:
        setattr(referral, name, getattr(draft, name))


def _sync_task(session: Session, referral: Referral, client: Client, actor: Actor) -> None:
    if referral.follow_up_due is None or referral.status not in ("draft", "sent", "accepted"):
        cancel_tasks(session, source_type="referral", source_id=referral.id)
        return
    schedule_task(
        session,
        kind=TASK_KIND,
        source_type="referral",
        source_id=referral.id,
        due_date=referral.follow_up_due,
        client_id=client.id,
        assignee_id=client.assigned_caseworker_id or actor.user_id,
    )


def _audited_row(
    session: Session,
    actor: Actor,
    referral: Referral,
    now: dt.datetime,
    action: str,
    details: dict[str, Any] | None = None,
    at: dt.datetime | None = None,
) -> ReferralRow:
    """The referral's row, read before its audit event: the chain's lock is then held only for
    the event and the commit."""
    session.flush()
    row = to_row(session, referral, now)
    _audit(session, actor, referral, action, details, at)
    return row


def _audit(
    session: Session,
    actor: Actor,
    referral: Referral,
    action: str,
    details: dict[str, Any] | None = None,
    at: dt.datetime | None = None,
) -> None:
    record_case_event(
        session, actor, action, "referral", referral.id, referral.client_id, details, at=at
    )


__all__ = [
    "ReferralDraft",
    "ReferralRow",
    "accept_referral",
    "complete_referral",
    "create_referral",
    "decline_referral",
    "get_referral",
    "list_referrals",
    "send_referral",
    "update_referral",
    "validate_referral",
    "withdraw_referral",
]
