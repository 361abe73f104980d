"""The vault: a folder with the encrypted database, its key slots, backups and a lock file."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import secrets
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from safehaven.storage import attempts
from safehaven.storage.audit_head import sign_head
from safehaven.storage.engine import make_engine, probe_database
from safehaven.storage.errors import (
    DatabaseDamaged,
    KeySlotsDamaged,
    VaultExists,
    VaultNotFound,
    WrongCredentials,
    guard_write,
)
from safehaven.storage.fields import (
    SESSION_INFO_KEY,
    FieldCodec,
    PassThroughCodec,
    SealedFieldCodec,
)
from safehaven.storage.head_tracking import HeadTracker
from safehaven.storage.keyslots import (
    DATA_KEY_BYTES,
    KdfParams,
    KeySlot,
    KeySlotFile,
    SealingKey,
    burn_equal_time,
    load_keyslots,
    save_keyslots,
    unwrap_keys,
)
from safehaven.storage.lock import VaultLock
from safehaven.storage.migrate import upgrade
from safehaven.storage.private_files import (
    create_private_file,
    restrict_folder,
    secure_vault_folder,
)
from safehaven.storage.recovery import new_recovery_key, normalize_recovery_key

log = logging.getLogger(__name__)

DB_NAME = "safehaven.db"
KEYSLOTS_NAME = "keyslots.json"
BACKUPS_DIR = "backups"
# `PRAGMA user_version`: 2 = restricted columns under R; 3 = also the exchange keys and the
# restricted members of received referrals (storage/restricted_upgrade.py)
FORMAT_USER_VERSION = 3


@dataclass(frozen=True)
class VaultPaths:
    folder: Path

    @property
    def db(self) -> Path:
        return self.folder / DB_NAME

    @property
    def keyslots(self) -> Path:
        return self.folder / KEYSLOTS_NAME

    @property
    def backups(self) -> Path:
        return self.folder / BACKUPS_DIR

    def exists(self) -> bool:
        return self.db.exists() or self.keyslots.exists()


@dataclass
class OpenVault:
    """An unlocked vault: the engine, a session factory, and the data key (kept in memory).

    `restricted_key` is R when the signed-in slot holds it; `sealing` is None in a version-1
    vault (no restricted key yet: restricted columns are plain, as before). Every session
    carries the field codec built from them (`storage.fields.field_codec(session)`).
    """

    kind: ClassVar[str] = "vault"  # the store kind (storage.stores.Store); "office" on a server
    paths: VaultPaths
    engine: Engine
    data_key: bytes
    kdf: KdfParams
    lock: VaultLock
    restricted_key: bytes | None = None
    sealing: SealingKey | None = None
    sessions: sessionmaker[Session] = field(init=False)
    heads: HeadTracker = field(init=False)

    def __post_init__(self) -> None:
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.heads = HeadTracker(self.paths.folder, lambda: self.data_key)
        self.heads.check_against(self.engine)
        self.heads.install(self.sessions)
        self.set_restricted(self.restricted_key, self.sealing)

    def set_restricted(self, restricted_key: bytes | None, sealing: SealingKey | None) -> None:
        """Attach the codec for these keys to every session made from now on."""
        self.restricted_key, self.sealing = restricted_key, sealing
        self.sessions.configure(info={SESSION_INFO_KEY: self.codec()})

    def codec(self) -> FieldCodec:
        if self.sealing is None:
            return PassThroughCodec()
        if self.restricted_key is None:
            return SealedFieldCodec(None, self.sealing.public_key)
        private = self.sealing.private_key(self.restricted_key)
        return SealedFieldCodec(self.restricted_key, self.sealing.public_key, private)

    @property
    def folder(self) -> Path:
        return self.paths.folder

    def session(self) -> Session:
        return self.sessions()

    def load_keyslots(self) -> KeySlotFile:
        return load_keyslots(self.paths.keyslots)

    def save_keyslots(self, slots: KeySlotFile) -> None:
        guard_write(self.paths.keyslots, lambda: save_keyslots(self.paths.keyslots, slots))

    def sign_audit_head(self, seq: int, digest: str) -> dict[str, object]:
        """A chain head authenticated with this vault's data key (for export manifests)."""
        return sign_head(self.data_key, seq, digest).to_json()

    def checkpoint(self) -> None:
        with contextlib.suppress(Exception), self.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")

    def close(self) -> None:
        """Checkpoint, dispose every connection (SQLCipher wipes its key copy), release the lock."""
        self.checkpoint()
        self.engine.dispose()
        self.data_key = b""
        self.restricted_key = None
        self.sessions.configure(info={})
        self.lock.release()

    def __enter__(self) -> OpenVault:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def create_vault(
    folder: Path, *, admin_username: str, admin_password: str, kdf: KdfParams | None = None
) -> tuple[OpenVault, str, str]:
    """A new vault with an administrator slot and a recovery slot.

    Returns (open vault, recovery key as shown to the user, the admin's slot id). Refuses to
    touch a folder that already holds a vault.
    """
    kdf = kdf or KdfParams()
    paths = VaultPaths(Path(folder))
    if paths.exists():
        raise VaultExists(str(paths.folder))
    guard_write(paths.folder, lambda: paths.folder.mkdir(parents=True, exist_ok=True))
    guard_write(paths.folder, lambda: restrict_folder(paths.folder))
    lock = VaultLock(paths.folder)
    guard_write(paths.folder, lock.acquire)
    data_key = secrets.token_bytes(DATA_KEY_BYTES)
    restricted_key = secrets.token_bytes(DATA_KEY_BYTES)
    recovery_key = new_recovery_key()
    slots = KeySlotFile.new()
    slots.sealing = SealingKey.new(restricted_key)
    admin_slot = slots.add_user_slot(admin_username, admin_password, data_key, kdf, restricted_key)
    slots.add_recovery_slot(normalize_recovery_key(recovery_key), data_key, kdf, restricted_key)
    try:
        guard_write(paths.db, lambda: create_private_file(paths.db))
        engine = make_engine(paths.db, data_key)
        guard_write(paths.db, lambda: upgrade(engine))
        with engine.begin() as conn:  # the current format from the start: nothing in clear
            conn.exec_driver_sql(f"PRAGMA user_version = {FORMAT_USER_VERSION}")
        guard_write(paths.keyslots, lambda: save_keyslots(paths.keyslots, slots))
        secure_vault_folder(paths.folder)
    except BaseException:
        lock.release()
        for leftover in (paths.db, Path(f"{paths.db}-wal"), Path(f"{paths.db}-shm")):
            leftover.unlink(missing_ok=True)
        raise
    log.info("vault created (kdf t=%s m=%s p=%s)", kdf.time_cost, kdf.memory_kib, kdf.parallelism)
    vault = OpenVault(paths, engine, data_key, kdf, lock, restricted_key, slots.sealing)
    return vault, recovery_key, admin_slot.id


def open_with_password(folder: Path, username: str, password: str) -> tuple[OpenVault, str]:
    """Unlock with an account's password. Returns (open vault, slot id)."""
    paths = _existing(folder)
    slots = load_keyslots(paths.keyslots)
    slot = slots.user_slot(username)
    return _unlock(paths, slot, password, slots)


def open_with_recovery(folder: Path, recovery_key: str) -> tuple[OpenVault, str]:
    """Unlock with the printed recovery key. Returns (open vault, recovery slot id)."""
    paths = _existing(folder)
    slots = load_keyslots(paths.keyslots)
    secret = normalize_recovery_key(recovery_key)
    for slot in slots.recovery_slots():
        with contextlib.suppress(WrongCredentials):
            return _unlock(paths, slot, secret, slots, count_failure=False)
    if not slots.recovery_slots():
        burn_equal_time(KdfParams())
    attempts.record_failure(paths.folder)
    raise WrongCredentials()


def _existing(folder: Path) -> VaultPaths:
    paths = VaultPaths(Path(folder))
    if not paths.db.exists() and not paths.keyslots.exists():
        raise VaultNotFound(str(paths.folder))
    if not paths.db.exists():
        raise DatabaseDamaged(str(paths.db), "missing")
    return paths


def _unlock(
    paths: VaultPaths,
    slot: KeySlot | None,
    secret: str,
    slots: KeySlotFile,
    *,
    count_failure: bool = True,
) -> tuple[OpenVault, str]:
    delay = attempts.delay_for(len(attempts.failures(paths.folder)))
    if delay:
        time.sleep(delay)
    started = time.perf_counter()
    try:
        if slot is None:
            burn_equal_time(slots.slots[0].kdf if slots.slots else KdfParams())
            raise WrongCredentials()
        data_key, restricted_key = unwrap_keys(slot, secret)
    except WrongCredentials:
        if count_failure:
            attempts.record_failure(paths.folder)
        raise
    lock = VaultLock(paths.folder)
    guard_write(paths.folder, lock.acquire)  # a read-only vault: a sentence, not OSError
    try:
        probe_database(paths.db, data_key)
        engine = make_engine(paths.db, data_key)
        upgrade(engine, before_upgrade=lambda rev: _pre_upgrade_backup(paths, engine, rev))
        secure_vault_folder(paths.folder)  # also tightens vaults made before 0700/0600
    except BaseException:
        lock.release()
        raise
    log.info("vault unlocked in %.0f ms", (time.perf_counter() - started) * 1000)
    sealing = slots.sealing
    opened = OpenVault(paths, engine, data_key, slot.kdf, lock, restricted_key, sealing)
    return opened, slot.id


def _pre_upgrade_backup(paths: VaultPaths, engine: Engine, revision: str | None) -> None:
    paths.backups.mkdir(exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    target = paths.backups / f"pre-upgrade-{revision}-{stamp}.db"
    with engine.connect() as conn:
        conn.execute(text("VACUUM INTO :target"), {"target": str(target)})
    shutil.copy2(paths.keyslots, target.with_suffix(".keyslots.json"))
    log.info("backup taken before schema upgrade from %s", revision)


def wipe_failed_creation(folder: Path) -> None:
    """Remove what a failed `create_vault` left (only files SafeHaven itself names)."""
    paths = VaultPaths(Path(folder))
    for name in (DB_NAME, f"{DB_NAME}-wal", f"{DB_NAME}-shm", KEYSLOTS_NAME, "safehaven.lock"):
        with contextlib.suppress(FileNotFoundError):
            (paths.folder / name).unlink()


__all__ = [
    "KeySlotsDamaged",
    "OpenVault",
    "VaultPaths",
    "create_vault",
    "open_with_password",
    "open_with_recovery",
]
