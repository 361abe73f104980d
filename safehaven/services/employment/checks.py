"""Validation of employment drafts (field → error code; used by services and forms as you type)
and the money conversion (Decimal ↔ integer cents)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from safehaven.models.employment_rules import (
    BASELINE_TYPES,
    CONTACT_METHODS,
    EMPLOYED_ANSWERS,
    EMPLOYMENT_TYPES,
    NOT_EMPLOYED_REASONS,
    PAY_FREQUENCIES,
    PLACEMENT_SOURCES,
    RETENTION_ISSUES,
    RETENTION_STATUSES,
    SECTORS,
    SEPARATION_REASONS,
    SUPPORTS,
    WORK_AUTHORIZATION,
)
from safehaven.services.employment.records import BaselineDraft, PlacementDraft, RetentionCheckDraft

MAX_WAGE = Decimal("1000000")


def to_cents(value: Decimal | None) -> int | None:
    if value is None:
        return None
    return int((Decimal(value) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def from_cents(cents: int | None) -> Decimal | None:
    return None if cents is None else (Decimal(cents) / 100).quantize(Decimal("0.01"))


def _choices(draft: object, checks: tuple[tuple[str, tuple[str, ...]], ...]) -> dict[str, str]:
    return {
        name: "unknown_choice"
        for name, allowed in checks
        if getattr(draft, name) is not None and getattr(draft, name) not in allowed
    }


def validate_baseline(draft: BaselineDraft) -> dict[str, str]:
    return _choices(
        draft,
        (
            ("employed", EMPLOYED_ANSWERS),
            ("employment_type", BASELINE_TYPES),
            ("not_employed_reason", NOT_EMPLOYED_REASONS),
            ("work_authorization", WORK_AUTHORIZATION),
            ("exploitation_sector", SECTORS),
        ),
    )


def validate_placement(draft: PlacementDraft) -> dict[str, str]:
    errors = _choices(
        draft,
        (
            ("sector", SECTORS),
            ("employment_type", EMPLOYMENT_TYPES),
            ("placement_source", PLACEMENT_SOURCES),
            ("pay_frequency", PAY_FREQUENCIES),
            ("separation_reason", SEPARATION_REASONS),
        ),
    )
    if not draft.job_title.strip():
        errors["job_title"] = "required"
    elif len(draft.job_title) > 200:
        errors["job_title"] = "too_long"
    if draft.start_date is None:
        errors["start_date"] = "required"
    if draft.hours_per_week is not None and not 0 < draft.hours_per_week <= 100:
        errors["hours_per_week"] = "out_of_range"
    if draft.wage is not None and not Decimal(0) <= draft.wage < MAX_WAGE:
        errors["wage"] = "out_of_range"
    if any(s not in SUPPORTS for s in draft.supports):
        errors["supports"] = "unknown_choice"
    if draft.separation_date is not None:
        if draft.start_date is not None and draft.separation_date < draft.start_date:
            errors["separation_date"] = "before_start"
        if draft.separation_reason is None:
            errors["separation_reason"] = "required"
    elif draft.separation_reason is not None:
        errors["separation_date"] = "required"
    return errors


def validate_retention(draft: RetentionCheckDraft) -> dict[str, str]:
    errors = _choices(draft, (("status", RETENTION_STATUSES), ("contact_method", CONTACT_METHODS)))
    if draft.attempted_on is None:
        errors["attempted_on"] = "required"
    if draft.reached and draft.status is None:
        errors["status"] = "required"
    if draft.hours_per_week is not None and not 0 <= draft.hours_per_week <= 100:
        errors["hours_per_week"] = "out_of_range"
    if draft.wage is not None and not Decimal(0) <= draft.wage < MAX_WAGE:
        errors["wage"] = "out_of_range"
    if any(i not in RETENTION_ISSUES for i in draft.issues):
        errors["issues"] = "unknown_choice"
    return errors
