"""Take the database's write lock at the start of a read-then-write step (the audit chain).

pysqlite opens a transaction only before the first INSERT/UPDATE/DELETE, so a SELECT that comes
first runs outside it and can see a state another thread is about to change. A zero-row UPDATE
makes SQLite begin the write transaction (RESERVED lock, waiting up to busy_timeout) before we read.
Other backends would take a row or advisory lock here instead.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session


def acquire_write_lock(session: Session) -> None:
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        session.execute(text("UPDATE audit_event SET id = id WHERE 0"))
    else:  # pragma: no cover - no other backend yet
        raise NotImplementedError(dialect)
