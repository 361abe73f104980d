"""Employers and training programs (the organisation-wide lists, not client data).

Managing needs MANAGE_EMPLOYERS; staff who manage placements (MANAGE_EMPLOYMENT) may list them.
Vetting records the date and who vetted. Audit actions (no client_id): employer_added,
employer_updated, training_program_added, training_program_updated (details: field names).
"""

from __future__ import annotations

from dataclasses import fields

from sqlalchemy import select
from sqlalchemy.orm import Session

from safehaven.models.employment import Employer, TrainingProgram
from safehaven.models.employment_rules import SECTORS
from safehaven.models.permissions import Permission
from safehaven.services.access import require
from safehaven.services.actor import Actor
from safehaven.services.audit import record_event
from safehaven.services.employment.records import (
    EmployerDraft,
    EmployerRow,
    TrainingProgramDraft,
    TrainingProgramRow,
)
from safehaven.services.errors import NotFound, PermissionDenied, ValidationFailed
from safehaven.services.reunification.family_contacts import clean_text


def _require_list(actor: Actor) -> None:
    if not (actor.can(Permission.MANAGE_EMPLOYERS) or actor.can(Permission.MANAGE_EMPLOYMENT)):
        raise PermissionDenied(Permission.MANAGE_EMPLOYERS.value, actor.user_id)


def list_employers(
    session: Session, *, actor: Actor, include_inactive: bool = False
) -> list[EmployerRow]:
    _require_list(actor)
    with session.begin():
        stmt = select(Employer).order_by(Employer.name, Employer.id)
        if not include_inactive:
            stmt = stmt.where(Employer.active.is_(True))
        return [employer_row(e) for e in session.scalars(stmt)]


def save_employer(
    session: Session, *, actor: Actor, draft: EmployerDraft, employer_id: int | None = None
) -> EmployerRow:
    """Add (`employer_id` None) or edit an employer. Marking vetted records who and when."""
    require(actor, Permission.MANAGE_EMPLOYERS)
    errors = validate_employer(draft)
    if errors:
        raise ValidationFailed(errors)
    with session.begin():
        employer = Employer() if employer_id is None else session.get(Employer, employer_id)
        if employer is None:
            raise NotFound("employer", employer_id or 0)
        was_vetted = bool(employer.vetted) if employer_id is not None else False
        changed = _apply(employer, draft)
        if draft.vetted and (not was_vetted or "vetted_on" in changed):
            employer.vetted_by_id = actor.user_id
        if not draft.vetted:
            employer.vetted_on, employer.vetted_by_id = None, None
        session.add(employer)
        session.flush()
        action = "employer_added" if employer_id is None else "employer_updated"
        if changed or employer_id is None:
            record_event(
                session,
                actor_id=actor.user_id,
                action=action,
                object_type="employer",
                object_id=employer.id,
                details={"fields": changed},
            )
        return employer_row(employer)


def validate_employer(draft: EmployerDraft) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not draft.name.strip():
        errors["name"] = "required"
    elif len(draft.name) > 200:
        errors["name"] = "too_long"
    if draft.sector is not None and draft.sector not in SECTORS:
        errors["sector"] = "unknown_choice"
    if draft.vetted and draft.vetted_on is None:
        errors["vetted_on"] = "required"
    if draft.email and "@" not in draft.email:
        errors["email"] = "invalid"
    return errors


def validate_program(draft: TrainingProgramDraft) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not draft.name.strip():
        errors["name"] = "required"
    if draft.sector is not None and draft.sector not in SECTORS:
        errors["sector"] = "unknown_choice"
    if draft.duration_weeks is not None and not 0 < draft.duration_weeks <= 520:
        errors["duration_weeks"] = "out_of_range"
    return errors


def employer_row(e: Employer) -> EmployerRow:
    values = {f.name: getattr(e, f.name) for f in fields(EmployerDraft)}
    return EmployerRow(**values, id=e.id, vetted_by_id=e.vetted_by_id)


def list_training_programs(
    session: Session, *, actor: Actor, include_inactive: bool = False
) -> list[TrainingProgramRow]:
    _require_list(actor)
    with session.begin():
        stmt = select(TrainingProgram).order_by(TrainingProgram.name, TrainingProgram.id)
        if not include_inactive:
            stmt = stmt.where(TrainingProgram.active.is_(True))
        return [program_row(p) for p in session.scalars(stmt)]


def save_training_program(
    session: Session,
    *,
    actor: Actor,
    draft: TrainingProgramDraft,
    program_id: int | None = None,
) -> TrainingProgramRow:
    require(actor, Permission.MANAGE_EMPLOYERS)
    errors = validate_program(draft)
    if errors:
        raise ValidationFailed(errors)
    with session.begin():
        program = (
            TrainingProgram() if program_id is None else session.get(TrainingProgram, program_id)
        )
        if program is None:
            raise NotFound("training_program", program_id or 0)
        changed = _apply(program, draft)
        session.add(program)
        session.flush()
        action = "training_program_added" if program_id is None else "training_program_updated"
        record_event(
            session,
            actor_id=actor.user_id,
            action=action,
            object_type="training_program",
            object_id=program.id,
            details={"fields": changed},
        )
        return program_row(program)


def program_row(p: TrainingProgram) -> TrainingProgramRow:
    values = {f.name: getattr(p, f.name) for f in fields(TrainingProgramDraft)}
    return TrainingProgramRow(**values, id=p.id)


def _apply(
    target: Employer | TrainingProgram, draft: EmployerDraft | TrainingProgramDraft
) -> list[str]:
    changed = []
    for f in fields(draft):
        value = clean_text(getattr(draft, f.name))
        if f.name == "name":
            value = value or ""
        if getattr(target, f.name) != value:
            setattr(target, f.name, value)
            changed.append(f.name)
    return sorted(changed)
