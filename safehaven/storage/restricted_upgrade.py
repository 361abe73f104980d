"""Vault format 2: put restricted columns under the restricted key R (docs/vault-format.md).

A version-1 vault is upgraded on the first unlock by an administrator: R and the sealing key are
made, R is wrapped into the administrator's slot (and, where the caller has the secret, others),
the slot file is written, every plaintext value of a restricted column is encrypted in place in
one transaction that also sets `PRAGMA user_version = 2`, and then `VACUUM` and a WAL checkpoint
remove the old pages (secure_delete is on). A crash after the slot file is written and before
the commit leaves user_version below 2: the next administrator unlock finishes the job.

Format 3 puts the organization's exchange secret keys and the restricted members of referrals
received from partners under the codec too (models/restricted.py). A format-2 vault gets there
at the next unlock by anyone (`finish_format`): a session with R writes `r1:`, one without
seals `s1:` to the public sealing key, which needs no secret; the same one transaction, mark
(`user_version = 3`) and compaction as above.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from typing import Any

from safehaven.models.restricted import RESTRICTED_COLUMNS, RESTRICTED_MEMBERS
from safehaven.storage.fields import SEALED, SEALED_FOR_KEY, SealedFieldCodec
from safehaven.storage.keyslots import DATA_KEY_BYTES, SealingKey, rewrap, unwrap_keys
from safehaven.storage.vault import FORMAT_USER_VERSION, OpenVault


@dataclass(frozen=True)
class UpgradeResult:
    values_sealed: int
    new_restricted_key: bool  # True: R was made now (the vault was version 1)


def needs_upgrade(vault: OpenVault) -> bool:
    """Whether R must still be made, or the version-1 plaintext encrypted (administrators)."""
    return vault.sealing is None or format_version(vault) < 2


def format_version(vault: OpenVault) -> int:
    with vault.engine.connect() as conn:
        return int(conn.exec_driver_sql("PRAGMA user_version").scalar() or 0)


def finish_format(vault: OpenVault) -> int | None:
    """Format 2 → 3 at any unlock: seal what is still in clear (exchange keys, received
    referrals). The count sealed, or None when nothing was due (current, or still version 1)."""
    if vault.sealing is None or format_version(vault) >= FORMAT_USER_VERSION:
        return None
    sealed = seal_plaintext_columns(vault)
    if sealed:
        compact(vault)
    return sealed


def upgrade_to_v2(vault: OpenVault, *, slot_id: str, secret: str) -> UpgradeResult | None:
    """Upgrade (or finish upgrading) as the holder of `slot_id`; None when nothing was due or
    the slot cannot hold R (a vault already at version 2 whose slot lacks it)."""
    if not needs_upgrade(vault):
        return None
    created = False
    if vault.sealing is None:
        restricted_key = secrets.token_bytes(DATA_KEY_BYTES)
        slots = vault.load_keyslots()
        own = slots.slot(slot_id)
        if own is None:
            return None
        unwrap_keys(own, secret)  # the caller's secret opens this slot
        slots.sealing = SealingKey.new(restricted_key)
        slots.replace_slot(
            own.id, rewrap(own, vault.data_key, secret, own.kdf, restricted_key=restricted_key)
        )
        vault.save_keyslots(slots)
        vault.set_restricted(restricted_key, slots.sealing)
        created = True
    if vault.restricted_key is None:
        return None
    sealed = seal_plaintext_columns(vault)
    compact(vault)
    return UpgradeResult(sealed, created)


def mark_current(vault: OpenVault) -> None:
    """A new vault starts at format 2 (nothing to encrypt)."""
    with vault.engine.begin() as conn:
        conn.exec_driver_sql(f"PRAGMA user_version = {FORMAT_USER_VERSION}")


def seal_plaintext_columns(vault: OpenVault) -> int:
    """Encrypt every restricted value still in clear; one transaction with the version mark."""
    assert vault.sealing is not None  # noqa: S101 - set_restricted ran first
    codec = vault.codec()
    count = 0
    with vault.engine.begin() as conn:
        for table, columns in RESTRICTED_COLUMNS.items():
            count += _seal_table(conn, codec, table, columns)
        for (table, column), members in RESTRICTED_MEMBERS.items():
            count += _seal_members(conn, codec, table, column, members)
        conn.exec_driver_sql(f"PRAGMA user_version = {FORMAT_USER_VERSION}")
    return count


def compact(vault: OpenVault) -> None:
    """Rewrite the file so no page holds an old plaintext value; empty the write-ahead log."""
    with vault.engine.connect() as conn:
        conn.exec_driver_sql("VACUUM")
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def _seal_table(conn: Any, codec: Any, table: str, columns: tuple[str, ...]) -> int:
    assert isinstance(codec, SealedFieldCodec)  # noqa: S101 - only a v2 vault gets here
    names = ", ".join(f'"{c}"' for c in columns)
    rows = conn.exec_driver_sql(f'SELECT id, {names} FROM "{table}"').all()  # noqa: S608
    count = 0
    for row in rows:
        row_id, values = row[0], row[1:]
        changes = {}
        for column, value in zip(columns, values, strict=True):
            if value is None or str(value).startswith((SEALED, SEALED_FOR_KEY)):
                continue
            changes[column] = codec.encode(table, column, row_id, str(value))
        if changes:
            sets = ", ".join(f'"{c}" = ?' for c in changes)
            conn.exec_driver_sql(
                f'UPDATE "{table}" SET {sets} WHERE id = ?',  # noqa: S608
                (*changes.values(), row_id),
            )
            count += len(changes)
    return count


def _seal_members(conn: Any, codec: Any, table: str, column: str, members: tuple[str, ...]) -> int:
    rows = conn.exec_driver_sql(f'SELECT id, "{column}" FROM "{table}"').all()  # noqa: S608
    count = 0
    for row_id, text in rows:
        data = json.loads(text)
        changed = 0
        for member in members:
            value = data.get(member)
            if not isinstance(value, str) or value.startswith((SEALED, SEALED_FOR_KEY)):
                continue
            data[member] = codec.encode(table, f"{column}.{member}", row_id, value)
            changed += 1
        if changed:
            conn.exec_driver_sql(
                f'UPDATE "{table}" SET "{column}" = ? WHERE id = ?',  # noqa: S608
                (json.dumps(data, ensure_ascii=False, sort_keys=True), row_id),
            )
            count += changed
    return count
