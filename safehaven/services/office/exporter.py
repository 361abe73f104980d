"""Move an office database back onto a laptop: a new vault holding a copy of it.

The way back of `importer.py`. The new vault is made as `safehaven init` makes one (its own data
key, restricted key, recovery key and an administrator slot with the password given), then every
table is copied with its ids from one consistent snapshot of the office database, read as the
schema owner. Restricted values, kept readable on the server behind column privileges, are
sealed under the new vault's restricted key as the vault stores them. The office chain is
verified before the copy and again in the vault after it, the row counts are compared, and an
`office_imported` event that names the office chain's head anchors where the server's history
ends.

Office accounts arrive without a key slot: only the administrator named here can unlock the new
vault at first, and gives the others a temporary password (`safehaven users reset-password`).
If an office account has that name, it becomes the administrator (its roles gain `admin`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, create_engine, func, insert, select, text
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from safehaven.models import Base
from safehaven.models.audit import AuditEvent
from safehaven.models.permissions import Role
from safehaven.models.restricted import RESTRICTED_COLUMNS, RESTRICTED_MEMBERS
from safehaven.models.user import User
from safehaven.services.accounts.accounts import check_new_account
from safehaven.services.actor import Actor
from safehaven.services.audit import record_event, verify_chain
from safehaven.storage.fields import FieldCodec
from safehaven.storage.keyslots import KdfParams
from safehaven.storage.postgres.errors import OfficeSetupFailed
from safehaven.storage.postgres.roles import OWNER
from safehaven.storage.postgres.setup import sqlalchemy_url
from safehaven.storage.vault import OpenVault, create_vault, wipe_failed_creation

BATCH = 2000
_CHECKER = Actor(0, "", "", (Role.ADMIN,))  # reads the chain only: VERIFY_AUDIT


@dataclass(frozen=True)
class VaultExport:
    counts: dict[str, int]
    audit_events: int  # office events copied (verified before and after)
    anchored_head: str | None  # the office chain's head hash, named by the anchoring event
    recovery_key: str  # the new vault's, shown once
    waiting_accounts: int  # active accounts that need a password from the administrator


def export_office(
    admin_dsn: str,
    folder: Path,
    *,
    admin_username: str,
    admin_password: str,
    kdf: KdfParams | None = None,
    progress: Callable[[str, int], None] | None = None,
) -> VaultExport:
    """Copy the office database at `admin_dsn` into a new vault in `folder`."""
    check_new_account(admin_username, admin_password)
    office = create_engine(sqlalchemy_url(admin_dsn), poolclass=NullPool)
    try:
        with _snapshot(office.connect()) as source:
            with Session(source) as reader:
                chain = verify_chain(reader, actor=_CHECKER)
            if not chain.ok:
                raise OfficeSetupFailed("audit_chain_broken")
            vault, recovery_key, slot_id = create_vault(
                folder, admin_username=admin_username, admin_password=admin_password, kdf=kdf
            )
            try:
                report = _fill(vault, source, admin_username, slot_id, progress)
            except BaseException:
                vault.close()
                wipe_failed_creation(folder)
                raise
            vault.close()
    finally:
        office.dispose()
    counts, head, waiting = report
    return VaultExport(counts, chain.checked, head, recovery_key, waiting)


class _snapshot:
    """A read-only REPEATABLE READ transaction as the schema owner: one consistent picture of
    the office while staff go on working."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn.execution_options(
            isolation_level="REPEATABLE READ", postgresql_readonly=True
        )

    def __enter__(self) -> Connection:
        self.conn.begin()
        self.conn.execute(text(f'SET LOCAL ROLE "{OWNER}"'))
        return self.conn

    def __exit__(self, *exc: object) -> None:
        self.conn.rollback()
        self.conn.close()


def _fill(
    vault: OpenVault,
    source: Connection,
    admin_username: str,
    slot_id: str,
    progress: Callable[[str, int], None] | None,
) -> tuple[dict[str, int], str | None, int]:
    codec = vault.codec()
    with vault.session() as target, target.begin():
        counts = _copy_tables(source, target, codec, progress)
        head = target.execute(select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1))
        office_head = head.scalar()
        admin, added = _make_admin(target, admin_username, slot_id)
        _check_counts(target, {**counts, "user": counts["user"] + added})
        actor = Actor(admin.id, admin.username, admin.display_name, admin.roles)
        if not verify_chain(target, actor=actor).ok:
            raise OfficeSetupFailed("audit_chain_broken")
        record_event(
            target,
            actor_id=admin.id,
            action="office_imported",
            object_type="vault",
            details={"events": counts["audit_event"], "head": office_head or ""},
        )
        waiting = target.execute(
            select(func.count())
            .select_from(User)
            .where(User.active.is_(True), User.slot_id.is_(None))
        ).scalar_one()
    return counts, office_head, int(waiting)


def _copy_tables(
    source: Connection,
    target: Session,
    codec: FieldCodec,
    progress: Callable[[str, int], None] | None,
) -> dict[str, int]:
    counts: dict[str, int] = {}
    for table in Base.metadata.sorted_tables:
        stmt = select(table).order_by(*table.primary_key.columns)
        rows = source.execution_options(yield_per=BATCH).execute(stmt).mappings()
        counts[table.name] = 0
        for batch in _batches(rows):
            sealed = [_for_vault(dict(row), table.name, codec) for row in batch]
            target.execute(insert(table), sealed)
            counts[table.name] += len(sealed)
        if progress:
            progress(table.name, counts[table.name])
    return counts


def _batches(rows: Any) -> Iterator[list[Any]]:
    while batch := rows.fetchmany(BATCH):
        yield batch


def _for_vault(row: dict[str, Any], table: str, codec: FieldCodec) -> dict[str, Any]:
    """The row as the vault stores it: restricted values sealed under its restricted key, each
    bound to its table, column and row id; accounts without a key slot of this vault (one they
    had in a vault before the office names no slot here)."""
    if table == "user":
        row["slot_id"] = None
    for column in RESTRICTED_COLUMNS.get(table, ()):
        row[column] = codec.encode(table, column, row["id"], row[column])
    for (member_table, column), members in RESTRICTED_MEMBERS.items():
        if member_table != table or row[column] is None:
            continue
        data = json.loads(row[column])
        for member in members:
            if isinstance(data.get(member), str):
                name = f"{column}.{member}"
                data[member] = codec.encode(table, name, row["id"], data[member])
        row[column] = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return row


def _make_admin(target: Session, username: str, slot_id: str) -> tuple[User, int]:
    """The account that unlocks the new vault: the office account of that name, or a new one
    (then the second value is 1)."""
    found = target.execute(
        select(User).where(func.lower(User.username) == username.casefold())
    ).scalar()
    if found is None:
        found = User(username=username, display_name=username, slot_id=slot_id)
        found.roles = (Role.ADMIN,)
        target.add(found)
        target.flush()
        return found, 1
    else:
        found.roles = (*[r for r in found.roles if r is not Role.ADMIN], Role.ADMIN)
        found.slot_id = slot_id
        found.active = True
        found.must_change_password = False
        found.deactivated_at = None
    target.flush()
    return found, 0


def _check_counts(target: Session, expected: dict[str, int]) -> None:
    for table in Base.metadata.sorted_tables:
        held = target.execute(select(func.count()).select_from(table)).scalar_one()
        if held != expected[table.name]:
            raise OfficeSetupFailed("export_counts_differ")
