"""Every copy of the key slots a vault folder keeps, and removing revoked slots from all of them.

Copies: `keyslots.json` and `keyslots.json.bak` (always the same current slots), a pending
`keyslots.json.new` left by an interrupted rotation, `keyslots.json.damaged-*` kept by a repair,
the `pre-upgrade-*.keyslots.json` files in `backups/`, and the `keyslots.json` member inside each
`backups/*.shbackup`. A revoked slot (deactivated account, reset password) must open none of them.
Copies outside the vault folder (a backup on a USB stick) cannot be reached: that is what
rotating the data key is for.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from safehaven.storage.errors import KeySlotsDamaged
from safehaven.storage.keyslots import KeySlotFile, _fsync_dir, write_atomic

BACKUP_SUFFIX = ".shbackup"
SLOTS_MEMBER = "keyslots.json"
MANIFEST_MEMBER = "manifest.json"


def loose_copies(folder: Path) -> Iterator[Path]:
    """Key-slot files other than `keyslots.json` and its `.bak` (those are rewritten directly)."""
    yield from sorted(folder.glob("keyslots.json.new*"))
    yield from sorted(folder.glob("keyslots.json.damaged-*"))
    backups = folder / "backups"
    if backups.is_dir():
        yield from sorted(backups.glob("*.keyslots.json"))


def backup_files(folder: Path) -> Iterator[Path]:
    backups = folder / "backups"
    if backups.is_dir():
        yield from sorted(backups.glob(f"*{BACKUP_SUFFIX}"))


def remove_revoked_slots(folder: Path, slot_ids: set[str]) -> int:
    """Drop `slot_ids` from every copy in the folder. Returns how many files were rewritten.

    A copy that cannot be parsed is left alone (it opens nothing); one that can is rewritten
    atomically without the revoked slots.
    """
    if not slot_ids:
        return 0
    changed = 0
    for path in loose_copies(folder):
        changed += _scrub_loose(path, slot_ids)
    for path in backup_files(folder):
        changed += _scrub_backup(path, slot_ids)
    if changed:
        _fsync_dir(folder)
    return changed


def _filtered(raw: bytes, slot_ids: set[str]) -> bytes | None:
    """The key-slot JSON without `slot_ids`, or None when nothing had to go (or unparsable)."""
    try:
        slots = KeySlotFile.from_json(json.loads(raw.decode("utf-8")))
    except (UnicodeDecodeError, ValueError, KeySlotsDamaged):
        return None
    kept = [s for s in slots.slots if s.id not in slot_ids]
    if len(kept) == len(slots.slots):
        return None
    slots.slots = kept
    return (json.dumps(slots.to_json(), indent=2) + "\n").encode("utf-8")


def _scrub_loose(path: Path, slot_ids: set[str]) -> int:
    new = _filtered(path.read_bytes(), slot_ids)
    if new is None:
        return 0
    write_atomic(path, new)
    return 1


def _scrub_backup(path: Path, slot_ids: set[str]) -> int:
    """Rewrite one backup archive with the filtered key slots and the manifest's new checksum
    (every other member and manifest field is copied as it is)."""
    try:
        with zipfile.ZipFile(path) as zf:
            raw = zf.read(SLOTS_MEMBER)
            manifest: dict[str, Any] = json.loads(zf.read(MANIFEST_MEMBER).decode("utf-8"))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        return 0
    new = _filtered(raw, slot_ids)
    if new is None:
        return 0
    manifest["keyslots_sha256"] = hashlib.sha256(new).hexdigest()
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        _rewrite_archive(path, tmp, manifest, new)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return 1


def _rewrite_archive(src: Path, dst: Path, manifest: dict[str, Any], slots: bytes) -> None:
    with zipfile.ZipFile(src) as old, zipfile.ZipFile(dst, "w", zipfile.ZIP_STORED) as new:
        for info in old.infolist():
            if info.filename == MANIFEST_MEMBER:
                new.writestr(info.filename, json.dumps(manifest, indent=2) + "\n")
            elif info.filename == SLOTS_MEMBER:
                new.writestr(info.filename, slots)
            else:
                with old.open(info) as fh_in, new.open(info.filename, "w", force_zip64=True) as out:
                    while chunk := fh_in.read(1 << 20):
                        out.write(chunk)
    with open(dst, "rb+") as fh:
        os.fsync(fh.fileno())
