"""Take the database's write lock at the start of a read-then-write step (the audit chain).

pysqlite opens a transaction only before the first INSERT/UPDATE/DELETE, so a SELECT that comes
first runs outside it and can see a state another thread is about to change. A zero-row UPDATE
makes SQLite begin the write transaction (RESERVED lock, waiting up to busy_timeout) before we read.
PostgreSQL takes a transaction-scoped advisory lock instead.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, text
from sqlalchemy.orm import Session, make_transient_to_detached

from safehaven.models.audit import GENESIS_HASH, AuditEvent, canonical_parts, chain_hash


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


_APPEND = text(
    "SELECT event_id, event_prev_hash, event_hash FROM sh_audit_append(:at, :actor, :action, "
    ":object_type, :object_id, :client, :details, :before, :after)"
)


def append_event(session: Session, event: AuditEvent) -> None:
    """Put `event` at the head of the chain: give it its id and links, hash it and write it.

    The chain stays locked until the transaction ends, so the caller writes everything else
    first. On PostgreSQL the server does it in one call (`sh_audit_append`, storage/postgres/
    schema.py) from the canonical text split around the id, which only the server knows."""
    if session.get_bind().dialect.name == "sqlite":
        head = chain_head(session)
        event.id = (head[0] + 1) if head else 1
        event.prev_hash = head[1] if head else GENESIS_HASH
        event.hash = chain_hash(event.prev_hash, event)
        session.add(event)
        session.flush()
        return
    before, after = canonical_parts(event)
    row = session.execute(
        _APPEND,
        {
            "at": event.at.astimezone(dt.UTC).replace(tzinfo=None),
            "actor": event.actor_id,
            "action": event.action,
            "object_type": event.object_type,
            "object_id": event.object_id,
            "client": event.client_id,
            "details": event.details,
            "before": before,
            "after": after,
        },
    ).one()
    event.id, event.prev_hash, event.hash = int(row[0]), str(row[1]), str(row[2])
    make_transient_to_detached(event)  # written by the server: known to the session, no INSERT
    session.add(event)
