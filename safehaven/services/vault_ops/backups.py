"""Backups: automatic (daily and on sign-out, rotated), manual, verify and restore.

The shell calls `auto_backup_if_due(vault, actor=…, now=…)` once after sign-in and then about
hourly, and `backup_on_close(vault, actor=…, now=…)` just before signing out or closing (before
`vault.close()`). Both are quiet: they return None when nothing was due.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from safehaven.models.audit import AuditEvent
from safehaven.models.permissions import Permission, Role
from safehaven.services import settings as settings_service
from safehaven.services.access import require
from safehaven.services.actor import Actor
from safehaven.services.audit import record_event, verify_chain
from safehaven.services.audit_trail.heads import mark_restore
from safehaven.services.errors import ConfirmationRequired
from safehaven.storage import backup as files
from safehaven.storage.engine import make_engine
from safehaven.storage.errors import (
    BackupInvalid,
    DatabaseDamaged,
    VaultExists,
    WrongCredentials,
    guard_write,
)
from safehaven.storage.interrupt import never
from safehaven.storage.keyslots import KeySlotFile, save_keyslots, unwrap_key
from safehaven.storage.private_files import restrict_folder, secure_vault_folder
from safehaven.storage.recovery import normalize_recovery_key
from safehaven.storage.vault import KEYSLOTS_NAME, OpenVault, VaultPaths

AUTO_INTERVAL = dt.timedelta(hours=24)
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 7, 4, 12
BACKUP_ACTIONS = ("backup_created",)
_VERIFIER = Actor(0, "", "", (Role.ADMIN,))  # checks a backup's chain; never writes


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    kind: str
    created_at: dt.datetime
    size_bytes: int


@dataclass(frozen=True)
class VerifyReport:
    path: Path
    kind: str
    created_at: dt.datetime
    schema_revision: str | None
    integrity_ok: bool
    cipher_ok: bool
    audit_ok: bool
    audit_events: int
    clients: int
    users: int
    tables: dict[str, int]
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return self.integrity_ok and self.cipher_ok and self.audit_ok


# -- taking backups -------------------------------------------------------------------------------
def create_backup(
    vault: OpenVault,
    *,
    actor: Actor,
    now: dt.datetime,
    folder: Path | None = None,
    kind: str = "manual",
    is_cancelled: Callable[[], bool] = never,
) -> BackupInfo:
    """A verified backup file in `folder` (default: the vault's backups/ folder). Cancelled, it
    raises Interrupted and leaves no file behind."""
    if kind == "manual":
        require(actor, Permission.BACKUP)
    return _take(
        vault, actor_id=actor.user_id, now=now, folder=folder, kind=kind, is_cancelled=is_cancelled
    )


def auto_backup_if_due(vault: OpenVault, *, actor: Actor, now: dt.datetime) -> BackupInfo | None:
    """Take the daily automatic backup when the last one is 24 h old or more; then rotate."""
    with vault.session() as session:
        last = str(settings_service.get_setting(session, "last_auto_backup"))
    if last and now - dt.datetime.fromisoformat(last) < AUTO_INTERVAL:
        return None
    return _auto(vault, actor, now)


def backup_on_close(vault: OpenVault, *, actor: Actor, now: dt.datetime) -> BackupInfo | None:
    """At sign-out or close: an automatic backup unless nothing happened since the last one."""
    if not vault.data_key:  # already closed (e.g. after a restore over it)
        return None
    with vault.session() as session:
        last = session.execute(
            select(AuditEvent.action).order_by(AuditEvent.id.desc()).limit(1)
        ).scalar()
    if last in BACKUP_ACTIONS:
        return None
    return _auto(vault, actor, now)


def list_vault_backups(vault: OpenVault) -> list[BackupInfo]:
    return [
        BackupInfo(p, m.kind, m.created, p.stat().st_size)
        for p, m in files.list_backups(vault.paths.backups)
        if m is not None
    ]


def rotate_backups(folder: Path) -> list[Path]:
    """Keep the newest automatic backup of each of the last 7 days, 4 weeks and 12 months; delete
    the other automatic ones. Manual, pre-restore and pre-rotate backups are never deleted."""
    autos = [(p, m) for p, m in files.list_backups(folder) if m is not None and m.kind == "auto"]
    keep = keep_generations([m.created for _p, m in autos])
    removed = []
    for index, (path, _m) in enumerate(autos):
        if index not in keep:
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def keep_generations(stamps: list[dt.datetime]) -> set[int]:
    """Indexes (into `stamps`, newest first) of the generations to keep: 7 daily, 4 weekly (ISO
    week), 12 monthly — the newest backup of each period, for the most recent periods."""
    keep: set[int] = set()
    for key, count in (
        (lambda t: t.date(), KEEP_DAILY),
        (lambda t: t.isocalendar()[:2], KEEP_WEEKLY),
        (lambda t: (t.year, t.month), KEEP_MONTHLY),
    ):
        seen: list[object] = []
        for index, stamp in enumerate(stamps):
            period = key(stamp)
            if period not in seen:
                seen.append(period)
                if len(seen) <= count:
                    keep.add(index)
    return keep


# -- verify and restore ---------------------------------------------------------------------------
def backup_data_key(slots: KeySlotFile, *, username: str | None, secret: str) -> bytes:
    """The data key from a backup's own slots: a user's password, or (no username) the recovery
    key. WrongCredentials otherwise."""
    if username:
        slot = slots.user_slot(username)
        if slot is None:
            raise WrongCredentials()
        return unwrap_key(slot, secret)
    normalized = normalize_recovery_key(secret)
    for slot in slots.recovery_slots():
        with contextlib.suppress(WrongCredentials):
            return unwrap_key(slot, normalized)
    raise WrongCredentials()


def verify_backup(
    path: Path,
    *,
    username: str | None = None,
    secret: str = "",
    data_key: bytes | None = None,
    progress: Callable[[int, int], None] = lambda done, total: None,
    is_cancelled: Callable[[], bool] = lambda: False,
) -> VerifyReport:
    """Open a backup with its own slots (or a known data key), check both integrity pragmas and
    the audit chain, and count the records."""
    with files.extracted(path) as (manifest, slots, db):
        key = data_key or backup_data_key(slots, username=username, secret=secret)
        progress(1, 4)
        try:
            check = files.check_database(db, key)
        except DatabaseDamaged:
            if data_key is None:
                raise
            raise WrongCredentials() from None  # taken under another key (before a rotation)
        progress(2, 4)
        counts = files.table_counts(db, key) if check.integrity_ok else {}
        progress(3, 4)
        audit_ok, events = _chain_ok(db, key) if check.integrity_ok else (False, 0)
        progress(4, 4)
    return VerifyReport(
        path=path,
        kind=manifest.kind,
        created_at=manifest.created,
        schema_revision=manifest.schema_revision,
        integrity_ok=check.integrity_ok,
        cipher_ok=check.cipher_ok,
        audit_ok=audit_ok,
        audit_events=events,
        clients=counts.get("client", 0),
        users=counts.get("user", 0),
        tables=counts,
        problems=check.problems,
    )


def restore_to_new_folder(
    path: Path, folder: Path, *, username: str | None = None, secret: str | None = None
) -> VerifyReport | None:
    """Restore into an empty data folder. With credentials, the backup is fully verified first;
    without, only its checksums are. The restored vault opens with the backup's passwords."""
    paths = VaultPaths(Path(folder))
    if paths.exists():
        raise VaultExists(str(paths.folder))
    report = None
    if secret is not None:
        report = verify_backup(path, username=username, secret=secret)
        if not report.ok:
            raise BackupInvalid(str(path), "integrity")
    paths.folder.mkdir(parents=True, exist_ok=True)
    _manifest, slots_raw = files.extract_into(path, paths.folder)
    _write_slots(paths.folder / KEYSLOTS_NAME, slots_raw)
    secure_vault_folder(paths.folder)
    return report


def restore_over_vault(
    vault: OpenVault,
    *,
    actor: Actor,
    path: Path,
    now: dt.datetime,
    confirmed: bool,
    username: str | None = None,
    secret: str | None = None,
) -> BackupInfo:
    """Replace the open vault with a backup, after an explicit confirmation and after backing up
    the current vault (returned). The vault is closed afterwards: sign in again."""
    require(actor, Permission.RESTORE)
    if not confirmed:
        raise ConfirmationRequired("restore_over_vault")
    key = vault.data_key if secret is None else None
    report = verify_backup(path, username=username, secret=secret or "", data_key=key)
    if not report.ok:
        raise BackupInvalid(str(path), "integrity")
    safety = _take(vault, actor_id=actor.user_id, now=now, folder=None, kind="pre-restore")
    vault.checkpoint()
    vault.engine.dispose()
    for suffix in ("-wal", "-shm"):
        Path(f"{vault.paths.db}{suffix}").unlink(missing_ok=True)
    manifest, slots_raw = files.extract_into(path, vault.paths.folder)
    _write_slots(vault.paths.keyslots, slots_raw)
    mark_restore(vault, manifest.audit_head, now=now)
    vault.data_key = b""
    vault.engine.dispose()
    vault.lock.release()
    return safety


# -- internals ------------------------------------------------------------------------------------
def _auto(vault: OpenVault, actor: Actor, now: dt.datetime) -> BackupInfo:
    info = _take(vault, actor_id=actor.user_id, now=now, folder=None, kind="auto")
    rotate_backups(vault.paths.backups)
    return info


def _take(
    vault: OpenVault,
    *,
    actor_id: int,
    now: dt.datetime,
    folder: Path | None,
    kind: str,
    is_cancelled: Callable[[], bool] = never,
) -> BackupInfo:
    target_dir = folder or vault.paths.backups
    guard_write(target_dir, lambda: target_dir.mkdir(parents=True, exist_ok=True))
    if folder is None:
        guard_write(target_dir, lambda: restrict_folder(target_dir))
    target = _free_name(target_dir, kind, now)
    slots_raw = guard_write(vault.paths.keyslots, vault.paths.keyslots.read_bytes)
    manifest = files.write_backup(
        vault.paths.db,
        vault.data_key,
        slots_raw,
        target,
        kind=kind,
        now=now,
        is_cancelled=is_cancelled,
    )
    with vault.session() as session, session.begin():
        if kind == "auto":
            settings_service.put_setting(session, "last_auto_backup", manifest.created_at)
        record_event(
            session,
            actor_id=actor_id,
            action="backup_created",
            object_type="vault",
            details={"kind": kind, "bytes": manifest.db_bytes},
        )
    return BackupInfo(target, kind, manifest.created, target.stat().st_size)


def _free_name(folder: Path, kind: str, now: dt.datetime) -> Path:
    stamp = now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    prefix = "safehaven" if kind == "manual" else kind
    target = folder / f"{prefix}-{stamp}{files.SUFFIX}"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{prefix}-{stamp}-{n}{files.SUFFIX}"
    return target


def _write_slots(path: Path, raw: bytes) -> None:
    import json

    slots = KeySlotFile.from_json(json.loads(raw.decode("utf-8")), str(path))
    guard_write(path, lambda: save_keyslots(path, slots))


def _chain_ok(db: Path, key: bytes) -> tuple[bool, int]:
    engine = make_engine(db, key, pool_size=1)
    try:
        with sessionmaker(engine)() as session:
            report = verify_chain(session, actor=_VERIFIER)
        return report.ok, report.checked
    finally:
        engine.dispose()
