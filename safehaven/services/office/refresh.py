"""Keeping a list fresh while others work: a cheap version of what this person can see.

Polling, not LISTEN/NOTIFY: LISTEN needs a long-lived connection per laptop outside the pool,
its payloads are not filtered by row security, and what is sent while a laptop is offline is
lost. Polling this pair every few seconds costs one index-only query per laptop and works the
same on both stores.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from safehaven.models.client import Client
from safehaven.models.permissions import Permission
from safehaven.services.access import require
from safehaven.services.actor import Actor


@dataclass(frozen=True)
class ListVersion:
    cases: int
    last_change: dt.datetime | None
    version_sum: int


def case_list_version(session: Session, *, actor: Actor) -> ListVersion:
    """Changes when a visible case is added, edited or removed (by anyone)."""
    require(actor, Permission.VIEW_CASE_LIST)
    with session.begin():
        row = session.execute(
            select(
                func.count(Client.id),
                func.max(Client.updated_at),
                func.coalesce(func.sum(Client.version), 0),
            )
        ).one()
    last = row[1]
    if isinstance(last, dt.datetime) and last.tzinfo is None:
        last = last.replace(tzinfo=dt.UTC)
    return ListVersion(int(row[0]), last, int(row[2]))
