"""Retention of closed cases and erasure of a client (at their request or when retention ends).

Erasure deletes every row that belongs to the client — found from the schema itself: every table
with a foreign-key path to `client` or a `client_id` column — deepest first, in one transaction,
with `secure_delete` on (pages are zeroed) and the search index's `secure-delete` option, then
`VACUUM` and `wal_checkpoint(TRUNCATE)`. Only a `StatisticalFact` (no ids, quarters only) is
kept for past totals. Audit rows keep the client's id (never a name) and gain `client_erased`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Table, delete, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from safehaven.models.base import Base
from safehaven.models.client import Client
from safehaven.models.permissions import Permission
from safehaven.models.statistical_fact import StatisticalFact, age_group, quarter_of
from safehaven.services import settings as settings_service
from safehaven.services.access import require
from safehaven.services.actor import Actor
from safehaven.services.audit import record_event
from safehaven.services.errors import ConfirmationRequired, NotFound, ValidationFailed
from safehaven.storage.vault import OpenVault

KEPT_TABLES = ("audit_event", "statistical_fact", "client")
REASONS = ("client_request", "retention_expired")


@dataclass(frozen=True)
class DueRow:
    client_id: int
    case_number: str
    closure_date: dt.date
    due_since: dt.date


@dataclass(frozen=True)
class ErasureResult:
    client_id: int
    rows_deleted: int


def due_for_deletion(session: Session, *, actor: Actor, today: dt.date) -> list[DueRow]:
    """Closed cases whose retention period (setting `retention_years_closed`) has ended."""
    require(actor, Permission.ERASE_CLIENT)
    years = int(settings_service.get_setting(session, "retention_years_closed"))
    stmt = (
        select(Client.id, Client.case_number, Client.closure_date)
        .where(Client.status == "closed", Client.closure_date.is_not(None))
        .order_by(Client.closure_date, Client.id)
    )
    out = []
    for client_id, number, closed in session.execute(stmt):
        assert closed is not None  # noqa: S101 - narrows a type; never guards a permission
        due = add_years(closed, years)
        if due <= today:
            out.append(DueRow(client_id, number, closed, due))
    return out


def find_client_id(session: Session, *, actor: Actor, case_number: str) -> int:
    """The id of the client with this case number (for an erasure request)."""
    require(actor, Permission.ERASE_CLIENT)
    number = case_number.strip().upper()
    client_id = session.execute(select(Client.id).where(Client.case_number == number)).scalar()
    if client_id is None:
        raise NotFound("client", number)
    return int(client_id)


def retention_years(session: Session) -> int:
    return int(settings_service.get_setting(session, "retention_years_closed"))


def set_retention_years(session: Session, *, actor: Actor, years: int) -> int:
    require(actor, Permission.ERASE_CLIENT)
    if not 1 <= years <= 100:
        raise ValidationFailed({"retention_years_closed": "out_of_range"})
    settings_service.update_settings(
        session, actor=actor, changes={"retention_years_closed": years}
    )
    return years


def erase_client(
    vault: OpenVault,
    *,
    actor: Actor,
    client_id: int,
    confirmed: bool,
    reason: str = "client_request",
    progress: Callable[[int, int], None] = lambda done, total: None,
    is_cancelled: Callable[[], bool] = lambda: False,
) -> ErasureResult:
    """Erase one client for good (see the module docstring). Needs `confirmed=True`."""
    require(actor, Permission.ERASE_CLIENT)
    if not confirmed:
        raise ConfirmationRequired("erase_client")
    if reason not in REASONS:
        raise ValidationFailed({"reason": "unknown_choice"})
    progress(0, 3)
    with vault.session() as session, session.begin():
        client = session.get(Client, client_id)
        if client is None:
            raise NotFound("client", client_id)
        session.add(statistical_fact(client))
        deleted = _delete_rows(session, client_id)
        record_event(
            session,
            actor_id=actor.user_id,
            action="client_erased",
            object_type="client",
            object_id=client_id,
            client_id=client_id,
            details={"reason": reason, "rows": deleted},
        )
    progress(1, 3)
    compact(vault)
    progress(3, 3)
    return ErasureResult(client_id, deleted)


def compact(vault: OpenVault) -> None:
    """Merge the search index, rebuild the file without free pages, empty the WAL."""
    with vault.engine.connect() as conn:
        conn.exec_driver_sql("INSERT INTO client_search(client_search) VALUES('optimize')")
        conn.commit()
    raw = vault.engine.raw_connection()
    try:
        raw.driver_connection.isolation_level = None  # type: ignore[union-attr]
        raw.driver_connection.execute("VACUUM")  # type: ignore[union-attr]
        raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # type: ignore[union-attr]
    finally:
        raw.driver_connection.isolation_level = ""  # type: ignore[union-attr]
        raw.close()


def statistical_fact(client: Client) -> StatisticalFact:
    age = client.age_at_intake  # derived at every write; the birth date itself is restricted
    return StatisticalFact(
        intake_quarter=quarter_of(client.intake_date),
        closure_quarter=quarter_of(client.closure_date) if client.closure_date else None,
        age_group=age_group(age),
        gender=client.gender,
        citizenship_category=client.citizenship_category,
        trafficking_type=client.trafficking_type,
    )


def intake_totals_by_quarter(session: Session) -> dict[str, int]:
    """Intakes per quarter: live clients plus erased ones' statistical facts."""
    totals: dict[str, int] = {}
    for (day,) in session.execute(select(Client.intake_date)):
        key = quarter_of(day)
        totals[key] = totals.get(key, 0) + 1
    facts = select(StatisticalFact.intake_quarter, func.count()).group_by(
        StatisticalFact.intake_quarter
    )
    for quarter, count in session.execute(facts):
        totals[quarter] = totals.get(quarter, 0) + int(count)
    return dict(sorted(totals.items()))


def client_tables() -> list[tuple[Table, Callable[[int], ColumnElement[bool]]]]:
    """Every table holding a client's rows with a condition selecting them, deepest first."""
    conditions: dict[str, Callable[[int], ColumnElement[bool]]] = {}
    order: list[Table] = []
    for table in Base.metadata.sorted_tables:
        if table.name in KEPT_TABLES:
            continue
        cond = _condition(table, conditions)
        if cond is not None:
            conditions[table.name] = cond
            order.append(table)
    return [(t, conditions[t.name]) for t in reversed(order)]


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


# -- internals ------------------------------------------------------------------------------------
def _condition(
    table: Table, known: dict[str, Callable[[int], ColumnElement[bool]]]
) -> Callable[[int], ColumnElement[bool]] | None:
    if "client_id" in table.c:
        column = table.c.client_id
        return lambda cid: column == cid
    for fk in table.foreign_keys:
        parent = fk.column.table
        if parent.name in known:
            parent_cond, local, remote = known[parent.name], fk.parent, fk.column
            return lambda cid: local.in_(select(remote).where(parent_cond(cid)))
    return None


def _delete_rows(session: Session, client_id: int) -> int:
    total = 0
    for table, cond in client_tables():
        total += session.execute(delete(table).where(cond(client_id))).rowcount or 0  # type: ignore[attr-defined]
    total += session.execute(delete(Client).where(Client.id == client_id)).rowcount or 0  # type: ignore[attr-defined]
    return total
