"""Family contacts and reunification assessments: CRUD, submit, approve, return, refusal.

The safety rules live in `safehaven.models.reunification_rules`; this module enforces them for
every caller (the UI only mirrors them). Family contact details are restricted like the legal
name. Audit events carry ids, codes and field names only. Actions (``action`` codes):
family_contact_added, family_contact_updated, reunification_assessment_started,
reunification_assessment_saved, reunification_assessment_submitted,
reunification_assessment_approved, reunification_assessment_returned,
reunification_assessment_closed_refused.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import fields

from sqlalchemy import select
from sqlalchemy.orm import Session

from safehaven.models.base import utcnow
from safehaven.models.client import Client, age_on
from safehaven.models.permissions import Permission
from safehaven.models.reunification import (
    ReunificationAssessment,
    ReunificationRecord,
    ReunificationRedFlag,
)
from safehaven.models.reunification_rules import (
    EDITABLE_STATUSES,
    RED_FLAGS,
    REUNIFY,
    AssessmentState,
    Decision,
    RedFlag,
    can_approve,
    can_recommend,
    can_submit,
    can_transition,
)
from safehaven.services.access import load_client
from safehaven.services.actor import Actor
from safehaven.services.audit import record_case_event
from safehaven.services.cases.restricted import read_client_field
from safehaven.services.errors import InvalidTransition, NotFound, ValidationFailed
from safehaven.services.reunification.checks import (
    validate_assessment,
)
from safehaven.services.reunification.family_contacts import clean_text, load_contact
from safehaven.services.reunification.records import (
    AssessmentDraft,
    AssessmentRow,
    ChecksNotMet,
)

MANAGE = Permission.MANAGE_REUNIFICATION
# ---- assessments -----------------------------------------------------------------------------


def list_assessments(session: Session, *, actor: Actor, client_id: int) -> list[AssessmentRow]:
    with session.begin():
        client = load_client(session, actor, client_id, MANAGE)
        stmt = select(ReunificationAssessment).where(ReunificationAssessment.client_id == client_id)
        rows = session.scalars(stmt.order_by(ReunificationAssessment.id))
        return [assessment_row(session, a, client) for a in rows]


def get_assessment(session: Session, *, actor: Actor, assessment_id: int) -> AssessmentRow:
    with session.begin():
        assessment, client = _load(session, actor, assessment_id)
        return assessment_row(session, assessment, client)


def start_assessment(session: Session, *, actor: Actor, family_contact_id: int) -> AssessmentRow:
    with session.begin():
        contact = load_contact(session, family_contact_id)
        client = load_client(session, actor, contact.client_id, MANAGE)
        assessment = ReunificationAssessment(
            client_id=client.id, family_contact_id=contact.id, assessor_id=actor.user_id
        )
        session.add(assessment)
        session.flush()
        record_case_event(
            session,
            actor,
            "reunification_assessment_started",
            "reunification_assessment",
            assessment.id,
            client.id,
            {"family_contact_id": contact.id},
        )
        return assessment_row(session, assessment, client)


def save_assessment(
    session: Session, *, actor: Actor, assessment_id: int, draft: AssessmentDraft
) -> AssessmentRow:
    """Save check items. Later items cannot be recorded before the survivor's wishes; a
    refusal (wishes_reunify = no) closes the assessment at once."""
    errors = validate_assessment(draft)
    if errors:
        raise ValidationFailed(errors)
    with session.begin():
        assessment, client = _load(session, actor, assessment_id)
        if assessment.status not in EDITABLE_STATUSES:
            raise InvalidTransition("reunification_assessment", assessment.status, "draft")
        changed = _apply_assessment(session, assessment, draft)
        if changed:
            assessment.updated_at = utcnow()
            record_case_event(
                session,
                actor,
                "reunification_assessment_saved",
                "reunification_assessment",
                assessment.id,
                client.id,
                {"fields": changed},
            )
        if draft.wishes_reunify == "no":
            _close_refused(session, actor, assessment)
        return assessment_row(session, assessment, client)


def check_recommendation(session: Session, *, actor: Actor, assessment_id: int) -> Decision:
    """Would "recommend reunification" be accepted now? (read only)"""
    return get_assessment(session, actor=actor, assessment_id=assessment_id).recommend_check


def submit_assessment(
    session: Session,
    *,
    actor: Actor,
    assessment_id: int,
    recommendation: str,
    conditions_support: str | None = None,
) -> AssessmentRow:
    """Submit a recommendation for supervisor approval. Raises ChecksNotMet with every reason."""
    with session.begin():
        assessment, client = _load(session, actor, assessment_id)
        state = _state(session, assessment, client)
        decision = can_submit(state, assessment.status, recommendation)
        if not decision.ok:
            raise ChecksNotMet("submit", assessment.id, decision.reasons)
        assessment.status = "submitted"
        assessment.recommendation = recommendation
        assessment.conditions_support = clean_text(conditions_support)
        assessment.submitted_by_id = actor.user_id
        assessment.submitted_at = utcnow()
        record_case_event(
            session,
            actor,
            "reunification_assessment_submitted",
            "reunification_assessment",
            assessment.id,
            client.id,
            {"recommendation": recommendation},
        )
        return assessment_row(session, assessment, client)


def approve_assessment(
    session: Session, *, actor: Actor, assessment_id: int, comments: str | None = None
) -> AssessmentRow:
    """Supervisor approval; never by the assessor, whatever the caller's roles."""
    return _decide(session, actor, assessment_id, comments, "approved")


def return_assessment(
    session: Session, *, actor: Actor, assessment_id: int, comments: str | None = None
) -> AssessmentRow:
    """Send back to the assessor for more work (same rule as approval)."""
    return _decide(session, actor, assessment_id, comments, "returned")


def record_refusal(session: Session, *, actor: Actor, assessment_id: int) -> AssessmentRow:
    """The survivor does not wish to be reunified: ends the assessment from any open state."""
    with session.begin():
        assessment, client = _load(session, actor, assessment_id)
        if _has_record(session, assessment.id) or not can_transition(
            assessment.status, "closed_refused"
        ):
            raise InvalidTransition("reunification_assessment", assessment.status, "closed_refused")
        assessment.wishes_reunify = "no"
        _close_refused(session, actor, assessment)
        return assessment_row(session, assessment, client)


def _decide(
    session: Session, actor: Actor, assessment_id: int, comments: str | None, to: str
) -> AssessmentRow:
    with session.begin():
        assessment = session.get(ReunificationAssessment, assessment_id)
        if assessment is None:
            raise NotFound("reunification_assessment", assessment_id)
        client = load_client(session, actor, assessment.client_id, Permission.APPROVE_REUNIFICATION)
        decision = can_approve(
            status=assessment.status,
            assessor_ids=(assessment.assessor_id, assessment.submitted_by_id),
            approver_id=actor.user_id,
            approver_is_supervisor=actor.can(Permission.APPROVE_REUNIFICATION),
        )
        if to == "approved" and decision.ok and assessment.recommendation in REUNIFY:
            decision = can_recommend(_state(session, assessment, client))
        if not decision.ok:
            raise ChecksNotMet(
                "approve" if to == "approved" else "return", assessment.id, decision.reasons
            )
        assessment.status = to
        assessment.approved_by_id = actor.user_id
        assessment.approved_at = utcnow()
        assessment.approval_comments = clean_text(comments)
        record_case_event(
            session,
            actor,
            f"reunification_assessment_{to}",
            "reunification_assessment",
            assessment.id,
            client.id,
            {"recommendation": assessment.recommendation},
        )
        return assessment_row(session, assessment, client)


def _close_refused(session: Session, actor: Actor, assessment: ReunificationAssessment) -> None:
    assessment.status = "closed_refused"
    assessment.closed_at = utcnow()
    record_case_event(
        session,
        actor,
        "reunification_assessment_closed_refused",
        "reunification_assessment",
        assessment.id,
        assessment.client_id,
    )


# ---- helpers ---------------------------------------------------------------------------------


def assessment_row(
    session: Session, assessment: ReunificationAssessment, client: Client
) -> AssessmentRow:
    flags = _flags(session, assessment.id)
    minor = is_minor(session, client)
    values = {
        f.name: getattr(assessment, f.name)
        for f in fields(AssessmentDraft)
        if f.name != "red_flags"
    }
    extra = {
        f.name: getattr(assessment, f.name)
        for f in fields(AssessmentRow)
        if f.name not in values and hasattr(assessment, f.name) and f.name != "red_flags"
    }
    return AssessmentRow(
        **values,
        **extra,
        red_flags={f.code: RedFlag(f.raised, f.mitigation) for f in flags},
        is_minor=minor,
        recommend_check=can_recommend(assessment.to_state(flags, minor)),
        has_record=_has_record(session, assessment.id),
    )


def is_minor(session: Session, client: Client, today: dt.date | None = None) -> bool | None:
    """From the date of birth where this session reads it, else from the age at intake plus
    the whole years since (which may call a 17-year-old of 18 a minor for up to a year)."""
    today = today or dt.date.today()
    dob = read_client_field(session, client, "date_of_birth")
    if isinstance(dob, dt.date):
        age = age_on(dob, client.estimated_age, today)
    elif client.age_at_intake is not None:
        age = client.age_at_intake + (age_on(client.intake_date, None, today) or 0)
    else:
        age = client.estimated_age
    return None if age is None else age < 18


def _state(
    session: Session, assessment: ReunificationAssessment, client: Client
) -> AssessmentState:
    return assessment.to_state(_flags(session, assessment.id), is_minor(session, client))


def _flags(session: Session, assessment_id: int) -> list[ReunificationRedFlag]:
    stmt = select(ReunificationRedFlag).where(ReunificationRedFlag.assessment_id == assessment_id)
    return list(session.scalars(stmt))


def _has_record(session: Session, assessment_id: int) -> bool:
    stmt = select(ReunificationRecord.id).where(ReunificationRecord.assessment_id == assessment_id)
    return session.execute(stmt).first() is not None


def _apply_assessment(
    session: Session, assessment: ReunificationAssessment, draft: AssessmentDraft
) -> list[str]:
    changed = []
    for f in fields(AssessmentDraft):
        if f.name == "red_flags":
            continue
        value = clean_text(getattr(draft, f.name))
        if getattr(assessment, f.name) != value:
            setattr(assessment, f.name, value)
            changed.append(f.name)
    existing = {f.code: f for f in _flags(session, assessment.id)}
    for code in RED_FLAGS:
        want = draft.red_flags.get(code, RedFlag())
        mitigation = clean_text(want.mitigation)
        row = existing.get(code)
        if row is None:
            row = ReunificationRedFlag(assessment_id=assessment.id, code=code)
            session.add(row)
        if (row.raised, row.mitigation) != (want.raised, mitigation):
            row.raised, row.mitigation = want.raised, mitigation
            changed.append(f"red_flag.{code}")
    session.flush()
    return sorted(changed)


def _load(
    session: Session, actor: Actor, assessment_id: int
) -> tuple[ReunificationAssessment, Client]:
    assessment = session.get(ReunificationAssessment, assessment_id)
    if assessment is None:
        raise NotFound("reunification_assessment", assessment_id)
    return assessment, load_client(session, actor, assessment.client_id, MANAGE)
