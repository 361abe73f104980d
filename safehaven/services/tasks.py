"""The shared task mechanism: areas schedule tasks for their records; staff complete them.

Areas call `schedule_task` inside their own transaction (no permission check here: the calling
service has checked). Listing and completing are user actions with their own checks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from safehaven.models.base import utcnow
from safehaven.models.client import Client
from safehaven.models.permissions import Permission
from safehaven.models.task import Task
from safehaven.services.access import case_scope, load_client, require
from safehaven.services.actor import Actor
from safehaven.services.audit import record_event
from safehaven.services.errors import NotFound, PermissionDenied


def schedule_task(
    session: Session,
    *,
    kind: str,
    source_type: str,
    source_id: int,
    due_date: dt.date,
    client_id: int | None,
    assignee_id: int | None,
) -> Task:
    """Create the task for (source, kind), or move its due date if it exists and is open."""
    task = session.execute(
        select(Task).where(
            Task.source_type == source_type, Task.source_id == source_id, Task.kind == kind
        )
    ).scalar()
    if task is None:
        task = Task(
            kind=kind,
            source_type=source_type,
            source_id=source_id,
            due_date=due_date,
            client_id=client_id,
            assignee_id=assignee_id,
        )
        session.add(task)
    elif task.completed_at is None:
        task.due_date = due_date
        task.assignee_id = assignee_id
    session.flush()
    return task


def close_task(
    session: Session, *, kind: str, source_type: str, source_id: int, actor: Actor
) -> None:
    """Mark the open task of (source, kind) done by `actor`; the caller audits the record."""
    task = session.scalars(
        select(Task).where(
            Task.source_type == source_type, Task.source_id == source_id, Task.kind == kind
        )
    ).first()
    if task is not None and task.completed_at is None:
        task.completed_at = utcnow()
        task.completed_by_id = actor.user_id


def cancel_tasks(session: Session, *, source_type: str, source_id: int) -> int:
    """Delete the open tasks of a record (for example a withdrawn referral). Returns how many."""
    tasks = session.execute(
        select(Task).where(
            Task.source_type == source_type,
            Task.source_id == source_id,
            Task.completed_at.is_(None),
        )
    ).scalars()
    count = 0
    for task in tasks:
        session.delete(task)
        count += 1
    session.flush()
    return count


@dataclass(frozen=True)
class TaskRow:
    id: int
    kind: str
    source_type: str
    source_id: int
    client_id: int | None
    case_number: str
    chosen_name: str
    due_date: dt.date
    overdue: bool
    completed_at: dt.datetime | None
    assignee_id: int | None


def visible_cases(actor: Actor) -> ColumnElement[bool]:
    """SQL form of `access.may_open_case`: the clients whose case `actor` may open."""
    return case_scope(actor)


def list_tasks(
    session: Session,
    *,
    actor: Actor,
    include_done: bool = False,
    overdue_only: bool = False,
    today: dt.date | None = None,
    limit: int = 5000,
) -> list[TaskRow]:
    """Tasks of the cases `actor` may open (and unattached tasks assigned to them), by due date."""
    require(actor, Permission.VIEW_TASKS)
    today = today or dt.date.today()
    stmt = (
        select(Task, Client.case_number, Client.chosen_name)
        .join(Client, Task.client_id == Client.id)
        .where(visible_cases(actor))
    )
    loose = select(Task).where(
        Task.client_id.is_(None), or_(Task.assignee_id.is_(None), Task.assignee_id == actor.user_id)
    )
    if not include_done:
        stmt = stmt.where(Task.completed_at.is_(None))
        loose = loose.where(Task.completed_at.is_(None))
    if overdue_only:
        stmt = stmt.where(Task.completed_at.is_(None), Task.due_date < today)
        loose = loose.where(Task.completed_at.is_(None), Task.due_date < today)
    stmt = stmt.order_by(Task.due_date, Task.id).limit(limit)
    with session.begin():
        rows = [_task_row(t, number, name, today) for t, number, name in session.execute(stmt)]
        rows += [_task_row(t, "", "", today) for t in session.execute(loose).scalars()]
    return sorted(rows, key=lambda r: (r.due_date, r.id))


def complete_task(
    session: Session, *, actor: Actor, task_id: int, at: dt.datetime | None = None
) -> TaskRow:
    """Mark a task done (it leaves the open list). Audited."""
    require(actor, Permission.VIEW_TASKS)
    with session.begin():
        task = session.get(Task, task_id)
        if task is None:
            raise NotFound("task", task_id)
        number = name = ""
        if task.client_id is not None:
            client = load_client(session, actor, task.client_id)
            number, name = client.case_number, client.chosen_name
        elif task.assignee_id not in (None, actor.user_id):
            raise PermissionDenied(Permission.VIEW_TASKS.value, actor.user_id)
        if task.completed_at is None:
            task.completed_at = at or utcnow()
            task.completed_by_id = actor.user_id
            record_event(
                session,
                actor_id=actor.user_id,
                action="task_completed",
                object_type="task",
                object_id=task.id,
                client_id=task.client_id,
                details={"kind": task.kind},
            )
        return _task_row(task, number, name, dt.date.today())


def _task_row(task: Task, case_number: str, chosen_name: str, today: dt.date) -> TaskRow:
    return TaskRow(
        id=task.id,
        kind=task.kind,
        source_type=task.source_type,
        source_id=task.source_id,
        client_id=task.client_id,
        case_number=case_number,
        chosen_name=chosen_name,
        due_date=task.due_date,
        overdue=task.is_overdue(today),
        completed_at=task.completed_at,
        assignee_id=task.assignee_id,
    )
