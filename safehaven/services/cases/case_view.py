"""What the case page shows around the tabs: its header and the case's audit trail."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from safehaven.services.access import load_client
from safehaven.services.accounts.accounts import user_names
from safehaven.services.actor import Actor
from safehaven.services.audit import client_history


@dataclass(frozen=True)
class CaseHeader:
    id: int
    case_number: str
    chosen_name: str


@dataclass(frozen=True)
class HistoryRow:
    id: int
    at: dt.datetime
    actor_name: str | None  # None: done by the system
    action: str  # code, e.g. client_viewed; the UI words it
    fields: tuple[str, ...]  # changed field names (ids and codes only, never values)


def case_header(session: Session, *, actor: Actor, client_id: int) -> CaseHeader:
    """Case number and chosen name of a case the actor may open (the list shows the same)."""
    with session.begin():
        client = load_client(session, actor, client_id)
        return CaseHeader(client.id, client.case_number, client.chosen_name)


def case_history(
    session: Session, *, actor: Actor, client_id: int, limit: int = 500
) -> list[HistoryRow]:
    """Who viewed or changed this case and when, newest first."""
    with session.begin():
        load_client(session, actor, client_id)
        events = client_history(session, client_id=client_id, limit=limit)
        names = user_names(session)
    rows = []
    for event in events:
        changed = event.details.get("fields", ())
        rows.append(
            HistoryRow(
                id=event.id,
                at=event.at,
                actor_name=names.get(event.actor_id) if event.actor_id is not None else None,
                action=event.action,
                fields=tuple(str(f) for f in changed) if isinstance(changed, list) else (),
            )
        )
    return rows
