"""The audit chain's head recorded outside the database, so a shortened chain shows.

A head is (sequence number, hash) of the last audit event, authenticated with HMAC-SHA256 under
a key derived from the data key (HKDF-SHA256, info below). It is kept in three places:

- `audit-head.json` beside the vault, rewritten after every commit that adds audit events;
- every backup file's manifest (`audit_head`), the head of the snapshot it holds;
- every de-identified export's `manifest.json` (`audit_head`), the head when it was made.

Anyone holding the data key can forge a head, so a head only proves something when it sits
where that person cannot reach (a backup on a USB stick, an export sent to a funder). Without
the key a head can be read but not authenticated; a forged one can only raise a false alarm.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

HEAD_NAME = "audit-head.json"
HELD_PREFIX = "audit-head-held-"
FORMAT = "safehaven-audit-head"
VERSION = 1
_INFO = b"safehaven audit head v1"
_HEX = set("0123456789abcdef")


@dataclass(frozen=True)
class AuditHead:
    seq: int  # id of the last audit event (0: empty chain)
    hash: str  # its hash (hex), or the genesis hash for an empty chain
    mac: str  # HMAC-SHA256 (hex) of the canonical text below
    restored_at: str | None = None  # ISO UTC time of the last restore, carried forward

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"seq": self.seq, "hash": self.hash, "mac": self.mac}
        if self.restored_at:
            out["restored_at"] = self.restored_at
        return out


def head_key(data_key: bytes) -> bytes:
    """The MAC key: HKDF-SHA256 of the data key, so it changes when the data key is rotated."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO).derive(data_key)


def _message(seq: int, digest: str, restored_at: str | None) -> bytes:
    return f"{FORMAT}/{VERSION}|{seq}|{digest}|{restored_at or ''}".encode("ascii")


def sign_head(data_key: bytes, seq: int, digest: str, restored_at: str | None = None) -> AuditHead:
    mac = hmac.new(head_key(data_key), _message(seq, digest, restored_at), hashlib.sha256)
    return AuditHead(seq, digest, mac.hexdigest(), restored_at)


def is_authentic(head: AuditHead, data_key: bytes) -> bool:
    expected = sign_head(data_key, head.seq, head.hash, head.restored_at).mac
    return hmac.compare_digest(expected, head.mac)


def parse_head(data: object) -> AuditHead | None:
    """A head from its JSON form, or None when the shape is wrong (never an exception)."""
    if not isinstance(data, dict):
        return None
    seq, digest, mac = data.get("seq"), data.get("hash"), data.get("mac")
    restored = data.get("restored_at")
    if not (isinstance(seq, int) and not isinstance(seq, bool) and 0 <= seq < 2**63):
        return None
    if not (_is_hex(digest, 64) and _is_hex(mac, 64)):
        return None
    if restored is not None and not (isinstance(restored, str) and restored.isascii()):
        return None
    return AuditHead(seq, str(digest), str(mac), restored)


def _is_hex(value: object, length: int) -> bool:
    return isinstance(value, str) and len(value) == length and set(value) <= _HEX


def head_file(folder: Path) -> Path:
    return Path(folder) / HEAD_NAME


def read_head_file(folder: Path) -> tuple[str, AuditHead | None]:
    """("missing" | "damaged" | "ok", head)."""
    path = head_file(folder)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return "missing", None
    except OSError:
        return "damaged", None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return "damaged", None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return "damaged", None
    head = parse_head(data)
    return ("ok", head) if head is not None else ("damaged", None)


def hold_head_file(folder: Path, label: str) -> Path:
    """Keep the current head file aside as evidence under a name no commit rewrites."""
    target = Path(folder) / f"{HELD_PREFIX}{label}.json"
    n = 1
    while target.exists():
        n += 1
        target = Path(folder) / f"{HELD_PREFIX}{label}-{n}.json"
    head_file(folder).replace(target)
    return target


def held_head_files(folder: Path) -> list[Path]:
    return sorted(Path(folder).glob(f"{HELD_PREFIX}*.json"))


def read_held(path: Path) -> AuditHead | None:
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    return parse_head(data) if isinstance(data, dict) and data.get("format") == FORMAT else None


def write_head_file(folder: Path, head: AuditHead) -> None:
    """Atomic (temp file, fsync, rename), owner-only."""
    path = head_file(folder)
    body = {"format": FORMAT, "version": VERSION, **head.to_json()}
    tmp = path.with_name(f".{path.name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write((json.dumps(body, indent=2) + "\n").encode("ascii"))
            fh.flush()
            os.fsync(fh.fileno())
        Path(tmp).replace(path)
    finally:
        tmp.unlink(missing_ok=True)


def last_event(con: Any) -> tuple[int, str]:
    """(id, hash) of the last audit event on a raw keyed connection; (0, genesis) when none."""
    row = con.execute("SELECT id, hash FROM audit_event ORDER BY id DESC LIMIT 1").fetchone()
    return (0, "0" * 64) if row is None else (int(row[0]), str(row[1]))
