"""Move a laptop vault into a freshly initialized office database.

Every table is copied with its ids, so the audit chain continues unbroken: the office database's
chain starts with the vault's own events (verified after the copy) and an `vault_imported`
event that names the old head hash anchors where the laptop's history ends. Only the office's
first administrator (and the exchange keys `office init` made) may exist before the copy; if
the vault has an account of the same name, that account becomes the administrator (its roles
gain `admin`). A vault with exchange keys brings them, so its partners' verification still
holds; the office keeps the keys it was given only when the vault has none.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, create_engine, delete, func, insert, select, text
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from safehaven.models import Base
from safehaven.models.audit import AuditEvent
from safehaven.models.permissions import Role
from safehaven.models.restricted import RESTRICTED_COLUMNS, RESTRICTED_MEMBERS
from safehaven.models.user import User
from safehaven.services.actor import Actor
from safehaven.services.audit import record_event, verify_chain
from safehaven.storage.fields import FieldCodec, Restricted
from safehaven.storage.postgres.errors import OfficeSetupFailed
from safehaven.storage.postgres.roles import OWNER
from safehaven.storage.postgres.setup import sqlalchemy_url

BATCH = 2000
KEYS = Base.metadata.tables["exchange_identity"]


@dataclass(frozen=True)
class ImportReport:
    counts: dict[str, int]
    audit_events: int
    anchored_head: str | None


def import_vault(
    vault_engine: Engine,
    admin_dsn: str,
    *,
    codec: FieldCodec,
    progress: Callable[[str, int], None] | None = None,
) -> ImportReport:
    """Copy `vault_engine`'s data into the office database at `admin_dsn` (as the owner).

    Restricted values are decrypted with `codec` (the signed-in administrator's, which holds the
    restricted key) and stored as they are: the office database hides them with column
    privileges instead (storage/postgres/security.py)."""
    office = create_engine(sqlalchemy_url(admin_dsn), poolclass=NullPool)
    try:
        with Session(office) as target, target.begin():
            target.execute(text(f'SET LOCAL ROLE "{OWNER}"'))
            keys = _take_keys(target)
            admin = _take_admin(target)
            counts = _copy_tables(vault_engine, target, codec, progress)
            head = _restore_admin(target, admin)
            if not counts.get(KEYS.name):
                _restore_keys(target, keys, admin.id)
            _reset_sequences(target)
            report = verify_chain(target, actor=_owner_actor(admin))
            if not report.ok:
                raise OfficeSetupFailed("audit_chain_broken")
            record_event(
                target,
                actor_id=admin.id,
                action="vault_imported",
                object_type="vault",
                details={"events": report.checked, "head": head or ""},
            )
    finally:
        office.dispose()
    return ImportReport(counts, report.checked, head)


def _take_keys(target: Session) -> list[dict[str, Any]]:
    """The exchange keys `office init` made, set aside (they name the administrator's row)."""
    rows = [dict(r) for r in target.execute(select(KEYS)).mappings()]
    target.execute(delete(KEYS))
    return rows


def _restore_keys(target: Session, rows: list[dict[str, Any]], admin_id: int) -> None:
    for row in rows:
        target.execute(insert(KEYS), {**row, "created_by_id": admin_id})


def _take_admin(target: Session) -> User:
    users = target.execute(select(User)).scalars().all()
    others = sum(
        target.execute(select(func.count()).select_from(t)).scalar_one()
        for t in Base.metadata.sorted_tables
        if t.name not in ("user", "setting")
    )
    if len(users) != 1 or others:
        raise OfficeSetupFailed("database_not_empty")
    admin = users[0]
    target.expunge(admin)
    target.execute(delete(User))
    target.execute(delete(Base.metadata.tables["setting"]))
    return admin


def _copy_tables(
    source: Engine,
    target: Session,
    codec: FieldCodec,
    progress: Callable[[str, int], None] | None,
) -> dict[str, int]:
    counts: dict[str, int] = {}
    with source.connect() as conn:
        for table in Base.metadata.sorted_tables:
            rows = conn.execute(select(table).order_by(*table.primary_key.columns)).mappings()
            batch: list[dict[str, Any]] = []
            counts[table.name] = 0
            restricted = RESTRICTED_COLUMNS.get(table.name, ())
            for row in rows:
                batch.append(_plain(dict(row), table.name, restricted, codec))
                if len(batch) >= BATCH:
                    counts[table.name] += _flush(target, table, batch)
            counts[table.name] += _flush(target, table, batch)
            if progress:
                progress(table.name, counts[table.name])
    return counts


def _plain(
    row: dict[str, Any], table: str, columns: tuple[str, ...], codec: FieldCodec
) -> dict[str, Any]:
    for column in columns:
        row[column] = _readable(codec.decode(table, column, row["id"], row[column]))
    for (member_table, column), members in RESTRICTED_MEMBERS.items():
        if member_table == table:
            data = json.loads(row[column])
            for member in members:
                if isinstance(data.get(member), str):
                    stored = data[member]
                    name = f"{column}.{member}"
                    data[member] = _readable(codec.decode(table, name, row["id"], stored))
            row[column] = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return row


def _readable(value: str | Restricted | None) -> str | None:
    if isinstance(value, Restricted):
        raise OfficeSetupFailed("restricted_unreadable")
    return value


def _flush(target: Session, table: Any, batch: list[dict[str, Any]]) -> int:
    if not batch:
        return 0
    target.execute(insert(table), batch)
    n = len(batch)
    batch.clear()
    return n


def _restore_admin(target: Session, admin: User) -> str | None:
    """Give the office administrator their row back; returns the imported chain's head hash."""
    same = target.execute(select(User).where(User.username == admin.username)).scalar()
    if same is not None:
        same.roles = (*[r for r in same.roles if r is not Role.ADMIN], Role.ADMIN)
        same.active = True
        admin.id = same.id
    else:
        next_id = (target.execute(select(func.max(User.id))).scalar() or 0) + 1
        admin.id = next_id
        target.add(target.merge(admin))
    target.flush()
    head = target.execute(select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1))
    return head.scalar()


def _reset_sequences(target: Session) -> None:
    for table in Base.metadata.sorted_tables:
        if "id" not in table.c or not table.c.id.primary_key:
            continue
        target.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "  # noqa: S608
                f'coalesce((SELECT max(id) FROM "{table.name}"), 0) + 1, false)'
            )
        )


def _owner_actor(admin: User) -> Actor:
    return Actor(admin.id, admin.username, admin.display_name, (Role.ADMIN,))
