"""Retention checks of a placement: scheduled as tasks, moved with the start date, recorded.

One check per day offset of the setting ``retention_check_days`` (default 30, 90, 180, 365)
after the placement's start, each with a task (kind ``retention_check``, source
``retention_check`` + check id). A new start date moves the checks not yet recorded and their
tasks; recording a check completes its task. Audit action (client_id set):
retention_check_recorded (details: placement_id, due_day, status).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from safehaven.models.base import utcnow
from safehaven.models.client import Client
from safehaven.models.employment import Placement, RetentionCheck
from safehaven.models.employment_rules import due_dates
from safehaven.models.permissions import Permission
from safehaven.services import settings as settings_service
from safehaven.services.access import load_client
from safehaven.services.actor import Actor
from safehaven.services.audit import record_event
from safehaven.services.employment.checks import from_cents, to_cents, validate_retention
from safehaven.services.employment.records import RetentionCheckDraft, RetentionCheckRow
from safehaven.services.errors import NotFound, ValidationFailed
from safehaven.services.reunification.family_contacts import clean_text
from safehaven.services.tasks import close_task, schedule_task

TASK_KIND = "retention_check"
SOURCE = "retention_check"


def schedule_checks(session: Session, placement: Placement, client: Client, actor: Actor) -> None:
    days = settings_service.get_setting(session, "retention_check_days")
    existing = {c.due_day: c for c in checks_of(session, placement.id)}
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
        load_client(session, actor, check.client_id, Permission.MANAGE_EMPLOYMENT)
        for name in ("attempted_on", "contact_method", "reached", "status", "hours_per_week"):
            setattr(check, name, getattr(draft, name))
        check.wage_cents = to_cents(draft.wage)
        check.issues = ",".join(draft.issues) or None
        check.support_given = clean_text(draft.support_given)
        check.recorded_by_id = actor.user_id
        check.recorded_at = utcnow()
        close_task(session, kind=TASK_KIND, source_type=SOURCE, source_id=check.id, actor=actor)
        record_event(
            session,
            actor_id=actor.user_id,
            action="retention_check_recorded",
            object_type="retention_check",
            object_id=check.id,
            client_id=check.client_id,
            details={
                "placement_id": check.placement_id,
                "due_day": check.due_day,
                "status": check.status,
            },
        )
        return check_row(check)


def checks_of(session: Session, placement_id: int) -> list[RetentionCheck]:
    stmt = select(RetentionCheck).where(RetentionCheck.placement_id == placement_id)
    return list(session.scalars(stmt.order_by(RetentionCheck.due_day)))


def check_row(c: RetentionCheck) -> RetentionCheckRow:
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
