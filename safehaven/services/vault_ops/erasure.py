"""Retention of closed cases and erasure of a client (at their request or when retention ends).

Erasure deletes every row that belongs to the client — found from the schema itself: every table
with a foreign-key path to `client` or a `client_id` column — deepest first, in one transaction,
with `secure_delete` on (pages are zeroed) and the search index's `secure-delete` option, then
`VACUUM` and `wal_checkpoint(TRUNCATE)`. Only a `StatisticalFact` (no ids, quarters only) is
kept for past totals. Audit rows keep the client's id (never a name) and gain `client_erased`.

On an office server administrators see no case rows, so the retention list, the case-number
lookup and the deletion go through owner-rights functions built from the same table list
(storage/postgres/erasure.py); the statistical fact and the audit event are written here, in the
same transaction, under the administrator's own login.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from safehaven.models.client import Client
from safehaven.models.permissions import Permission
from safehaven.models.statistical_fact import StatisticalFact, age_group, quarter_of
from safehaven.services import settings as settings_service
from safehaven.services.access import require
from safehaven.services.actor import Actor
from safehaven.services.audit import record_event
from safehaven.services.errors import ConfirmationRequired, NotFound, ValidationFailed
from safehaven.storage.client_rows import client_tables
from safehaven.storage.postgres import erasure as office_erasure
from safehaven.storage.postgres.report_counts import counts_only
from safehaven.storage.stores.office_store import OfficeStore
from safehaven.storage.vault import OpenVault

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
    out = []
    for client_id, number, closed in _closed_cases(session):
        due = add_years(closed, years)
        if due <= today:
            out.append(DueRow(client_id, number, closed, due))
    return out


def find_client_id(session: Session, *, actor: Actor, case_number: str) -> int:
    """The id of the client with this case number (for an erasure request)."""
    require(actor, Permission.ERASE_CLIENT)
    number = case_number.strip().upper()
    if counts_only(session):  # no case rows for administrators on an office server
        client_id = office_erasure.case_id(session, number)
    else:
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
    vault: OpenVault | OfficeStore,
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
        facts = _erase_rows(session, client_id)
        if facts is None:
            raise NotFound("client", client_id)
        session.add(statistical_fact(facts))
        deleted = facts.rows
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
    if isinstance(vault, OpenVault):  # the office server's space is reused by autovacuum
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


class _Facts(Protocol):
    """What an erased client leaves for past totals (a `Client` or `office_erasure.ErasedFacts`)."""

    @property
    def intake_date(self) -> dt.date: ...
    @property
    def closure_date(self) -> dt.date | None: ...
    @property
    def age_at_intake(self) -> int | None: ...
    @property
    def gender(self) -> str | None: ...
    @property
    def citizenship_category(self) -> str | None: ...
    @property
    def trafficking_type(self) -> str | None: ...


def statistical_fact(client: _Facts) -> StatisticalFact:
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


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


# -- internals ------------------------------------------------------------------------------------
def _closed_cases(session: Session) -> list[tuple[int, str, dt.date]]:
    if counts_only(session):  # no case rows for administrators on an office server
        return office_erasure.closed_cases(session)
    stmt = (
        select(Client.id, Client.case_number, Client.closure_date)
        .where(Client.status == "closed", Client.closure_date.is_not(None))
        .order_by(Client.closure_date, Client.id)
    )
    return [(i, n, d) for i, n, d in session.execute(stmt) if d is not None]


def _erase_rows(session: Session, client_id: int) -> office_erasure.ErasedFacts | None:
    """Delete every row of the client; what it leaves for past totals, None if there is none."""
    if counts_only(session):
        return office_erasure.erase_rows(session, client_id)
    client = session.get(Client, client_id)
    if client is None:
        return None
    kept = office_erasure.ErasedFacts(
        0,
        client.intake_date,
        client.closure_date,
        client.age_at_intake,
        client.gender,
        client.citizenship_category,
        client.trafficking_type,
    )
    total = 0
    for table, cond in client_tables():
        total += session.execute(delete(table).where(cond(client_id))).rowcount or 0  # type: ignore[attr-defined]
    total += session.execute(delete(Client).where(Client.id == client_id)).rowcount or 0  # type: ignore[attr-defined]
    return dataclasses.replace(kept, rows=total)
