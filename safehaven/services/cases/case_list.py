"""The case list: ordered ids for a query, then rows for the ids that scroll into view.

Built for 100,000 clients under SQLCipher: ids come from covering indexes (see
`models/client.py`), search goes through the FTS5 index (`storage/search.py`), never a `LIKE`
scan, and rows are read in small blocks by id. Id lists are read through the DB-API cursor: for
100,000 ids SQLAlchemy's result wrapping costs four times the query itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from enum import Enum, IntEnum
from typing import Any, TypeVarTuple

from sqlalchemy import ColumnElement, Select, and_, case, func, not_, select
from sqlalchemy.orm import Session

from safehaven.models.client import Client
from safehaven.models.permissions import Permission, Role
from safehaven.models.user import User
from safehaven.services.access import case_scope, may_open_scope, require
from safehaven.services.actor import Actor
from safehaven.storage.search import (
    byte_order_bounds,
    client_search_ids,
    match_outside_scope,
    match_query,
    plan_follows_match_count,
    search_by_id,
)

_Columns = TypeVarTuple("_Columns")
UNASSIGNED = 0  # CaseQuery.caseworker_id: cases without a caseworker
BLOCK_SIZE = 200
WALK_FROM = 400  # matches from which a first page walks the list index instead


class _Plan(Enum):
    """How a search finds its matches."""

    SOURCE = "source"  # `id IN (matches)`: the store's own choice (PostgreSQL's functions)
    WALK = "walk"  # SQLite, many matches: walk a list index in display order, stop at a page
    BY_ID = "by_id"  # SQLite, few matches: look each one up by id, then sort them


class CaseSort(IntEnum):
    CASE_NUMBER = 0
    CHOSEN_NAME = 1
    STATUS = 2
    CASEWORKER = 3
    INTAKE_DATE = 4


@dataclass(frozen=True)
class CaseQuery:
    text: str = ""
    status: str | None = None  # None: any status
    caseworker_id: int | None = None  # None: anyone; UNASSIGNED: nobody
    sort: CaseSort = CaseSort.INTAKE_DATE
    descending: bool = True


@dataclass(frozen=True)
class CaseListRow:
    id: int
    case_number: str
    chosen_name: str
    status: str
    caseworker_id: int | None
    caseworker_name: str | None
    intake_date: dt.date
    can_open: bool  # always True: the list holds only cases the actor may open


@dataclass(frozen=True)
class StaffChoice:
    id: int
    display_name: str


def count_cases(session: Session, *, actor: Actor, query: CaseQuery) -> int:
    """How many cases match the filters and search text."""
    require(actor, Permission.VIEW_CASE_LIST)
    scoped = _filtered(select(Client.id), query).where(case_scope(actor))
    stmt = select(func.count()).select_from(scoped.subquery())
    return int(session.execute(stmt).scalar_one())


def hidden_match_exists(session: Session, *, actor: Actor, text: str) -> bool:
    """Whether a case outside the actor's scope matches `text`: the duplicate check at intake
    may say that such a case exists (ask a supervisor) without showing anything of it."""
    require(actor, Permission.VIEW_CASE_LIST)
    expression = match_query(text)
    if expression is None or actor.can(Permission.READ_ALL_CLIENTS):
        return False  # nothing typed, or nothing lies outside the scope
    # coalesce: a case without a recorded registrar is outside an intake worker's scope
    outside = not_(func.coalesce(case_scope(actor), False))
    stmt = _filtered(select(Client.id), CaseQuery(text=text)).where(outside)
    return match_outside_scope(session, expression, stmt)


def case_ids(
    session: Session, *, actor: Actor, query: CaseQuery, limit: int | None = None
) -> list[int]:
    """Ids of the cases in the actor's scope that match, in display order (sorting is done by
    the database); with `limit`, only the first ones (a screenful arrives before all 30,000
    matches of "ma")."""
    require(actor, Permission.VIEW_CASE_LIST)
    query, plan = _survey(session, query)
    if _by_caseworker(query):
        return _ids_by_caseworker(session, actor, query)[:limit]
    stmt = _listing(session, select(Client.id), actor, query, plan, limit)
    return _int_column(session, stmt)


def first_page(
    session: Session, *, actor: Actor, query: CaseQuery, limit: int
) -> list[CaseListRow]:
    """The rows of the first `limit` ids `case_ids` gives, read with their columns in the same
    statement: what the list paints as soon as a key is typed."""
    require(actor, Permission.VIEW_CASE_LIST)
    query, plan = _survey(session, query)
    if _by_caseworker(query):
        ids = _ids_by_caseworker(session, actor, query)[:limit]
        return case_rows(session, actor=actor, ids=ids)
    stmt = _listing(session, select(*_ROW_COLUMNS), actor, query, plan, limit)
    stmt = stmt.outerjoin(User, User.id == Client.assigned_caseworker_id)
    return list(_listed(actor, session.execute(stmt)).values())


def case_rows(session: Session, *, actor: Actor, ids: Sequence[int]) -> list[CaseListRow]:
    """The list columns for `ids`, in the same order (ids no longer present, or outside the
    actor's scope, are left out)."""
    require(actor, Permission.VIEW_CASE_LIST)
    if not ids:
        return []
    stmt = select(*_ROW_COLUMNS).outerjoin(User, User.id == Client.assigned_caseworker_id)
    # erased_at and the scope are tested in Python: a filter on them in SQL would make SQLite
    # walk a list index
    found = _listed(actor, session.execute(stmt.where(Client.id.in_(list(ids)))))
    return [found[i] for i in ids if i in found]


_ROW_COLUMNS = (
    Client.id,
    Client.case_number,
    Client.chosen_name,
    Client.status,
    Client.assigned_caseworker_id,
    Client.created_by_id,
    Client.intake_date,
    Client.erased_at,
    User.display_name,
)


def _listed(actor: Actor, rows: Iterable[Any]) -> dict[int, CaseListRow]:
    """The rows (of `_ROW_COLUMNS`) of cases the actor may open, by id, in the order given."""
    found: dict[int, CaseListRow] = {}
    allowed: dict[tuple[int | None, int | None], bool] = {}
    for cid, number, name, status, worker, creator, intake, erased, worker_name in rows:
        if erased is not None:
            continue
        scope = (worker, creator)  # the access rule reads only these two columns
        if scope not in allowed:
            allowed[scope] = may_open_scope(actor, worker, creator)
        if not allowed[scope]:
            continue
        found[cid] = CaseListRow(
            id=cid,
            case_number=number,
            chosen_name=name,
            status=status,
            caseworker_id=worker,
            caseworker_name=worker_name,
            intake_date=intake,
            can_open=True,
        )
    return found


def caseworker_choices(session: Session, *, actor: Actor) -> list[StaffChoice]:
    """Staff a case may be assigned to (active caseworkers and supervisors), by name."""
    require(actor, Permission.VIEW_CASE_LIST)
    stmt = select(User.id, User.display_name, User.roles_text).where(User.active.is_(True))
    wanted = {Role.CASEWORKER.value, Role.SUPERVISOR.value}
    choices = [
        StaffChoice(uid, name)
        for uid, name, roles in session.execute(stmt)
        if wanted & set(roles.split(","))
    ]
    return sorted(choices, key=lambda c: (c.display_name.casefold(), c.id))


def _survey(session: Session, query: CaseQuery) -> tuple[CaseQuery, _Plan]:
    """The query to run and how to find its matches, asked in one statement.

    Text that begins every case number ("s", "SH-20" when all cases are SH-2025-… or
    SH-2026-…) matches every case (the case number's words, up to the typed part of the last
    one), so the list without a search is its exact answer, read by walking an index instead of
    listing every match of the text index first (77 ms for "s" at 100,000 clients). Two index
    lookups decide it: every case number lies between the smallest and the largest, so if both
    begin with the text, all do.

    SQLite's planner cannot tell a common word from a rare one: the first is fastest walking a
    list index in display order (6 ms for "m" at 100,000 clients, against 12 ms looking up
    every match), the second looking its matches up by id (0.1 ms for "gua no", against 4 ms
    walking). Counting the matches up to WALK_FROM tells them apart."""
    expression = match_query(query.text)
    if expression is None:
        return query, _Plan.SOURCE
    typed = query.text.strip().casefold()
    asks: list[Any] = []
    begins: ColumnElement[bool] | None = None
    if typed.isascii():
        bounds = byte_order_bounds(session, Client.case_number.expression)
        asks.extend(bounds)
        begins = and_(*(func.substr(func.lower(b), 1, len(typed)) == typed for b in bounds))
    counted = plan_follows_match_count(session)
    if counted:  # not counted when the bounds decide: counting "sh-2"'s matches takes 5 ms
        probe = client_search_ids(expression).limit(WALK_FROM).subquery()
        count = select(func.count()).select_from(probe).scalar_subquery()
        asks.append(count if begins is None else case((begins, None), else_=count))
    if not asks:
        return query, _Plan.SOURCE
    answers = list(session.execute(select(*asks)).one())
    if typed.isascii():
        low, high, *answers = answers
        begins_low = low is not None and high is not None and low.casefold().startswith(typed)
        if begins_low and high.casefold().startswith(typed):
            return replace(query, text=""), _Plan.SOURCE
    if not counted:
        return query, _Plan.SOURCE
    if answers[0] is None:  # not counted (SQL's lower() and casefold() disagreed): walk
        return query, _Plan.WALK
    return query, _Plan.WALK if answers[0] >= WALK_FROM else _Plan.BY_ID


def _by_caseworker(query: CaseQuery) -> bool:
    return query.sort is CaseSort.CASEWORKER and not match_query(query.text)


def _listing(
    session: Session,
    stmt: Select[*_Columns],
    actor: Actor,
    query: CaseQuery,
    plan: _Plan,
    limit: int | None,
) -> Select[*_Columns]:
    """`stmt` limited to the cases in the actor's scope that match, in display order."""
    newest = limit if limit is not None and _usual_order(query) else None
    stmt = _filtered(stmt, query, plan=plan, newest=newest).where(case_scope(actor))
    stmt = stmt.order_by(*_order(session, query))
    return stmt if limit is None else stmt.limit(limit)


def _usual_order(query: CaseQuery) -> bool:
    """Newest intake first, no filter: the list as it opens (`client_search_ids(newest=…)`)."""
    plain = query.status is None and query.caseworker_id is None
    return plain and query.sort is CaseSort.INTAKE_DATE and query.descending


def _filtered(
    stmt: Select[*_Columns],
    query: CaseQuery,
    *,
    plan: _Plan = _Plan.SOURCE,
    newest: int | None = None,
) -> Select[*_Columns]:
    """`plan`: how the search text's matches are found (see `_survey`). `newest`: only that many
    rows are asked for, in the usual order (see `_usual_order`)."""
    expression = match_query(query.text)
    if expression is not None and plan is _Plan.BY_ID:
        stmt = search_by_id(stmt, expression, Client.__table__)
    elif expression is not None:
        stmt = stmt.where(Client.id.in_(client_search_ids(expression, newest=newest)))
    stmt = stmt.where(Client.erased_at.is_(None))
    if query.status is not None:
        stmt = stmt.where(Client.status == query.status)
    if query.caseworker_id == UNASSIGNED:
        stmt = stmt.where(Client.assigned_caseworker_id.is_(None))
    elif query.caseworker_id is not None:
        stmt = stmt.where(Client.assigned_caseworker_id == query.caseworker_id)
    return stmt


def _order(session: Session, query: CaseQuery) -> list[Any]:
    if query.sort is CaseSort.CASE_NUMBER:
        keys: list[Any] = [Client.case_number]
    elif query.sort is CaseSort.CHOSEN_NAME:
        keys = [func.lower(Client.chosen_name)]
    elif query.sort is CaseSort.STATUS:
        keys = [Client.status, Client.intake_date]
    elif query.sort is CaseSort.CASEWORKER:
        keys = [_caseworker_rank(session), Client.intake_date]
    else:
        keys = [Client.intake_date]
    keys.append(Client.id)
    return [key.desc() if query.descending else key.asc() for key in keys]


def _caseworker_rank(session: Session) -> ColumnElement[Any]:
    """Position of the assigned caseworker's name in alphabetical order; unassigned last."""
    order = sorted(_staff_names(session).items(), key=lambda kv: (kv[1].casefold(), kv[0]))
    whens = {uid: rank for rank, (uid, _name) in enumerate(order)}
    if not whens:
        return func.coalesce(Client.assigned_caseworker_id, 0)
    return case(whens, value=Client.assigned_caseworker_id, else_=len(whens))


def _ids_by_caseworker(session: Session, actor: Actor, query: CaseQuery) -> list[int]:
    """Caseworker order without sorting 100,000 rows: one indexed read per caseworker."""
    order = sorted(_staff_names(session).items(), key=lambda kv: (kv[1].casefold(), kv[0]))
    groups: list[int] = [uid for uid, _name in order] + [UNASSIGNED]
    if query.descending:
        groups.reverse()
    if query.caseworker_id is not None:
        groups = [query.caseworker_id]
    ids: list[int] = []
    date_order = Client.intake_date.desc() if query.descending else Client.intake_date.asc()
    id_order = Client.id.desc() if query.descending else Client.id.asc()
    for group in groups:
        part = CaseQuery(status=query.status, caseworker_id=group)
        stmt = _filtered(select(Client.id), part).where(case_scope(actor))
        stmt = stmt.order_by(date_order, id_order)
        ids.extend(_int_column(session, stmt))
    return ids


def _staff_names(session: Session) -> dict[int, str]:
    return dict(session.execute(select(User.id, User.display_name)).all())


def _int_column(session: Session, stmt: Select[Any]) -> list[int]:
    """First column of `stmt` as ints, read straight from the DB-API cursor."""
    connection = session.connection()
    if not connection.dialect.positional:  # the fast path below is written for qmark drivers
        return [int(v) for v in session.execute(stmt).scalars()]
    compiled = stmt.compile(dialect=connection.dialect)
    params = compiled.construct_params()
    positions = compiled.positiontup or []
    args = tuple(params[name] for name in positions)
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(str(compiled), args)
        return [row[0] for row in cursor.fetchall()]
    finally:
        cursor.close()
