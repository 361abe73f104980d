"""Staff training records: who completed which course, when, and until when; who is due.

Training never blocks help. `note_training` runs inside a screening or protocol service's
transaction: when the actor's training for the expected course is missing or expired it returns the
notice to show and schedules a review task for their supervisor (the recorded one, else any
supervisor through the case's task list), audited without names.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from safehaven.models.permissions import Permission
from safehaven.models.staff_training import (
    COURSES,
    StaffSupervisor,
    StaffTraining,
    needs_notice,
    training_state,
)
from safehaven.models.user import User
from safehaven.services.access import require
from safehaven.services.actor import Actor
from safehaven.services.audit import record_event
from safehaven.services.errors import NotFound, ValidationFailed
from safehaven.services.tasks import schedule_task

REVIEW_KIND = "training_review"
REVIEW_DUE_DAYS = 7


@dataclass(frozen=True)
class TrainingRecordRow:
    id: int
    user_id: int
    course: str
    completed_on: dt.date
    expires_on: dt.date | None


@dataclass(frozen=True)
class StaffTrainingRow:
    user_id: int
    display_name: str
    supervisor_id: int | None
    states: dict[str, str]  # course -> current | expiring | expired | missing
    expires: dict[str, dt.date | None]  # course -> latest expiry (None: no expiry or none)

    @property
    def due(self) -> tuple[str, ...]:
        """Courses to (re)take: missing, expired or expiring soon."""
        return tuple(c for c in COURSES if self.states[c] != "current")


def record_training(
    session: Session,
    *,
    actor: Actor,
    user_id: int,
    course: str,
    completed_on: dt.date,
    expires_on: dt.date | None,
) -> TrainingRecordRow:
    """An administrator records a completed course (audited)."""
    require(actor, Permission.MANAGE_TRAINING)
    errors: dict[str, str] = {}
    if course not in COURSES:
        errors["course"] = "unknown_choice"
    if completed_on > dt.date.today():
        errors["completed_on"] = "out_of_range"
    if expires_on is not None and expires_on <= completed_on:
        errors["expires_on"] = "out_of_range"
    if errors:
        raise ValidationFailed(errors)
    with session.begin():
        if session.get(User, user_id) is None:
            raise NotFound("user", user_id)
        record = StaffTraining(user_id=user_id, course=course, completed_on=completed_on,
                               expires_on=expires_on, recorded_by_id=actor.user_id)  # fmt: skip
        session.add(record)
        session.flush()
        record_event(session, actor_id=actor.user_id, action="staff_training_recorded",
                     object_type="staff_training", object_id=record.id,
                     details={"user_id": user_id, "course": course})  # fmt: skip
        return _record_row(record)


def set_supervisor(
    session: Session, *, actor: Actor, user_id: int, supervisor_id: int | None
) -> None:
    """Name (or clear) the supervisor who reviews a staff member's screenings (audited)."""
    require(actor, Permission.MANAGE_TRAINING)
    if supervisor_id == user_id:
        raise ValidationFailed({"supervisor_id": "invalid"})
    with session.begin():
        for uid in (user_id, supervisor_id):
            if uid is not None and session.get(User, uid) is None:
                raise NotFound("user", uid)
        session.execute(delete(StaffSupervisor).where(StaffSupervisor.user_id == user_id))
        if supervisor_id is not None:
            session.add(StaffSupervisor(user_id=user_id, supervisor_id=supervisor_id))
        record_event(session, actor_id=actor.user_id, action="staff_supervisor_set",
                     object_type="user", object_id=user_id,
                     details={"supervisor_id": supervisor_id})  # fmt: skip


def list_staff_training(
    session: Session, *, actor: Actor, today: dt.date | None = None
) -> list[StaffTrainingRow]:
    """Every active staff member with the state of each course (the Training page)."""
    require(actor, Permission.VIEW_TRAINING)
    today = today or dt.date.today()
    with session.begin():
        users = session.execute(
            select(User.id, User.display_name).where(User.active.is_(True)).order_by(User.id)
        ).all()
        records = session.execute(select(StaffTraining)).scalars().all()
        supervisors = dict(
            session.execute(select(StaffSupervisor.user_id, StaffSupervisor.supervisor_id)).all()
        )
    by_user: dict[tuple[int, str], list[dt.date | None]] = defaultdict(list)
    for r in records:
        by_user[(r.user_id, r.course)].append(r.expires_on)
    rows = []
    for uid, name in users:
        states = {c: training_state(by_user.get((uid, c), []), today) for c in COURSES}
        expires = {c: _latest(by_user.get((uid, c), [])) for c in COURSES}
        rows.append(StaffTrainingRow(uid, name, supervisors.get(uid), states, expires))
    return rows


def list_training_records(
    session: Session, *, actor: Actor, user_id: int | None = None
) -> list[TrainingRecordRow]:
    require(actor, Permission.VIEW_TRAINING)
    stmt = select(StaffTraining).order_by(StaffTraining.completed_on.desc(), StaffTraining.id)
    if user_id is not None:
        stmt = stmt.where(StaffTraining.user_id == user_id)
    with session.begin():
        return [_record_row(r) for r in session.execute(stmt).scalars()]


def course_state(session: Session, user_id: int, course: str, today: dt.date) -> str:
    """current | expiring | expired | missing, read inside the caller's transaction."""
    expiries = session.execute(
        select(StaffTraining.expires_on).where(
            StaffTraining.user_id == user_id, StaffTraining.course == course
        )
    ).scalars()
    return training_state(list(expiries), today)


def note_training(
    session: Session,
    *,
    actor: Actor,
    course: str,
    client_id: int,
    source_type: str,
    source_id: int,
    now: dt.datetime,
) -> str | None:
    """Inside the caller's transaction: None when the actor's training is in force; else the
    state ("expired" or "missing"), a review task for their supervisor and an audit event."""
    state = course_state(session, actor.user_id, course, now.date())
    if not needs_notice(state):
        return None
    supervisor = session.get(StaffSupervisor, actor.user_id)
    schedule_task(
        session,
        kind=REVIEW_KIND,
        source_type=source_type,
        source_id=source_id,
        due_date=now.date() + dt.timedelta(days=REVIEW_DUE_DAYS),
        client_id=client_id,
        assignee_id=supervisor.supervisor_id if supervisor else None,
    )
    record_event(session, actor_id=actor.user_id, action="training_notice_shown",
                 object_type=source_type, object_id=source_id, client_id=client_id,
                 details={"course": course, "state": state})  # fmt: skip
    return state


def _latest(expiries: list[dt.date | None]) -> dt.date | None:
    dated = [e for e in expiries if e is not None]
    return max(dated) if dated and len(dated) == len(expiries) else None


def _record_row(r: StaffTraining) -> TrainingRecordRow:
    return TrainingRecordRow(r.id, r.user_id, r.course, r.completed_on, r.expires_on)
