"""The append-only triggers on `audit_event`: find missing or altered ones and put them back."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

from safehaven.services.actor import Actor
from safehaven.services.audit import record_event
from safehaven.storage.schema_extras import AUDIT_TRIGGERS

EXPECTED = {
    "audit_event_no_update": AUDIT_TRIGGERS[0],
    "audit_event_no_delete": AUDIT_TRIGGERS[1],
}
_MUST_CONTAIN = ("BEFORE", "ON AUDIT_EVENT", "RAISE(ABORT")


def missing_triggers(session: Session) -> tuple[str, ...]:
    """Names of append-only triggers that are absent or no longer abort the change."""
    rows = session.execute(
        text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = :t"),
        {"t": "audit_event"},
    ).all()
    found = {str(name): " ".join(str(sql or "").upper().split()) for name, sql in rows}
    bad = []
    for name in EXPECTED:
        sql = found.get(name)
        verb = "UPDATE" if name.endswith("update") else "DELETE"
        if sql is None or not all(p in sql for p in (*_MUST_CONTAIN, f"BEFORE {verb}")):
            bad.append(name)
    return tuple(bad)


def restore_triggers(session: Session, *, actor: Actor, names: tuple[str, ...]) -> None:
    """Recreate the named triggers and record that they were restored (one transaction)."""
    with session.begin():
        for name in names:
            session.execute(text(f'DROP TRIGGER IF EXISTS "{name}"'))
            session.execute(text(EXPECTED[name]))
        record_event(
            session,
            actor_id=actor.user_id,
            action="audit_triggers_restored",
            object_type="vault",
            details={"triggers": list(names)},
        )
