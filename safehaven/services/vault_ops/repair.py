"""`repair-keyslots`: rebuild a damaged or missing `keyslots.json` — never a healthy one.

Needs an administrator's password or the recovery key, which must open a slot of the source
copy (`keyslots.json.bak`, else the newest backup whose slots still open the live database).
Only slots valid at the last audited change are put back: the recovery slots and the slots the
database names for its active accounts (the `user` table changes in the same transaction as the
audit event of every account change). The damaged file is kept beside it, and the repair is an
audit event.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from safehaven.models.permissions import Role
from safehaven.models.user import User
from safehaven.services.audit import record_event
from safehaven.services.vault_ops.key_errors import KeySlotsHealthy
from safehaven.services.vault_ops.orphan_slots import active_slot_ids
from safehaven.storage import attempts
from safehaven.storage.engine import make_engine, probe_database
from safehaven.storage.errors import (
    DatabaseDamaged,
    KeySlotsDamaged,
    VaultNotFound,
    WrongCredentials,
)
from safehaven.storage.keyslot_copies import SLOTS_MEMBER, backup_files
from safehaven.storage.keyslots import (
    KeySlot,
    KeySlotFile,
    backup_path,
    load_keyslots,
    save_keyslots,
    unwrap_key,
)
from safehaven.storage.lock import VaultLock
from safehaven.storage.recovery import normalize_recovery_key
from safehaven.storage.vault import VaultPaths


@dataclass(frozen=True)
class RepairResult:
    kept_as: Path | None  # where the damaged file was kept (None when it was missing)
    restored: int  # slots put back
    dropped: int  # slots of the source copy no longer valid (revoked, orphan)
    accounts_without_slot: int  # active accounts the source copy had no slot for
    source: str  # "keyslots.json.bak" or a backup file name


def repair_keyslots(
    folder: Path, *, username: str | None, secret: str, now: dt.datetime
) -> RepairResult:
    """Rebuild keyslots.json, unlocking with `username`'s password (an administrator) or, when
    `username` is None, with the recovery key `secret`."""
    paths = VaultPaths(Path(folder))
    if not paths.db.exists():
        raise (
            VaultNotFound(str(paths.folder))
            if not paths.exists()
            else DatabaseDamaged(str(paths.db), "missing")
        )
    try:
        load_keyslots(paths.keyslots)
    except KeySlotsDamaged:
        pass
    else:
        raise KeySlotsHealthy(str(paths.keyslots))
    lock = VaultLock(paths.folder)
    lock.acquire()
    try:
        return _repair(paths, username, secret, now)
    finally:
        lock.release()


def _repair(paths: VaultPaths, username: str | None, secret: str, now: dt.datetime) -> RepairResult:
    opened = _open_with_any_copy(paths, username, secret)
    if opened is None:
        attempts.record_failure(paths.folder)
        raise WrongCredentials()
    source_name, source, slot, data_key = opened
    engine = make_engine(paths.db, data_key)
    try:
        sessions = sessionmaker(engine, expire_on_commit=False)
        with sessions() as session, session.begin():
            actor_id = _acting_admin(session, slot) if username is not None else None
            valid = active_slot_ids(session)
            restored = [s for s in source.slots if s.kind == "recovery" or s.id in valid]
            fresh = KeySlotFile(lookup_salt=source.lookup_salt, slots=restored)
            missing = len(valid - {s.id for s in restored})
            record_event(
                session,
                actor_id=actor_id,
                action="keyslots_repaired",
                object_type="vault",
                details={
                    "via": "password" if username is not None else "recovery_key",
                    "source": "backup" if source_name.endswith(".shbackup") else "bak",
                    "slots_restored": len(restored),
                    "slots_dropped": len(source.slots) - len(restored),
                    "accounts_without_slot": missing,
                },
            )
            session.flush()
            kept = _keep_damaged(paths.keyslots, now)
            save_keyslots(paths.keyslots, fresh)
    finally:
        engine.dispose()
    attempts.clear(paths.folder)
    return RepairResult(
        kept, len(restored), len(source.slots) - len(restored), missing, source_name
    )


def _open_with_any_copy(
    paths: VaultPaths, username: str | None, secret: str
) -> tuple[str, KeySlotFile, KeySlot, bytes] | None:
    """The first copy whose slot opens with the credential AND whose key opens the database."""
    for name, copy in _source_copies(paths):
        candidates = _slots_for(copy, username)
        key_secret = secret if username is not None else normalize_recovery_key(secret)
        for slot in candidates:
            try:
                data_key = unwrap_key(slot, key_secret)
                probe_database(paths.db, data_key, check_pages=False)
            except (WrongCredentials, DatabaseDamaged):
                continue
            return name, copy, slot, data_key
    return None


def _slots_for(copy: KeySlotFile, username: str | None) -> list[KeySlot]:
    if username is None:
        return copy.recovery_slots()
    slot = copy.user_slot(username)
    return [] if slot is None else [slot]


def _source_copies(paths: VaultPaths) -> Iterator[tuple[str, KeySlotFile]]:
    """`keyslots.json.bak`, then the bundled slots of each backup in the folder, newest first."""
    bak = backup_path(paths.keyslots)
    copy: KeySlotFile | None = None
    with contextlib.suppress(KeySlotsDamaged):
        copy = load_keyslots(bak)
    if copy is not None:
        yield bak.name, copy
    for path in sorted(backup_files(paths.folder), key=os.path.getmtime, reverse=True):
        try:
            with zipfile.ZipFile(path) as zf:
                raw = zf.read(SLOTS_MEMBER)
            yield path.name, KeySlotFile.from_json(json.loads(raw.decode("utf-8")))
        except (OSError, KeyError, ValueError, zipfile.BadZipFile, KeySlotsDamaged):
            continue


def _acting_admin(session: Session, slot: KeySlot) -> int:
    user = session.execute(select(User).where(User.slot_id == slot.id)).scalar()
    if user is None or not user.active or Role.ADMIN not in user.roles:
        raise WrongCredentials()
    return user.id


def _keep_damaged(path: Path, now: dt.datetime) -> Path | None:
    if not path.exists():
        return None
    stamp = now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    kept = path.with_name(f"{path.name}.damaged-{stamp}")
    Path(path).replace(kept)
    return kept
