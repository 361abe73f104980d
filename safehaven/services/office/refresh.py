"""Keeping lists fresh while others work: a cheap version of what this person can see.

The version covers the cases, their referrals and their tasks, so the case list, the Tasks page
and its open referrals all follow a colleague's change (a referral answered, a task completed or
rescheduled). On an office server row security scopes each figure to this person.

Polling, not LISTEN/NOTIFY: LISTEN needs a long-lived connection per laptop outside the pool,
its payloads are not filtered by row security, and what is sent while a laptop is offline is
lost. Polling this pair every few seconds costs one index-only query per laptop and works the
same on both stores.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from safehaven.models.client import Client
from safehaven.models.permissions import Permission
from safehaven.models.referral import Referral
from safehaven.models.task import Task
from safehaven.services.access import require
from safehaven.services.actor import Actor


@dataclass(frozen=True)
class ListVersion:
    cases: int
    last_change: dt.datetime | None
    version_sum: int
    referrals: tuple[object, ...] = ()
    tasks: tuple[object, ...] = ()


def lists_version(session: Session, *, actor: Actor) -> ListVersion:
    """Changes when a visible case, referral or task is added, edited, completed or removed (by
    anyone): three small aggregate reads in one transaction."""
    require(actor, Permission.VIEW_CASE_LIST)
    cases = select(
        func.count(Client.id),
        func.max(Client.updated_at),
        func.coalesce(func.sum(Client.version), 0),
    )
    referrals = select(func.count(Referral.id), func.max(Referral.updated_at))
    tasks = select(
        func.count(Task.id),
        func.max(Task.id),
        func.count(Task.completed_at),
        func.max(Task.completed_at),
        func.min(Task.due_date).filter(Task.completed_at.is_(None)),
        func.max(Task.due_date).filter(Task.completed_at.is_(None)),
    )
    with session.begin():
        row = session.execute(cases).one()
        referral_row = session.execute(referrals).one()
        task_row = session.execute(tasks).one()
    return ListVersion(
        int(row[0]), _utc(row[1]), int(row[2]), _plain(referral_row), _plain(task_row)
    )


def _utc(value: object) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)
    return None


def _plain(row: Sequence[object]) -> tuple[object, ...]:
    """A comparable tuple, datetimes made timezone-aware the same way on both stores."""
    return tuple(_utc(v) if isinstance(v, dt.datetime) else v for v in row)
