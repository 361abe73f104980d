"""Backup files: one `.shbackup` file = a ZIP (stored, not compressed) holding three members.

- `manifest.json` — format, version, kind, UTC time, app version, schema revision, sizes and
  SHA-256 of the two other members. No personal data and no counts (counts need the key).
- `keyslots.json` — the key slots that open this copy (the slots of the moment it was taken; a
  later key rotation does not touch them, so old backups stay readable with the old passwords).
- `safehaven.db` — a `VACUUM INTO` snapshot of the live database, encrypted with the same data key.

A backup is written as temp file → fsync → verified by opening it with the key and running
`integrity_check` + `cipher_integrity_check` → atomic rename. See docs/vault-format.md.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import secrets
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import sqlcipher3

from safehaven import __version__
from safehaven.storage.audit_head import last_event, sign_head
from safehaven.storage.engine import key_pragma, raw_connect
from safehaven.storage.errors import (
    BackupInvalid,
    DatabaseDamaged,
    DiskFull,
    VaultReadOnly,
    guard_write,
)
from safehaven.storage.files import fsync_dir, fsync_file
from safehaven.storage.interrupt import check as check_cancel
from safehaven.storage.interrupt import interruptible, never
from safehaven.storage.keyslots import KeySlotFile
from safehaven.storage.private_files import restrict_file

SUFFIX = ".shbackup"
BACKUPS_DIR = "backups"
FORMAT = "safehaven-backup"
VERSION = 1
MANIFEST = "manifest.json"
KEYSLOTS = "keyslots.json"
DATABASE = "safehaven.db"
PLAINTEXT_MAGIC = b"SQLite format 3\x00"
CHUNK = 1 << 20


@dataclass(frozen=True)
class BackupManifest:
    format: str
    version: int
    kind: str  # auto | manual | pre-restore | pre-rotate
    created_at: str  # ISO 8601 UTC
    app_version: str
    schema_revision: str | None
    db_bytes: int
    db_sha256: str
    keyslots_sha256: str
    audit_head: dict[str, Any] | None = None  # the snapshot's signed chain head (audit_head.py)

    @property
    def created(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.created_at)


@dataclass(frozen=True)
class DbCheck:
    integrity_ok: bool
    cipher_ok: bool
    problems: tuple[str, ...]
    schema_revision: str | None


def write_backup(
    db_path: Path,
    data_key: bytes,
    keyslots: bytes,
    target: Path,
    *,
    kind: str,
    now: dt.datetime,
    is_cancelled: Callable[[], bool] = never,
) -> BackupManifest:
    """Snapshot the live database into `target` (a new `.shbackup` file). Atomic: either the
    complete, verified file appears at `target`, or nothing does (also when cancelled: every
    long statement is interrupted and the work folder removed; raises Interrupted)."""
    KeySlotFile.from_json(json.loads(keyslots.decode("utf-8")))  # never bundle a damaged file
    work = Path(
        guard_write(target.parent, lambda: tempfile.mkdtemp(prefix=".sh-", dir=target.parent))
    )
    try:
        snap = work / DATABASE
        guard_write(target, lambda: snapshot(db_path, data_key, snap, is_cancelled))
        check = check_database(snap, data_key, is_cancelled)
        if not (check.integrity_ok and check.cipher_ok):
            raise DatabaseDamaged(str(db_path), "; ".join(check.problems) or "integrity")
        manifest = BackupManifest(
            FORMAT,
            VERSION,
            kind,
            now.astimezone(dt.UTC).isoformat(timespec="microseconds"),
            __version__,
            check.schema_revision,
            snap.stat().st_size,
            _sha256_file(snap),
            hashlib.sha256(keyslots).hexdigest(),
            snapshot_head(snap, data_key),
        )
        packed = work / ("pack" + SUFFIX)
        check_cancel(is_cancelled)
        guard_write(target, lambda: _pack(packed, manifest, keyslots, snap))
        check_cancel(is_cancelled)  # the last moment to stop: nothing is at `target` yet
        guard_write(target, lambda: packed.replace(target))
        fsync_dir(target.parent)
        return manifest
    finally:
        shutil.rmtree(work, ignore_errors=True)


def snapshot(
    db_path: Path, data_key: bytes, target: Path, is_cancelled: Callable[[], bool] = never
) -> None:
    """A consistent copy via `VACUUM INTO` on its own connection (a WAL read snapshot: writers go
    on meanwhile), encrypted with the same key, then fsynced."""
    con = raw_connect(db_path, data_key)
    try:
        con.execute("PRAGMA cache_size = -4096")  # one pass over the file: 4 MiB, not 64
        with interruptible(con, is_cancelled):
            con.execute("VACUUM INTO ?", (str(target),))
    except sqlcipher3.DatabaseError as exc:
        raise _sqlite_error(exc, target) from None
    finally:
        con.close()
    fsync_file(target)


def snapshot_head(db_path: Path, data_key: bytes) -> dict[str, Any]:
    """The signed audit head of a database file (recorded in the backup's manifest)."""
    con = open_readonly(db_path, data_key)
    try:
        return sign_head(data_key, *last_event(con)).to_json()
    finally:
        con.close()


def open_readonly(db_path: Path, data_key: bytes) -> Any:
    """A keyed read-only connection that never changes the file (no WAL switch, no pragmas)."""
    uri = f"file:{db_path}?mode=ro"
    con = sqlcipher3.connect(uri, uri=True, check_same_thread=False, isolation_level=None)
    try:
        con.execute(key_pragma(data_key))
        con.execute("PRAGMA cipher_log_level = NONE")
        con.execute("PRAGMA query_only = ON")
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.DatabaseError as exc:
        con.close()
        raise DatabaseDamaged(str(db_path), str(exc)) from None
    return con


def check_database(
    db_path: Path, data_key: bytes, is_cancelled: Callable[[], bool] = never
) -> DbCheck:
    """`integrity_check` + `cipher_integrity_check` (every page's HMAC) on a read-only handle."""
    con = open_readonly(db_path, data_key)
    try:
        problems: list[str] = []
        try:
            with interruptible(con, is_cancelled):
                rows = [r[0] for r in con.execute("PRAGMA integrity_check").fetchall()]
                integrity_ok = rows == ["ok"]
                problems += [] if integrity_ok else rows[:5]
                check_cancel(is_cancelled)
                cipher = [r[0] for r in con.execute("PRAGMA cipher_integrity_check").fetchall()]
                problems += cipher[:5]
                revision = _revision(con)
        except sqlcipher3.DatabaseError as exc:
            return DbCheck(False, False, (str(exc),), None)
        return DbCheck(integrity_ok, not cipher, tuple(problems), revision)
    finally:
        con.close()


def table_counts(db_path: Path, data_key: bytes) -> dict[str, int]:
    """Rows per ordinary table (search-index shadow tables and SQLite's own left out)."""
    con = open_readonly(db_path, data_key)
    try:
        names = [
            r[0]
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
                "AND name NOT LIKE 'client_search%' AND sql NOT LIKE 'CREATE VIRTUAL%' "
                "ORDER BY name"
            )
        ]
        counts = {}
        for n in names:
            sql = f'SELECT count(*) FROM "{n}"'  # noqa: S608 - a table name from sqlite_master
            counts[n] = int(con.execute(sql).fetchone()[0])
        return counts
    finally:
        con.close()


# -- reading a backup file ------------------------------------------------------------------------
def read_manifest(path: Path) -> tuple[BackupManifest, KeySlotFile]:
    """Key-less checks: a ZIP with the three members, a known manifest, member hashes that match,
    a database that is not plaintext. Returns the manifest and the bundled key slots."""
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if not {MANIFEST, KEYSLOTS, DATABASE} <= names:
                raise BackupInvalid(str(path), "members_missing")
            manifest = _parse_manifest(zf.read(MANIFEST), path)
            slots_raw = zf.read(KEYSLOTS)
            if hashlib.sha256(slots_raw).hexdigest() != manifest.keyslots_sha256:
                raise BackupInvalid(str(path), "keyslots_checksum")
            with zf.open(DATABASE) as fh:
                head = fh.read(16)
                digest = hashlib.sha256(head)
                while chunk := fh.read(CHUNK):
                    digest.update(chunk)
    except FileNotFoundError:
        raise BackupInvalid(str(path), "missing") from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError):
        raise BackupInvalid(str(path), "not_a_backup") from None
    except OSError as exc:
        raise BackupInvalid(str(path), exc.strerror or "unreadable") from None
    if head == PLAINTEXT_MAGIC:
        raise BackupInvalid(str(path), "not_encrypted")
    if digest.hexdigest() != manifest.db_sha256:
        raise BackupInvalid(str(path), "database_checksum")
    try:
        slots = KeySlotFile.from_json(json.loads(slots_raw.decode("utf-8")), KEYSLOTS)
    except (UnicodeDecodeError, ValueError):
        raise BackupInvalid(str(path), "keyslots_damaged") from None
    return manifest, slots


@contextlib.contextmanager
def extracted(path: Path) -> Iterator[tuple[BackupManifest, KeySlotFile, Path]]:
    """The backup's (still encrypted) database unpacked in a private temp folder, then removed."""
    manifest, slots = read_manifest(path)
    work = Path(tempfile.mkdtemp(prefix="sh-"))
    try:
        db = work / DATABASE
        _extract_member(path, DATABASE, db)
        yield manifest, slots, db
    finally:
        shutil.rmtree(work, ignore_errors=True)


def extract_into(path: Path, folder: Path) -> tuple[BackupManifest, bytes]:
    """Put the backup's database into `folder` (temp name, fsync, rename). Returns the manifest and
    the raw key-slot file for the caller to write. Never writes over an existing database."""
    manifest, _slots = read_manifest(path)
    target = folder / DATABASE
    tmp = folder / f".restore-{secrets.token_hex(4)}.tmp"
    try:
        guard_write(folder, lambda: _extract_member(path, DATABASE, tmp))
        if _sha256_file(tmp) != manifest.db_sha256:
            raise BackupInvalid(str(path), "database_checksum")
        guard_write(folder, lambda: tmp.replace(target))
    finally:
        tmp.unlink(missing_ok=True)
    fsync_dir(folder)
    with zipfile.ZipFile(path) as zf:
        return manifest, zf.read(KEYSLOTS)


def list_backups(folder: Path) -> list[tuple[Path, BackupManifest | None]]:
    """Backup files in `folder`, newest first; a file whose manifest cannot be read gets None."""
    return list_backups_of(sorted(folder.glob(f"*{SUFFIX}")) if folder.is_dir() else [])


def list_backups_of(paths: list[Path]) -> list[tuple[Path, BackupManifest | None]]:
    """`list_backups` over the given files."""
    out: list[tuple[Path, BackupManifest | None]] = []
    for path in paths:
        try:
            with zipfile.ZipFile(path) as zf:
                out.append((path, _parse_manifest(zf.read(MANIFEST), path)))
        except (OSError, zipfile.BadZipFile, KeyError, ValueError, BackupInvalid):
            out.append((path, None))
    out.sort(key=lambda item: (item[1].created_at if item[1] else "", item[0].name), reverse=True)
    return out


# -- internals ------------------------------------------------------------------------------------
def _pack(target: Path, manifest: BackupManifest, keyslots: bytes, db: Path) -> None:
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_STORED) as zf:
        zf.writestr(MANIFEST, json.dumps(asdict(manifest), indent=2) + "\n")
        zf.writestr(KEYSLOTS, keyslots)
        zf.write(db, DATABASE)
    restrict_file(target)
    fsync_file(target)


def _extract_member(path: Path, member: str, target: Path) -> None:
    with zipfile.ZipFile(path) as zf, zf.open(member) as src, target.open("wb") as dst:
        shutil.copyfileobj(src, dst, CHUNK)
        dst.flush()
        os.fsync(dst.fileno())


def _parse_manifest(raw: bytes, path: Path) -> BackupManifest:
    try:
        data = json.loads(raw.decode("utf-8"))
        manifest = BackupManifest(**data)
    except (UnicodeDecodeError, ValueError, TypeError):
        raise BackupInvalid(str(path), "manifest_damaged") from None
    if manifest.format != FORMAT or manifest.version != VERSION:
        raise BackupInvalid(str(path), "unknown_version")
    return manifest


def _revision(con: Any) -> str | None:
    try:
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlcipher3.DatabaseError:
        return None
    return None if row is None else str(row[0])


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _sqlite_error(exc: Exception, target: Path) -> Exception:
    text = str(exc).lower()
    if "full" in text:
        return DiskFull(str(target))
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return VaultReadOnly(str(target.parent))
    return DatabaseDamaged(str(target), str(exc))
