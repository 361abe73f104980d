"""Checks that need no key: files present, key slots valid, database not plaintext and whole."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from safehaven.storage.backup import list_backups
from safehaven.storage.errors import KeySlotsDamaged
from safehaven.storage.keyslots import backup_path, load_keyslots
from safehaven.storage.vault import VaultPaths

PAGE_SIZE = 4096
SQLITE_MAGIC = b"SQLite format 3\x00"


@dataclass(frozen=True)
class FileCheck:
    ok: bool
    problems: list[str] = field(default_factory=list)  # codes, e.g. "db_missing"
    user_slots: int = 0
    recovery_slots: int = 0
    db_bytes: int = 0
    keyslots_backup_ok: bool = False  # keyslots.json.bak exists and is valid
    latest_backup: Path | None = None  # newest readable backup in backups/


def check_vault_files(folder: Path) -> FileCheck:
    paths = VaultPaths(Path(folder))
    problems: list[str] = []
    users = recovery = 0
    try:
        slots = load_keyslots(paths.keyslots)
        users = sum(1 for s in slots.slots if s.kind == "user")
        recovery = len(slots.recovery_slots())
        if recovery == 0:
            problems.append("no_recovery_slot")
    except KeySlotsDamaged as exc:
        problems.append("keyslots_missing" if exc.reason == "missing" else "keyslots_damaged")
    size = 0
    if not paths.db.exists():
        problems.append("db_missing")
    else:
        size = paths.db.stat().st_size
        with paths.db.open("rb") as fh:
            head = fh.read(16)
        if head == SQLITE_MAGIC:
            problems.append("db_not_encrypted")
        if size == 0 or size % PAGE_SIZE:
            problems.append("db_truncated")
    return FileCheck(
        not problems,
        problems,
        users,
        recovery,
        size,
        keyslots_backup_ok=_valid_slots(backup_path(paths.keyslots)),
        latest_backup=next((p for p, m in list_backups(paths.backups) if m is not None), None),
    )


def _valid_slots(path: Path) -> bool:
    try:
        load_keyslots(path)
    except KeySlotsDamaged:
        return False
    return True
