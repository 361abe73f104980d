"""What the reunification services take and return: drafts, rows and the typed refusal."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from safehaven.models.reunification_rules import Decision, RedFlag
from safehaven.services.errors import DomainError


class ChecksNotMet(DomainError):
    """`action` (submit | approve | return | record) refused; `reasons` are rule codes from
    `safehaven.models.reunification_rules.REASON_CODES` (``code`` or ``code:item``)."""

    def __init__(self, action: str, object_id: int, reasons: tuple[str, ...]) -> None:
        super().__init__(action, object_id, reasons)
        self.action = action
        self.object_id = object_id
        self.reasons = reasons


@dataclass(frozen=True)
class FamilyContactDraft:
    relationship: str = "other"
    survivor_choice_rank: int | None = None
    name: str | None = None  # restricted
    location: str | None = None  # restricted
    address: str | None = None  # restricted
    phone: str | None = None  # restricted
    contact_notes: str | None = None  # restricted


@dataclass(frozen=True)
class FamilyContactRow(FamilyContactDraft):
    id: int = 0
    client_id: int = 0
    details_visible: bool = False  # False: the restricted fields were withheld (all None)


@dataclass(frozen=True)
class AssessmentDraft:
    """Editable check items, in the order of the form (A wishes first)."""

    wants_contact: str | None = None
    wishes_reunify: str | None = None
    wishes_asked_on: dt.date | None = None
    survivor_concerns: str | None = None
    preferred_alternative: str | None = None
    best_interests_done: bool = False
    best_interests_date: dt.date | None = None
    best_interests_outcome: str | None = None
    survivor_knows_adult: str | None = None
    accounts_match: str | None = None
    identity_verified: str | None = None
    documents_checked: str | None = None
    corroborated_by: str | None = None
    corroborated_on: dt.date | None = None
    red_flags: dict[str, RedFlag] = field(default_factory=dict)
    household_willing: str | None = None
    household_able: str | None = None
    acceptance_date: dt.date | None = None
    household_size: int | None = None
    household_notes: str | None = None
    home_visit_done: str | None = None
    home_visit_date: dt.date | None = None
    home_visit_by: str | None = None
    home_visit_observations: str | None = None
    risk_rating: str | None = None
    risk_rationale: str | None = None
    conditions_support: str | None = None
    survivor_agrees: str | None = None


@dataclass(frozen=True)
class AssessmentRow(AssessmentDraft):
    id: int = 0
    client_id: int = 0
    family_contact_id: int = 0
    status: str = "draft"
    assessor_id: int = 0
    recommendation: str | None = None
    submitted_by_id: int | None = None
    submitted_at: dt.datetime | None = None
    approved_by_id: int | None = None
    approved_at: dt.datetime | None = None
    approval_comments: str | None = None
    is_minor: bool | None = None
    recommend_check: Decision = field(default_factory=lambda: Decision(False))
    has_record: bool = False


@dataclass(frozen=True)
class ReunificationDraft:
    reunified_on: dt.date
    reunification_type: str = "case_by_case"
    with_verified_adult: bool = True
    not_verified_reason: str | None = None
    follow_up_needed: bool = True


@dataclass(frozen=True)
class FollowUpDraft:
    visited_on: dt.date
    wellbeing: str | None = None
    safety_concerns: str | None = None
    school_work_status: str | None = None
    retrafficking_concern: bool = False
    action_taken: str | None = None


@dataclass(frozen=True)
class FollowUpRow:
    id: int
    record_id: int
    client_id: int
    due_day: int | None
    due_date: dt.date | None
    visited_on: dt.date | None
    wellbeing: str | None
    safety_concerns: str | None
    school_work_status: str | None
    retrafficking_concern: bool
    action_taken: str | None


@dataclass(frozen=True)
class ReunificationRow(ReunificationDraft):
    id: int = 0
    client_id: int = 0
    assessment_id: int = 0
    follow_ups: tuple[FollowUpRow, ...] = ()
    case_reopened: bool = False  # set on the row returned by a follow-up that reopened the case
