"""Where a client's rows live: every table with a foreign-key path to `client` or a `client_id`
column, found from the schema itself, deepest first. Erasure on both stores deletes in this
order (the vault from Python, the office server from a function built from the same list)."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Table, select
from sqlalchemy.sql.elements import ColumnElement

from safehaven.models.base import Base

KEPT_TABLES = ("audit_event", "statistical_fact", "client")

Condition = Callable[[int], ColumnElement[bool]]


def client_tables() -> list[tuple[Table, Condition]]:
    """Every table holding a client's rows with a condition selecting them, deepest first."""
    conditions: dict[str, Condition] = {}
    order: list[Table] = []
    for table in Base.metadata.sorted_tables:
        if table.name in KEPT_TABLES:
            continue
        cond = _condition(table, conditions)
        if cond is not None:
            conditions[table.name] = cond
            order.append(table)
    return [(t, conditions[t.name]) for t in reversed(order)]


def _condition(table: Table, known: dict[str, Condition]) -> Condition | None:
    if "client_id" in table.c:
        column = table.c.client_id
        return lambda cid: column == cid
    for fk in table.foreign_keys:
        parent = fk.column.table
        if parent.name in known:
            parent_cond, local, remote = known[parent.name], fk.parent, fk.column
            return lambda cid: local.in_(select(remote).where(parent_cond(cid)))
    return None
