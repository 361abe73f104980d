"""Take the database's write lock at the start of a read-then-write step (the audit chain).

pysqlite opens a transaction only before the first INSERT/UPDATE/DELETE, so a SELECT that comes
first runs outside it and can see a state another thread is about to change. A zero-row UPDATE
makes SQLite begin the write transaction (RESERVED lock, waiting up to busy_timeout) before we read.
PostgreSQL takes a transaction-scoped advisory lock instead.
"""

from __future__ import annotations

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from safehaven.models.audit import AuditEvent


def acquire_write_lock(session: Session) -> None:
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        session.execute(text("UPDATE audit_event SET id = id WHERE 0"))
    else:  # PostgreSQL: the advisory lock inside sh_audit_head (storage/postgres/schema.py)
        session.execute(text("SELECT head_id FROM sh_audit_head()"))


def chain_head(session: Session) -> tuple[int, str] | None:
    """Lock the audit chain for this transaction and return its head (id, hash), if any.

    In office mode staff cannot read every audit row, so the head comes from a function that
    runs as the schema owner and holds the one appender lock until the transaction ends.
    """
    if session.get_bind().dialect.name == "sqlite":
        acquire_write_lock(session)
        row = session.execute(
            select(AuditEvent.id, AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)
        ).first()
    else:
        row = session.execute(text("SELECT head_id, head_hash FROM sh_audit_head()")).first()
    if row is None or row[0] is None:
        return None
    return int(row[0]), str(row[1])
