"""Compare the audit chain with every head recorded outside the database.

Sources: `audit-head.json` beside the vault, the manifest of each backup in the vault's
`backups/` folder, and any backup file or export folder/manifest named by the caller (copies kept
elsewhere, e.g. on a USB stick or sent to a funder — the ones an intruder cannot reach).

A head (seq, hash) holds when the chain has an event `seq` with that hash. Otherwise the chain
was shortened (no event `seq`) or rewritten (event `seq` has another hash). Heads that do not
authenticate under the current data key (made before a key rotation, or forged) are counted and
skipped; heads older than the last restore (marked in the head file) are counted and skipped.
"""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from safehaven.models.audit import GENESIS_HASH, AuditEvent
from safehaven.storage import backup as backup_files
from safehaven.storage.audit_head import (
    HELD_PREFIX,
    AuditHead,
    held_head_files,
    is_authentic,
    parse_head,
    read_head_file,
    read_held,
)
from safehaven.storage.vault import OpenVault

EXPORT_MANIFEST = "manifest.json"


@dataclass(frozen=True)
class RecordedHead:
    source: str  # a file name (never a personal datum: SafeHaven names these files)
    head: AuditHead | None  # None: the source carries no readable head
    created_at: str | None  # ISO UTC, when known


@dataclass(frozen=True)
class HeadFinding:
    source: str
    seq: int
    problem: str  # shortened | rewritten | untrusted (a held head file: damaged or forged)


@dataclass(frozen=True)
class HeadReport:
    head_file: str  # ok | missing | damaged | unauthenticated
    compared: int
    unauthenticated: int
    before_restore: int
    without_head: int
    findings: tuple[HeadFinding, ...]

    @property
    def ok(self) -> bool:
        return not self.findings and self.head_file not in ("damaged", "unauthenticated")


def collect_heads(folder: Path, extra: tuple[Path, ...] = ()) -> tuple[str, list[RecordedHead]]:
    """(head-file status, the heads found) — readable without the key."""
    status, head = read_head_file(folder)
    found = [RecordedHead("audit-head.json", head, None)] if head is not None else []
    found += [RecordedHead(p.name, read_held(p), None) for p in held_head_files(folder)]
    for path, manifest in backup_files.list_backups(Path(folder) / backup_files.BACKUPS_DIR):
        if manifest is not None:
            found.append(_from_manifest(path, manifest))
    for path in extra:
        found.append(read_recorded_head(path))
    return status, found


def read_recorded_head(path: Path) -> RecordedHead:
    """The head in a backup file, an export folder or an export's manifest.json."""
    path = Path(path)
    if path.is_dir():
        path = path / EXPORT_MANIFEST
    if zipfile.is_zipfile(path):
        listed = dict(backup_files.list_backups_of([path]))
        manifest = listed.get(path)
        if manifest is not None:
            return _from_manifest(path, manifest)
        return RecordedHead(path.name, None, None)
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return RecordedHead(path.name, None, None)
    if not isinstance(data, dict):
        return RecordedHead(path.name, None, None)
    created = data.get("created")
    return RecordedHead(
        path.name, parse_head(data.get("audit_head")), created if isinstance(created, str) else None
    )


def _from_manifest(path: Path, manifest: backup_files.BackupManifest) -> RecordedHead:
    return RecordedHead(path.name, parse_head(manifest.audit_head), manifest.created_at)


def compare_heads(
    session: Session, *, data_key: bytes, folder: Path, extra: tuple[Path, ...] = ()
) -> HeadReport:
    """Check every recorded head against the chain in `session`'s database."""
    status, heads = collect_heads(folder, extra)
    restored_at = None
    if status == "ok" and heads and heads[0].head is not None:
        if is_authentic(heads[0].head, data_key):
            restored_at = heads[0].head.restored_at
        else:
            status = "unauthenticated"
    last = session.execute(select(func.max(AuditEvent.id))).scalar() or 0
    findings: list[HeadFinding] = []
    compared = unauthentic = before = without = 0
    for recorded in heads:
        head = recorded.head
        held = recorded.source.startswith(HELD_PREFIX)
        if held and (head is None or not is_authentic(head, data_key)):
            findings.append(HeadFinding(recorded.source, head.seq if head else 0, "untrusted"))
        elif head is None:
            without += 1
        elif not is_authentic(head, data_key):
            unauthentic += 1
        elif _before(recorded.created_at, restored_at):
            before += 1
        else:
            compared += 1
            problem = _problem(session, head, last)
            if problem:
                findings.append(HeadFinding(recorded.source, head.seq, problem))
    return HeadReport(status, compared, unauthentic, before, without, tuple(findings))


def _problem(session: Session, head: AuditHead, last: int) -> str | None:
    if head.seq == 0:
        return None if head.hash == GENESIS_HASH else "rewritten"
    if head.seq > last:
        return "shortened"
    digest = session.execute(select(AuditEvent.hash).where(AuditEvent.id == head.seq)).scalar()
    if digest is None:
        return "shortened"
    return None if digest == head.hash else "rewritten"


def _before(created_at: str | None, restored_at: str | None) -> bool:
    if not created_at or not restored_at:
        return False
    try:
        created = dt.datetime.fromisoformat(created_at)
        restored = dt.datetime.fromisoformat(restored_at)
    except ValueError:
        return False
    if created.tzinfo is None:  # an export manifest's date: compare by day
        return created.date() < restored.date()
    return created <= restored  # the pre-restore backup is taken at the restore time


def mark_restore(vault: OpenVault, head: dict[str, object] | None, *, now: dt.datetime) -> None:
    """After a restore: the head file takes the restored chain's head and the restore time, so
    heads recorded before it (the longer chain that was replaced) are not reported."""
    parsed = parse_head(head) if head is not None else None
    seq, digest = (parsed.seq, parsed.hash) if parsed is not None else (0, GENESIS_HASH)
    stamp = now.astimezone(dt.UTC).isoformat(timespec="microseconds")
    vault.heads.record(seq, digest, restored_at=stamp)


@dataclass(frozen=True)
class KeylessHeads:
    head_file: str  # ok | missing | damaged
    head_seq: int | None
    backups_with_head: int
    ahead_of_head_file: tuple[str, ...]  # backups that recorded a longer chain than the head file
    held: tuple[str, ...] = ()  # head files kept aside at unlock (the chain did not match them)


def keyless_heads(folder: Path) -> KeylessHeads:
    """What `check` can say without the key: the head file against the backups' heads (neither
    can be authenticated, and the chain itself stays unread inside the encrypted database)."""
    status, heads = collect_heads(folder)
    head_seq = heads[0].head.seq if status == "ok" and heads and heads[0].head else None
    restored_at = heads[0].head.restored_at if head_seq is not None and heads[0].head else None
    held = tuple(p.name for p in held_head_files(folder))
    start = (1 if head_seq is not None else 0) + len(held)
    backups = [r for r in heads[start:] if r.head is not None]
    ahead = tuple(
        r.source
        for r in backups
        if r.head is not None
        and head_seq is not None
        and r.head.seq > head_seq
        and not _before(r.created_at, restored_at)
    )
    return KeylessHeads(status, head_seq, len(backups), ahead, held)
