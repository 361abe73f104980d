"""The reunification record and post-reunification follow-up visits.

Recording a reunification (only for an approved "reunify" recommendation) schedules one follow-up
visit per day offset of the setting ``reunification_followup_days`` (default 14, 30, 91, 182, 365
days: 2 weeks, 1, 3, 6, 12 months), each with a task (kind ``reunification_follow_up``, source
``reunification_follow_up`` + visit id). Moving the reunification date moves the visits that are
not done yet and their tasks. A visit that raises a re-trafficking concern reopens a closed case.

Audit actions: reunification_recorded, reunification_updated, reunification_follow_up_recorded
(details: follow_up_id, retrafficking_concern), case_reopened (details: reason code).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from safehaven.models.base import utcnow
from safehaven.models.client import Client
from safehaven.models.permissions import Permission
from safehaven.models.reunification import (
    NOT_VERIFIED_REASONS,
    REUNIFICATION_TYPES,
    WELLBEING,
    ReunificationAssessment,
    ReunificationFollowUp,
    ReunificationRecord,
)
from safehaven.models.reunification_rules import REUNIFY
from safehaven.services import settings as settings_service
from safehaven.services.access import load_client
from safehaven.services.actor import Actor
from safehaven.services.audit import record_case_event, record_event
from safehaven.services.errors import NotFound, ValidationFailed
from safehaven.services.reunification.family_contacts import clean_text
from safehaven.services.reunification.records import (
    ChecksNotMet,
    FollowUpDraft,
    FollowUpRow,
    ReunificationDraft,
    ReunificationRow,
)
from safehaven.services.tasks import close_task, schedule_task

MANAGE = Permission.MANAGE_REUNIFICATION
TASK_KIND = "reunification_follow_up"
SOURCE = "reunification_follow_up"


def record_reunification(
    session: Session, *, actor: Actor, assessment_id: int, draft: ReunificationDraft
) -> ReunificationRow:
    _check_record(draft)
    with session.begin():
        assessment = session.get(ReunificationAssessment, assessment_id)
        if assessment is None:
            raise NotFound("reunification_assessment", assessment_id)
        client = load_client(session, actor, assessment.client_id, MANAGE)
        if assessment.status != "approved" or assessment.recommendation not in REUNIFY:
            raise ChecksNotMet("record", assessment.id, ("not_approved",))
        if _record_of(session, assessment.id) is not None:
            raise ChecksNotMet("record", assessment.id, ("already_recorded",))
        record = ReunificationRecord(
            client_id=client.id, assessment_id=assessment.id, recorded_by_id=actor.user_id
        )
        _apply(record, draft)
        session.add(record)
        session.flush()
        if draft.follow_up_needed:
            _schedule_visits(session, record, client, actor)
        _audit(session, actor, "reunification_recorded", record.id, client.id)
        return _row(session, record)


def update_reunification(
    session: Session, *, actor: Actor, record_id: int, draft: ReunificationDraft
) -> ReunificationRow:
    """Edit the record; a new date moves the visits not done yet (and their tasks)."""
    _check_record(draft)
    with session.begin():
        record = _load_record(session, record_id)
        client = load_client(session, actor, record.client_id, MANAGE)
        _apply(record, draft)
        if draft.follow_up_needed:
            _schedule_visits(session, record, client, actor)
        _audit(session, actor, "reunification_updated", record.id, client.id)
        return _row(session, record)


def list_reunifications(
    session: Session, *, actor: Actor, client_id: int
) -> list[ReunificationRow]:
    with session.begin():
        load_client(session, actor, client_id, MANAGE)
        stmt = select(ReunificationRecord).where(ReunificationRecord.client_id == client_id)
        return [_row(session, r) for r in session.scalars(stmt.order_by(ReunificationRecord.id))]


def record_follow_up(
    session: Session,
    *,
    actor: Actor,
    record_id: int,
    draft: FollowUpDraft,
    follow_up_id: int | None = None,
) -> ReunificationRow:
    """Record a scheduled visit (`follow_up_id`) or an extra one. A re-trafficking concern
    reopens the case (status active, closure date cleared, audited)."""
    if draft.wellbeing not in (None, *WELLBEING):
        raise ValidationFailed({"wellbeing": "unknown_choice"})
    with session.begin():
        record = _load_record(session, record_id)
        client = load_client(session, actor, record.client_id, MANAGE)
        visit = _visit(session, record, follow_up_id)
        for name in ("visited_on", "wellbeing", "safety_concerns", "school_work_status"):
            setattr(visit, name, clean_text(getattr(draft, name)))
        visit.retrafficking_concern = draft.retrafficking_concern
        visit.action_taken = clean_text(draft.action_taken)
        visit.recorded_by_id = actor.user_id
        session.flush()
        close_task(session, kind=TASK_KIND, source_type=SOURCE, source_id=visit.id, actor=actor)
        details: dict[str, object] = {
            "follow_up_id": visit.id,
            "retrafficking_concern": draft.retrafficking_concern,
        }
        _audit(session, actor, "reunification_follow_up_recorded", record.id, client.id, details)
        reopened = draft.retrafficking_concern and _reopen(session, actor, client)
        return replace(_row(session, record), case_reopened=reopened)


def _reopen(session: Session, actor: Actor, client: Client) -> bool:
    if client.status == "active" and client.closure_date is None:
        return False
    client.status = "active"
    client.closure_date = None
    client.updated_at = utcnow()
    record_event(
        session,
        actor_id=actor.user_id,
        action="case_reopened",
        object_type="client",
        object_id=client.id,
        client_id=client.id,
        details={"reason": "retrafficking_concern"},
    )
    return True


def _schedule_visits(
    session: Session, record: ReunificationRecord, client: Client, actor: Actor
) -> None:
    days = [int(d) for d in settings_service.get_setting(session, "reunification_followup_days")]
    existing = {
        v.due_day: v
        for v in session.scalars(
            select(ReunificationFollowUp).where(ReunificationFollowUp.record_id == record.id)
        )
        if v.due_day is not None
    }
    assignee = client.assigned_caseworker_id or actor.user_id
    for day in sorted({d for d in days if d > 0}):
        visit = existing.get(day)
        if visit is None:
            visit = ReunificationFollowUp(record_id=record.id, client_id=client.id, due_day=day)
            session.add(visit)
        if visit.visited_on is not None:
            continue
        visit.due_date = record.reunified_on + dt.timedelta(days=day)
        session.flush()
        schedule_task(
            session,
            kind=TASK_KIND,
            source_type=SOURCE,
            source_id=visit.id,
            due_date=visit.due_date,
            client_id=client.id,
            assignee_id=assignee,
        )


def _visit(
    session: Session, record: ReunificationRecord, follow_up_id: int | None
) -> ReunificationFollowUp:
    if follow_up_id is None:
        visit = ReunificationFollowUp(record_id=record.id, client_id=record.client_id)
        session.add(visit)
        return visit
    found = session.get(ReunificationFollowUp, follow_up_id)
    if found is None or found.record_id != record.id:
        raise NotFound("reunification_follow_up", follow_up_id)
    return found


def _check_record(draft: ReunificationDraft) -> None:
    errors = validate_record(draft)
    if errors:
        raise ValidationFailed(errors)


def validate_record(draft: ReunificationDraft) -> dict[str, str]:
    """The refused fields of a reunification record (name → code)."""
    errors = {}
    if draft.reunification_type not in REUNIFICATION_TYPES:
        errors["reunification_type"] = "unknown_choice"
    if draft.not_verified_reason not in (None, *NOT_VERIFIED_REASONS):
        errors["not_verified_reason"] = "unknown_choice"
    if not draft.with_verified_adult and draft.not_verified_reason is None:
        errors["not_verified_reason"] = "required"
    return errors


def _apply(record: ReunificationRecord, draft: ReunificationDraft) -> None:
    record.reunified_on = draft.reunified_on
    record.reunification_type = draft.reunification_type
    record.with_verified_adult = draft.with_verified_adult
    record.not_verified_reason = None if draft.with_verified_adult else draft.not_verified_reason
    record.follow_up_needed = draft.follow_up_needed


def _record_of(session: Session, assessment_id: int) -> ReunificationRecord | None:
    stmt = select(ReunificationRecord).where(ReunificationRecord.assessment_id == assessment_id)
    return session.scalars(stmt).first()


def _load_record(session: Session, record_id: int) -> ReunificationRecord:
    record = session.get(ReunificationRecord, record_id)
    if record is None:
        raise NotFound("reunification_record", record_id)
    return record


def _row(session: Session, record: ReunificationRecord) -> ReunificationRow:
    stmt = select(ReunificationFollowUp).where(ReunificationFollowUp.record_id == record.id)
    visits = sorted(
        session.scalars(stmt),
        key=lambda v: (v.due_date or v.visited_on or dt.date.max, v.id),
    )
    return ReunificationRow(
        reunified_on=record.reunified_on,
        reunification_type=record.reunification_type,
        with_verified_adult=record.with_verified_adult,
        not_verified_reason=record.not_verified_reason,
        follow_up_needed=record.follow_up_needed,
        id=record.id,
        client_id=record.client_id,
        assessment_id=record.assessment_id,
        follow_ups=tuple(_follow_up_row(v) for v in visits),
    )


def _follow_up_row(v: ReunificationFollowUp) -> FollowUpRow:
    return FollowUpRow(
        id=v.id,
        record_id=v.record_id,
        client_id=v.client_id,
        due_day=v.due_day,
        due_date=v.due_date,
        visited_on=v.visited_on,
        wellbeing=v.wellbeing,
        safety_concerns=v.safety_concerns,
        school_work_status=v.school_work_status,
        retrafficking_concern=v.retrafficking_concern,
        action_taken=v.action_taken,
    )


def _audit(
    session: Session,
    actor: Actor,
    action: str,
    record_id: int,
    client_id: int,
    details: dict[str, object] | None = None,
) -> None:
    record_case_event(session, actor, action, "reunification_record", record_id, client_id, details)
