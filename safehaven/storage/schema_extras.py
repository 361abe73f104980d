"""SQLite-only schema pieces the ORM does not describe: search index and append-only audit.

This is the DDL of migration 0001: change it only together with a new migration.
"""

from __future__ import annotations

from collections.abc import Callable

from safehaven.storage.search import create_client_search

AUDIT_TRIGGERS = (
    "CREATE TRIGGER IF NOT EXISTS audit_event_no_update BEFORE UPDATE ON audit_event "
    "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS audit_event_no_delete BEFORE DELETE ON audit_event "
    "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END",
)


def create_extras(execute: Callable[[str], object]) -> None:
    """SQLite's pieces; PostgreSQL gets its own in migration 0006 (storage/postgres/schema.py)."""
    from alembic import op

    if op.get_bind().dialect.name != "sqlite":
        return
    create_client_search(execute)
    for statement in AUDIT_TRIGGERS:
        execute(statement)
