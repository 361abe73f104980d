"""The shared task mechanism: areas schedule tasks for their records; staff complete them.

Areas call `schedule_task` inside their own transaction (no permission check here: the calling
service has checked). Listing and completing are user actions with their own checks.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from safehaven.models.task import Task


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
