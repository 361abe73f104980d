"""Checks of an assessment draft that need no database: field validation (codes, "wishes
first") and the preview of the recommendation rule for a form that is not saved yet."""

from __future__ import annotations

from dataclasses import fields

from safehaven.models.reunification import PREFERRED_ALTERNATIVES
from safehaven.models.reunification_rules import (
    BEST_INTERESTS_OUTCOMES,
    RED_FLAGS,
    RISK_RATINGS,
    TRI,
    WISHES,
    AssessmentState,
    Decision,
    can_recommend,
)
from safehaven.services.reunification.records import AssessmentDraft

_TRI_FIELDS: tuple[str, ...] = (
    "wants_contact",
    "survivor_knows_adult",
    "accounts_match",
    "identity_verified",
    "household_willing",
    "household_able",
    "home_visit_done",
    "survivor_agrees",
)
_WISH_FIELDS: tuple[str, ...] = (
    "wants_contact",
    "wishes_reunify",
    "wishes_asked_on",
    "survivor_concerns",
    "preferred_alternative",
)


def validate_assessment(draft: AssessmentDraft) -> dict[str, str]:
    """Field → error code (also used by the form as you type)."""
    errors: dict[str, str] = {}
    for name in _TRI_FIELDS:
        if getattr(draft, name) not in (None, *TRI):
            errors[name] = "unknown_choice"
    checks = (
        ("wishes_reunify", WISHES),
        ("risk_rating", RISK_RATINGS),
        ("preferred_alternative", PREFERRED_ALTERNATIVES),
        ("best_interests_outcome", BEST_INTERESTS_OUTCOMES),
    )
    for name, allowed in checks:
        if getattr(draft, name) not in (None, *allowed):
            errors[name] = "unknown_choice"
    for code, flag in draft.red_flags.items():
        if code not in RED_FLAGS or flag.raised not in (None, *TRI):
            errors[f"red_flag.{code}"] = "unknown_choice"
    if draft.household_size is not None and not 1 <= draft.household_size <= 99:
        errors["household_size"] = "out_of_range"
    if later_items_set(draft) and (draft.wants_contact is None or draft.wishes_reunify is None):
        errors["wishes_reunify"] = "wishes_first"
    return errors


def preview_recommendation(draft: AssessmentDraft, is_minor: bool | None) -> Decision:
    """What `can_recommend` would say about a draft not saved yet (no database; for forms)."""
    state = AssessmentState(
        red_flags=dict(draft.red_flags),
        home_visit_date_set=draft.home_visit_date is not None,
        is_minor=is_minor,
        **{
            name: getattr(draft, name)
            for name in AssessmentState.__dataclass_fields__
            if hasattr(draft, name) and name not in ("red_flags", "is_minor")
        },
    )
    return can_recommend(state)


def later_items_set(draft: AssessmentDraft) -> bool:
    for f in fields(AssessmentDraft):
        if f.name in _WISH_FIELDS or f.name.startswith("best_interests"):
            continue
        value = getattr(draft, f.name)
        if f.name == "red_flags":
            if any(flag.raised is not None or flag.mitigation for flag in value.values()):
                return True
        elif value not in (None, ""):
            return True
    return False
