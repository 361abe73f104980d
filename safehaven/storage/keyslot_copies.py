"""Every copy of the key slots a vault folder keeps, and removing revoked slots from all of them.

Copies: `keyslots.json` and `keyslots.json.bak` (always the same current slots), a pending
`keyslots.json.new` left by an interrupted rotation, `keyslots.json.damaged-*` kept by a repair,
the `pre-upgrade-*.keyslots.json` files in `backups/`, and the `keyslots.json` member inside each
`backups/*.shbackup`. A revoked slot (deactivated account, reset password) must open none of them.
Copies outside the vault folder (a backup on a USB stick) cannot be reached: that is what
rotating the data key is for.

A re-wrapped slot (new password, same id) takes the old one's place in a copy whose database is
encrypted with the same data key (checked on the copy's first page, so its person keeps access to
the backups under the new password); elsewhere the old slot is simply removed.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import tempfile
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlcipher3

from safehaven.storage.engine import key_pragma
from safehaven.storage.errors import KeySlotsDamaged
from safehaven.storage.files import fsync_dir, write_atomic
from safehaven.storage.keyslots import KeySlot, KeySlotFile

BACKUP_SUFFIX = ".shbackup"
SLOTS_MEMBER = "keyslots.json"
MANIFEST_MEMBER = "manifest.json"
DATABASE_MEMBER = "safehaven.db"
PAGE_SIZE = 4096  # SQLCipher 4 default


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


@dataclass(frozen=True)
class Revocation:
    """Slots to take out of every copy; `replacements` (same ids, new wrapping of `data_key`) go
    in instead where the copy's database is encrypted with `data_key`."""

    slot_ids: frozenset[str]
    replacements: Mapping[str, KeySlot] = field(default_factory=dict)
    data_key: bytes = b""


def remove_revoked_slots(
    folder: Path,
    slot_ids: set[str],
    *,
    replacements: Mapping[str, KeySlot] | None = None,
    data_key: bytes = b"",
) -> int:
    """Take `slot_ids` out of every copy in the folder. Returns how many files were rewritten.

    A copy that cannot be parsed is left alone (it opens nothing); one that can is rewritten
    atomically without the revoked slots.
    """
    if not slot_ids:
        return 0
    revocation = Revocation(frozenset(slot_ids), replacements or {}, data_key)
    changed = 0
    for path in loose_copies(folder):
        changed += _scrub_loose(path, revocation)
    for path in backup_files(folder):
        changed += _scrub_backup(path, revocation)
    if changed:
        fsync_dir(folder)
    return changed


def _filtered(raw: bytes, revocation: Revocation, same_key: bool) -> bytes | None:
    """The key-slot JSON without (or with replaced) revoked slots, or None when nothing changes
    (or the copy cannot be parsed)."""
    try:
        slots = KeySlotFile.from_json(json.loads(raw.decode("utf-8")))
    except (UnicodeDecodeError, ValueError, KeySlotsDamaged):
        return None
    if not any(s.id in revocation.slot_ids for s in slots.slots):
        return None
    swap = revocation.replacements if same_key else {}
    slots.slots = [
        swap.get(s.id, s) for s in slots.slots if s.id not in revocation.slot_ids or s.id in swap
    ]
    return (json.dumps(slots.to_json(), indent=2) + "\n").encode("utf-8")


def _scrub_loose(path: Path, revocation: Revocation) -> int:
    database = path.with_name(path.name.removesuffix(".keyslots.json") + ".db")
    same_key = False
    if revocation.replacements and path.name.endswith(".keyslots.json") and database.exists():
        with database.open("rb") as fh:
            same_key = key_opens_first_page(fh.read(PAGE_SIZE), revocation.data_key)
    new = _filtered(path.read_bytes(), revocation, same_key)
    if new is None:
        return 0
    write_atomic(path, new)
    return 1


def key_opens_first_page(page: bytes, data_key: bytes) -> bool:
    """Whether `data_key` is the key of the SQLCipher database starting with `page` (its HMAC
    verifies). Only the still-encrypted first page is copied, to a private temp file."""
    if len(page) < PAGE_SIZE or len(data_key) != 32:
        return False
    fd, name = tempfile.mkstemp(prefix="sh-", suffix=".page")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(page[:PAGE_SIZE])
        con = sqlcipher3.connect(name)
        try:
            con.execute(key_pragma(data_key))
            con.execute("PRAGMA cipher_log_level = NONE")
            return not con.execute("PRAGMA cipher_integrity_check").fetchall()
        except sqlcipher3.DatabaseError:
            return False
        finally:
            con.close()
    finally:
        Path(name).unlink()


def _scrub_backup(path: Path, revocation: Revocation) -> int:
    """Rewrite one backup archive with the filtered key slots and the manifest's new checksum
    (every other member and manifest field is copied as it is)."""
    try:
        with zipfile.ZipFile(path) as zf:
            raw = zf.read(SLOTS_MEMBER)
            manifest: dict[str, Any] = json.loads(zf.read(MANIFEST_MEMBER).decode("utf-8"))
            with zf.open(DATABASE_MEMBER) as fh:
                first_page = fh.read(PAGE_SIZE)
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        return 0
    same_key = bool(revocation.replacements) and key_opens_first_page(
        first_page, revocation.data_key
    )
    new = _filtered(raw, revocation, same_key)
    if new is None:
        return 0
    manifest["keyslots_sha256"] = hashlib.sha256(new).hexdigest()
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        _rewrite_archive(path, tmp, manifest, new)
        tmp.replace(path)
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
    with dst.open("rb+") as fh:
        os.fsync(fh.fileno())
