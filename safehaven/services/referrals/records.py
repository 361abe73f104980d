"""Referral DTOs, their validation (shared by the service and the form) and row building."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import Any

from safehaven.models.referral import (
    REASONS,
    SERVICE_TYPES,
    TIMEFRAMES,
    URGENCIES,
    Referral,
    is_overdue,
)


@dataclass(frozen=True)
class ReferralDraft:
    organization_id: int | None = None
    service_type: str = ""
    reason: str = "additional_services"
    reason_detail: str | None = None
    urgency: str = "medium"
    timeframe: str | None = None
    appointment_at: dt.datetime | None = None
    appointment_location: str | None = None
    notes_to_org: str | None = None
    follow_up_due: dt.date | None = None


@dataclass(frozen=True)
class ReferralRow(ReferralDraft):
    id: int = 0
    reference: str = ""
    client_id: int = 0
    case_number: str = ""
    organization_name: str = ""
    status: str = "draft"
    decline_reason: str | None = None
    decline_note: str | None = None
    provider_note: str | None = None
    outcome: str | None = None
    sent_at: dt.datetime | None = None
    responded_at: dt.datetime | None = None
    closed_at: dt.datetime | None = None
    consent_flagged: bool = False
    overridden: bool = False
    letters_printed: int = 0
    created_at: dt.datetime | None = None
    overdue: bool = False


DRAFT_FIELDS = tuple(f.name for f in fields(ReferralDraft))


def validate_referral(draft: ReferralDraft) -> dict[str, str]:
    """Field → error code (service and form)."""
    errors: dict[str, str] = {}
    checks: tuple[tuple[str, Any, tuple[str, ...]], ...] = (
        ("service_type", draft.service_type, SERVICE_TYPES),
        ("reason", draft.reason, REASONS),
        ("urgency", draft.urgency, URGENCIES),
    )
    for name, value, allowed in checks:
        if not value:
            errors[name] = "required"
        elif value not in allowed:
            errors[name] = "unknown_choice"
    if draft.timeframe is not None and draft.timeframe not in TIMEFRAMES:
        errors["timeframe"] = "unknown_choice"
    if draft.reason == "other" and not (draft.reason_detail or "").strip():
        errors["reason_detail"] = "required"
    for name, limit in (("appointment_location", 300), ("notes_to_org", 4000)):
        value = getattr(draft, name)
        if value and len(value) > limit:
            errors[name] = "too_long"
    return errors


def referral_row(
    referral: Referral, org_name: str, case_number: str, now: dt.datetime
) -> ReferralRow:
    draft_values = {n: getattr(referral, n) for n in DRAFT_FIELDS}
    return ReferralRow(
        **draft_values,
        id=referral.id,
        reference=referral.reference,
        client_id=referral.client_id,
        case_number=case_number,
        organization_name=org_name,
        status=referral.status,
        decline_reason=referral.decline_reason,
        decline_note=referral.decline_note,
        provider_note=referral.provider_note,
        outcome=referral.outcome,
        sent_at=referral.sent_at,
        responded_at=referral.responded_at,
        closed_at=referral.closed_at,
        consent_flagged=referral.consent_flagged_at is not None,
        overridden=referral.override_at is not None,
        letters_printed=referral.letters_printed or 0,
        created_at=referral.created_at,
        overdue=is_overdue(
            referral.status,
            referral.follow_up_due,
            referral.sent_at,
            referral.timeframe,
            now=now,
        ),
    )
