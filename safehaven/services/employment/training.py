"""A client's training enrollments (pre-placement training and credentials attained).

Audit actions (client_id set): training_enrolled, training_enrollment_updated.
"""

from __future__ import annotations

from dataclasses import fields

from sqlalchemy import select
from sqlalchemy.orm import Session

from safehaven.models.employment import TrainingEnrollment, TrainingProgram
from safehaven.models.employment_rules import ENROLLMENT_STATUSES
from safehaven.models.permissions import Permission
from safehaven.services.access import load_client
from safehaven.services.actor import Actor
from safehaven.services.audit import record_event
from safehaven.services.employment.records import EnrollmentDraft, EnrollmentRow
from safehaven.services.errors import NotFound, ValidationFailed

MANAGE = Permission.MANAGE_EMPLOYMENT


def list_enrollments(session: Session, *, actor: Actor, client_id: int) -> list[EnrollmentRow]:
    with session.begin():
        load_client(session, actor, client_id, MANAGE)
        stmt = (
            select(TrainingEnrollment, TrainingProgram.name)
            .join(TrainingProgram, TrainingProgram.id == TrainingEnrollment.program_id)
            .where(TrainingEnrollment.client_id == client_id)
            .order_by(TrainingEnrollment.id)
        )
        return [_row(e, name) for e, name in session.execute(stmt)]


def save_enrollment(
    session: Session,
    *,
    actor: Actor,
    client_id: int,
    draft: EnrollmentDraft,
    enrollment_id: int | None = None,
) -> EnrollmentRow:
    errors = _validate(draft)
    if errors:
        raise ValidationFailed(errors)
    with session.begin():
        load_client(session, actor, client_id, MANAGE)
        program = session.get(TrainingProgram, draft.program_id)
        if program is None:
            raise ValidationFailed({"program_id": "unknown_choice"})
        if enrollment_id is None:
            enrollment = TrainingEnrollment(client_id=client_id)
        else:
            found = session.get(TrainingEnrollment, enrollment_id)
            if found is None or found.client_id != client_id:
                raise NotFound("training_enrollment", enrollment_id)
            enrollment = found
        for f in fields(EnrollmentDraft):
            setattr(enrollment, f.name, getattr(draft, f.name))
        session.add(enrollment)
        session.flush()
        action = "training_enrolled" if enrollment_id is None else "training_enrollment_updated"
        record_event(
            session,
            actor_id=actor.user_id,
            action=action,
            object_type="training_enrollment",
            object_id=enrollment.id,
            client_id=client_id,
            details={"program_id": program.id, "status": draft.status},
        )
        return _row(enrollment, program.name)


def _validate(draft: EnrollmentDraft) -> dict[str, str]:
    errors: dict[str, str] = {}
    if draft.status not in ENROLLMENT_STATUSES:
        errors["status"] = "unknown_choice"
    if draft.start_date and draft.end_date and draft.end_date < draft.start_date:
        errors["end_date"] = "before_start"
    if draft.credential_attained and draft.credential_date is None:
        errors["credential_date"] = "required"
    return errors


def _row(e: TrainingEnrollment, program_name: str) -> EnrollmentRow:
    values = {f.name: getattr(e, f.name) for f in fields(EnrollmentDraft)}
    return EnrollmentRow(**values, id=e.id, client_id=e.client_id, program_name=program_name)
