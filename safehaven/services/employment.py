"""A client's employment: baseline, placements (with the same-sector warning), retention checks.

Saving a placement returns its row with `warnings` (a `SameSectorWarning` when the job is in the
sector of the survivor's exploitation, taken from the baseline's `exploitation_sector`); the
placement is saved all the same — the warning is for the caseworker and the survivor to weigh.
Retention checks: one per day offset of the setting ``retention_check_days`` (default 30, 90,
180, 365) after the start date, each with a task (kind ``retention_check``, source
``retention_check`` + check id); a new start date moves the checks not yet recorded and their
tasks. Audit actions (client_id set): employment_baseline_saved, placement_added,
placement_updated, placement_separated, retention_check_recorded (ids and field names only).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import fields, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from safehaven.models.base import utcnow
from safehaven.models.client import Client
from safehaven.models.employment import Employer, EmploymentBaseline, Placement, RetentionCheck
from safehaven.models.employment_rules import due_dates, same_sector, sector_warning
from safehaven.models.permissions import Permission
from safehaven.models.task import Task
from safehaven.services import settings as settings_service
from safehaven.services.access import load_client
from safehaven.services.actor import Actor
from safehaven.services.audit import record_event
from safehaven.services.employment_checks import (
    from_cents,
    to_cents,
    validate_baseline,
    validate_placement,
    validate_retention,
)
from safehaven.services.employment_types import (
    BaselineDraft,
    BaselineRow,
    PlacementDraft,
    PlacementRow,
    RetentionCheckDraft,
    RetentionCheckRow,
)
from safehaven.services.errors import NotFound, ValidationFailed
from safehaven.services.family_contacts import clean_text
from safehaven.services.tasks import schedule_task

MANAGE = Permission.MANAGE_EMPLOYMENT
TASK_KIND = "retention_check"
SOURCE = "retention_check"


# ---- baseline --------------------------------------------------------------------------------


def get_baseline(session: Session, *, actor: Actor, client_id: int) -> BaselineRow | None:
    with session.begin():
        load_client(session, actor, client_id, MANAGE)
        baseline = _baseline(session, client_id)
        return None if baseline is None else _baseline_row(baseline)


def save_baseline(
    session: Session, *, actor: Actor, client_id: int, draft: BaselineDraft
) -> BaselineRow:
    """Create or update; a changed exploitation sector re-checks the client's placements."""
    errors = validate_baseline(draft)
    if errors:
        raise ValidationFailed(errors)
    with session.begin():
        load_client(session, actor, client_id, MANAGE)
        baseline = _baseline(session, client_id) or EmploymentBaseline(client_id=client_id)
        changed = []
        for f in fields(BaselineDraft):
            value = clean_text(getattr(draft, f.name))
            if getattr(baseline, f.name) != value:
                setattr(baseline, f.name, value)
                changed.append(f.name)
        session.add(baseline)
        session.flush()
        if "exploitation_sector" in changed:
            for placement in _placements(session, client_id):
                placement.same_sector_as_exploitation = same_sector(
                    placement.sector, baseline.exploitation_sector
                )
        _audit(
            session,
            actor,
            "employment_baseline_saved",
            "employment_baseline",
            baseline.id,
            client_id,
            {"fields": sorted(changed)},
        )
        return _baseline_row(baseline)


# ---- placements ------------------------------------------------------------------------------


def list_placements(session: Session, *, actor: Actor, client_id: int) -> list[PlacementRow]:
    with session.begin():
        load_client(session, actor, client_id, MANAGE)
        sector = _exploitation_sector(session, client_id)
        return [_placement_row(session, p, sector) for p in _placements(session, client_id)]


def add_placement(
    session: Session, *, actor: Actor, client_id: int, draft: PlacementDraft
) -> PlacementRow:
    return _save_placement(session, actor, draft, client_id=client_id)


def update_placement(
    session: Session, *, actor: Actor, placement_id: int, draft: PlacementDraft
) -> PlacementRow:
    return _save_placement(session, actor, draft, placement_id=placement_id)


def separate_placement(
    session: Session,
    *,
    actor: Actor,
    placement_id: int,
    separation_date: dt.date,
    reason: str,
    referred_back: bool | None = None,
) -> PlacementRow:
    """End a placement (date, reason). Retention checks stay: they measure retention."""
    with session.begin():
        placement = _load_placement(session, actor, placement_id)
        draft = replace(
            _draft_of(placement),
            separation_date=separation_date,
            separation_reason=reason,
            referred_back=referred_back,
        )
        errors = validate_placement(draft)
        if errors:
            raise ValidationFailed(errors)
        placement.separation_date = separation_date
        placement.separation_reason = reason
        placement.referred_back = referred_back
        _audit(
            session,
            actor,
            "placement_separated",
            "placement",
            placement.id,
            placement.client_id,
            {"reason": reason},
        )
        sector = _exploitation_sector(session, placement.client_id)
        return _placement_row(session, placement, sector)


def _save_placement(
    session: Session,
    actor: Actor,
    draft: PlacementDraft,
    *,
    client_id: int | None = None,
    placement_id: int | None = None,
) -> PlacementRow:
    errors = validate_placement(draft)
    if errors:
        raise ValidationFailed(errors)
    with session.begin():
        if placement_id is not None:
            placement = _load_placement(session, actor, placement_id)
            client = load_client(session, actor, placement.client_id, MANAGE)
        else:
            assert client_id is not None
            client = load_client(session, actor, client_id, MANAGE)
            placement = Placement(client_id=client.id, placed_by_id=actor.user_id)
        if draft.employer_id is not None and session.get(Employer, draft.employer_id) is None:
            raise ValidationFailed({"employer_id": "unknown_choice"})
        changed = _apply_placement(placement, draft)
        sector = _exploitation_sector(session, client.id)
        placement.same_sector_as_exploitation = same_sector(placement.sector, sector)
        session.add(placement)
        session.flush()
        _schedule_checks(session, placement, client, actor)
        action = "placement_added" if placement_id is None else "placement_updated"
        _audit(
            session,
            actor,
            action,
            "placement",
            placement.id,
            client.id,
            {"fields": changed, "same_sector": placement.same_sector_as_exploitation},
        )
        return _placement_row(session, placement, sector)


def _apply_placement(placement: Placement, draft: PlacementDraft) -> list[str]:
    values = {f.name: clean_text(getattr(draft, f.name)) for f in fields(PlacementDraft)}
    values["wage_cents"] = to_cents(values.pop("wage"))
    values["supports"] = ",".join(draft.supports) or None
    values["job_title"] = values["job_title"] or ""
    changed = []
    for name, value in values.items():
        if getattr(placement, name) != value:
            setattr(placement, name, value)
            changed.append(name)
    return sorted(changed)


def _schedule_checks(session: Session, placement: Placement, client: Client, actor: Actor) -> None:
    days = settings_service.get_setting(session, "retention_check_days")
    existing = {c.due_day: c for c in _checks(session, placement.id)}
    assignee = client.assigned_caseworker_id or actor.user_id
    for day, due in due_dates(placement.start_date, days):
        check = existing.get(day)
        if check is None:
            check = RetentionCheck(placement_id=placement.id, client_id=client.id, due_day=day)
            session.add(check)
        if check.recorded_at is not None:
            continue
        check.due_date = due
        session.flush()
        schedule_task(
            session,
            kind=TASK_KIND,
            source_type=SOURCE,
            source_id=check.id,
            due_date=due,
            client_id=client.id,
            assignee_id=assignee,
        )


# ---- retention checks ------------------------------------------------------------------------


def record_retention_check(
    session: Session, *, actor: Actor, check_id: int, draft: RetentionCheckDraft
) -> RetentionCheckRow:
    errors = validate_retention(draft)
    if errors:
        raise ValidationFailed(errors)
    with session.begin():
        check = session.get(RetentionCheck, check_id)
        if check is None:
            raise NotFound("retention_check", check_id)
        load_client(session, actor, check.client_id, MANAGE)
        for name in ("attempted_on", "contact_method", "reached", "status", "hours_per_week"):
            setattr(check, name, getattr(draft, name))
        check.wage_cents = to_cents(draft.wage)
        check.issues = ",".join(draft.issues) or None
        check.support_given = clean_text(draft.support_given)
        check.recorded_by_id = actor.user_id
        check.recorded_at = utcnow()
        _complete_task(session, check.id, actor)
        _audit(
            session,
            actor,
            "retention_check_recorded",
            "retention_check",
            check.id,
            check.client_id,
            {"placement_id": check.placement_id, "due_day": check.due_day, "status": check.status},
        )
        return _check_row(check)


def _complete_task(session: Session, check_id: int, actor: Actor) -> None:
    stmt = select(Task).where(
        Task.source_type == SOURCE, Task.source_id == check_id, Task.kind == TASK_KIND
    )
    task = session.scalars(stmt).first()
    if task is not None and task.completed_at is None:
        task.completed_at = utcnow()
        task.completed_by_id = actor.user_id


# ---- helpers ---------------------------------------------------------------------------------


def _baseline(session: Session, client_id: int) -> EmploymentBaseline | None:
    stmt = select(EmploymentBaseline).where(EmploymentBaseline.client_id == client_id)
    return session.scalars(stmt).first()


def _exploitation_sector(session: Session, client_id: int) -> str | None:
    baseline = _baseline(session, client_id)
    return None if baseline is None else baseline.exploitation_sector


def _placements(session: Session, client_id: int) -> list[Placement]:
    stmt = select(Placement).where(Placement.client_id == client_id)
    return list(session.scalars(stmt.order_by(Placement.start_date, Placement.id)))


def _checks(session: Session, placement_id: int) -> list[RetentionCheck]:
    stmt = select(RetentionCheck).where(RetentionCheck.placement_id == placement_id)
    return list(session.scalars(stmt.order_by(RetentionCheck.due_day)))


def _load_placement(session: Session, actor: Actor, placement_id: int) -> Placement:
    placement = session.get(Placement, placement_id)
    if placement is None:
        raise NotFound("placement", placement_id)
    load_client(session, actor, placement.client_id, MANAGE)
    return placement


def _baseline_row(b: EmploymentBaseline) -> BaselineRow:
    values = {f.name: getattr(b, f.name) for f in fields(BaselineDraft)}
    return BaselineRow(**values, id=b.id, client_id=b.client_id)


def _draft_of(p: Placement) -> PlacementDraft:
    values = {
        f.name: getattr(p, f.name)
        for f in fields(PlacementDraft)
        if f.name not in ("wage", "supports")
    }
    supports = tuple(s for s in (p.supports or "").split(",") if s)
    return PlacementDraft(**values, wage=from_cents(p.wage_cents), supports=supports)


def _placement_row(session: Session, p: Placement, sector: str | None) -> PlacementRow:
    employer = session.get(Employer, p.employer_id) if p.employer_id else None
    draft = _draft_of(p)
    warning = sector_warning(p.sector, sector)
    return PlacementRow(
        **{f.name: getattr(draft, f.name) for f in fields(PlacementDraft)},
        id=p.id,
        client_id=p.client_id,
        employer_name=employer.name if employer else None,
        same_sector_as_exploitation=p.same_sector_as_exploitation,
        warnings=(warning,) if warning else (),
        retention_checks=tuple(_check_row(c) for c in _checks(session, p.id)),
    )


def _check_row(c: RetentionCheck) -> RetentionCheckRow:
    return RetentionCheckRow(
        attempted_on=c.attempted_on,
        contact_method=c.contact_method,
        reached=c.reached,
        status=c.status,
        hours_per_week=c.hours_per_week,
        wage=from_cents(c.wage_cents),
        issues=tuple(i for i in (c.issues or "").split(",") if i),
        support_given=c.support_given,
        id=c.id,
        placement_id=c.placement_id,
        client_id=c.client_id,
        due_day=c.due_day,
        due_date=c.due_date,
        recorded=c.recorded_at is not None,
    )


def _audit(
    session: Session,
    actor: Actor,
    action: str,
    object_type: str,
    object_id: int,
    client_id: int,
    details: dict[str, object] | None = None,
) -> None:
    record_event(
        session,
        actor_id=actor.user_id,
        action=action,
        object_type=object_type,
        object_id=object_id,
        client_id=client_id,
        details=details,
    )
