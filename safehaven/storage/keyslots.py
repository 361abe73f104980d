"""`keyslots.json`: the data key wrapped once per key slot (format in docs/vault-format.md).

A slot's key-encryption key is Argon2id(secret); the data key is sealed with AES-256-GCM, the slot
id as associated data. Usernames are never stored: a user slot carries only
HMAC-SHA256(lookup_salt, NFC(casefold(username))).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
import unicodedata
import uuid
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from safehaven.storage.crash_points import crash_point
from safehaven.storage.errors import KeySlotsDamaged, WrongCredentials
from safehaven.storage.fields import new_sealing_pair, public_of
from safehaven.storage.files import previous_path, write_atomic

FORMAT = "safehaven-keyslots"
VERSION = 2  # 2: the restricted key and the sealing key (docs/vault-format.md)
READABLE_VERSIONS = (1, 2)
SEALING_AD = b"safehaven-sealing-key"
FILE_MEMBERS = {"format", "version", "lookup_salt", "slots", "sealing", "checksum"}
DATA_KEY_BYTES = 32
SlotKind = Literal["user", "recovery"]


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost: 64 MiB, 4 lanes, 4 passes — measured 0.14 s idle to 0.35 s under load
    per unlock on a 2-core machine; the target is 0.3–1 s on a laptop (docs/architecture.md)."""

    time_cost: int = 4
    memory_kib: int = 65536
    parallelism: int = 4


# The cheapest parameters a key-slot file may ask for (see KDF_LIMITS); used by tests only.
FAST_TEST_KDF = KdfParams(time_cost=2, memory_kib=19 * 1024, parallelism=1)

# Sane ranges for parameters read from a file: anything outside is treated as damage, so a crafted
# file can neither make unlocking free (zero passes) nor exhaust memory (terabytes).
KDF_LIMITS = {
    "time_cost": (2, 64),
    "memory_kib": (19 * 1024, 4 * 1024 * 1024),
    "parallelism": (1, 16),
}


@dataclass(frozen=True)
class KeySlot:
    id: str
    kind: SlotKind
    lookup: bytes | None
    kdf: KdfParams
    salt: bytes
    nonce: bytes
    wrapped_key: bytes
    # version 2: the restricted key R under the same key-encryption key (None: no R in this slot)
    restricted_nonce: bytes | None = None
    wrapped_restricted_key: bytes | None = None

    @property
    def holds_restricted_key(self) -> bool:
        return self.wrapped_restricted_key is not None


@dataclass(frozen=True)
class SealingKey:
    """The X25519 key values are sealed to by sessions without R; its private half under R."""

    public_key: bytes
    nonce: bytes
    wrapped_private_key: bytes

    @classmethod
    def new(cls, restricted_key: bytes) -> SealingKey:
        private, public = new_sealing_pair()
        nonce = secrets.token_bytes(12)
        wrapped = AESGCM(restricted_key).encrypt(nonce, private, SEALING_AD + public)
        return cls(public, nonce, wrapped)

    def private_key(self, restricted_key: bytes) -> bytes:
        """The private key; KeySlotsDamaged if it does not belong to the public key."""
        try:
            private = AESGCM(restricted_key).decrypt(
                self.nonce, self.wrapped_private_key, SEALING_AD + self.public_key
            )
        except InvalidTag:
            raise KeySlotsDamaged("keyslots.json", "sealing key does not open") from None
        if public_of(private) != self.public_key:
            raise KeySlotsDamaged("keyslots.json", "sealing key pair mismatch")
        return private


@dataclass
class KeySlotFile:
    lookup_salt: bytes
    slots: list[KeySlot] = field(default_factory=list)
    sealing: SealingKey | None = None  # None: a version-1 file (no restricted key yet)

    @classmethod
    def new(cls) -> KeySlotFile:
        return cls(lookup_salt=secrets.token_bytes(16))

    @property
    def version(self) -> int:
        return VERSION if self.sealing is not None else 1

    # -- lookup ---------------------------------------------------------------------------
    def lookup_for(self, username: str) -> bytes:
        return username_lookup(self.lookup_salt, username)

    def user_slot(self, username: str) -> KeySlot | None:
        wanted = self.lookup_for(username)
        for slot in self.slots:
            if slot.lookup is not None and hmac.compare_digest(slot.lookup, wanted):
                return slot
        return None

    def slot(self, slot_id: str) -> KeySlot | None:
        return next((s for s in self.slots if s.id == slot_id), None)

    def recovery_slots(self) -> list[KeySlot]:
        return [s for s in self.slots if s.kind == "recovery"]

    # -- changes (return the new slot; the caller saves the file) ---------------------------
    def add_user_slot(
        self,
        username: str,
        password: str,
        data_key: bytes,
        kdf: KdfParams,
        restricted_key: bytes | None = None,
    ) -> KeySlot:
        if self.user_slot(username) is not None:
            raise ValueError("a slot for this username exists")
        lookup = self.lookup_for(username)
        slot = wrap_key(
            data_key, password, kind="user", lookup=lookup, kdf=kdf, restricted_key=restricted_key
        )
        self.slots.append(slot)
        return slot

    def add_recovery_slot(
        self,
        recovery_secret: str,
        data_key: bytes,
        kdf: KdfParams,
        restricted_key: bytes | None = None,
    ) -> KeySlot:
        slot = wrap_key(
            data_key,
            recovery_secret,
            kind="recovery",
            lookup=None,
            kdf=kdf,
            restricted_key=restricted_key,
        )
        self.slots.append(slot)
        return slot

    def replace_slot(self, old_id: str, new_slot: KeySlot) -> None:
        self.slots = [new_slot if s.id == old_id else s for s in self.slots]

    def remove_slot(self, slot_id: str) -> None:
        self.slots = [s for s in self.slots if s.id != slot_id]

    # -- (de)serialisation --------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "format": FORMAT,
            "version": self.version,
            "lookup_salt": _b64(self.lookup_salt),
            "slots": [_slot_json(s) for s in self.slots],
        }
        if self.sealing is not None:
            body["sealing"] = {
                "public_key": _b64(self.sealing.public_key),
                "nonce": _b64(self.sealing.nonce),
                "wrapped_private_key": _b64(self.sealing.wrapped_private_key),
            }
        body["checksum"] = content_checksum(body)
        return body

    @classmethod
    def from_json(cls, data: Any, path: str = "keyslots.json") -> KeySlotFile:
        try:
            if data.get("format") != FORMAT or data.get("version") not in READABLE_VERSIONS:
                raise ValueError("not a SafeHaven key-slot file of a known version")
            unknown = set(data) - FILE_MEMBERS
            if unknown:
                raise ValueError(f"unknown member {sorted(unknown)[0]!r}")
            slots = [_slot_from_json(s) for s in data["slots"]]
            salt = _unb64(data["lookup_salt"])
            sealing = _sealing_from_json(data) if data["version"] == VERSION else None
            if sealing is None and any(s.holds_restricted_key for s in slots):
                raise ValueError("restricted key in a version-1 file")
        except (AttributeError, KeyError, TypeError, ValueError, binascii.Error) as exc:
            raise KeySlotsDamaged(path, str(exc) or type(exc).__name__) from None
        checksum = data.get("checksum")
        if checksum is not None and checksum != content_checksum(data):
            raise KeySlotsDamaged(path, "checksum mismatch (the file was altered or corrupted)")
        if len({s.id for s in slots}) != len(slots):
            raise KeySlotsDamaged(path, "duplicate slot id")
        return cls(lookup_salt=salt, slots=slots, sealing=sealing)


def check_kdf_range(params: KdfParams) -> None:
    """ValueError (reported as damage) when a parameter lies outside KDF_LIMITS."""
    for name, (low, high) in KDF_LIMITS.items():
        value = getattr(params, name)
        if not low <= value <= high:
            raise ValueError(f"key-derivation {name} {value} outside {low}–{high}")


def content_checksum(data: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON of every member but `checksum` itself.

    Detects accidental corruption (a flipped byte) so it is reported as damage rather than as a
    wrong password; it is not a defence against deliberate tampering (AES-GCM is).
    """
    body = {k: v for k, v in data.items() if k != "checksum"}
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()


def username_lookup(lookup_salt: bytes, username: str) -> bytes:
    norm = unicodedata.normalize("NFC", username.casefold())
    return hmac.new(lookup_salt, norm.encode("utf-8"), hashlib.sha256).digest()


def derive_kek(secret: str, salt: bytes, kdf: KdfParams) -> bytes:
    return hash_secret_raw(
        secret.encode("utf-8"),
        salt,
        time_cost=kdf.time_cost,
        memory_cost=kdf.memory_kib,
        parallelism=kdf.parallelism,
        hash_len=32,
        type=Type.ID,
    )


def wrap_key(
    data_key: bytes,
    secret: str,
    *,
    kind: SlotKind,
    lookup: bytes | None,
    kdf: KdfParams,
    restricted_key: bytes | None = None,
) -> KeySlot:
    blank = KeySlot(uuid.uuid4().hex, kind, lookup, kdf, b"", b"", b"")
    return rewrap(blank, data_key, secret, kdf, restricted_key=restricted_key)


def unwrap_key(slot: KeySlot, secret: str) -> bytes:
    """The data key, or WrongCredentials when the secret does not open this slot."""
    return unwrap_keys(slot, secret)[0]


def unwrap_keys(slot: KeySlot, secret: str) -> tuple[bytes, bytes | None]:
    """(data key, restricted key or None), or WrongCredentials; one key derivation."""
    kek = derive_kek(secret, slot.salt, slot.kdf)
    try:
        key = AESGCM(kek).decrypt(slot.nonce, slot.wrapped_key, slot.id.encode("utf-8"))
        restricted = None
        if slot.restricted_nonce is not None and slot.wrapped_restricted_key is not None:
            restricted = AESGCM(kek).decrypt(
                slot.restricted_nonce, slot.wrapped_restricted_key, restricted_ad(slot.id)
            )
    except InvalidTag:
        raise WrongCredentials() from None
    if len(key) != DATA_KEY_BYTES or (restricted is not None and len(restricted) != 32):
        raise WrongCredentials()
    return key, restricted


def restricted_ad(slot_id: str) -> bytes:
    return f"{slot_id}/restricted".encode()


def rewrap(
    slot: KeySlot,
    data_key: bytes,
    secret: str,
    kdf: KdfParams,
    *,
    restricted_key: bytes | None = None,
) -> KeySlot:
    """The same slot (same id, kind and lookup) sealed under a new secret; with R only when
    `restricted_key` is given."""
    salt = secrets.token_bytes(16)
    nonce = secrets.token_bytes(12)
    kek = derive_kek(secret, salt, kdf)
    wrapped = AESGCM(kek).encrypt(nonce, data_key, slot.id.encode())
    r_nonce = r_wrapped = None
    if restricted_key is not None:
        r_nonce = secrets.token_bytes(12)
        r_wrapped = AESGCM(kek).encrypt(r_nonce, restricted_key, restricted_ad(slot.id))
    return replace(
        slot,
        kdf=kdf,
        salt=salt,
        nonce=nonce,
        wrapped_key=wrapped,
        restricted_nonce=r_nonce,
        wrapped_restricted_key=r_wrapped,
    )


def burn_equal_time(kdf: KdfParams) -> None:
    """Spend one KDF's worth of time, so an unknown user costs as much as a wrong password."""
    derive_kek("x", b"\0" * 16, kdf)


# -- files ---------------------------------------------------------------------------------------
def backup_path(path: Path) -> Path:
    return previous_path(path)


def load_keyslots(path: Path) -> KeySlotFile:
    """Read and validate the file; a damaged file names the problem and says if a backup exists."""
    has_backup = backup_path(path).exists()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise KeySlotsDamaged(str(path), "missing", backup_available=has_backup) from None
    except OSError as exc:
        reason = exc.strerror or "unreadable"
        raise KeySlotsDamaged(str(path), reason, backup_available=has_backup) from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise KeySlotsDamaged(str(path), "not valid JSON", backup_available=has_backup) from None
    try:
        return KeySlotFile.from_json(data, str(path))
    except KeySlotsDamaged as exc:
        raise KeySlotsDamaged(str(path), exc.reason, backup_available=has_backup) from None


def save_keyslots(path: Path, slots: KeySlotFile) -> None:
    """Two atomic writes of the same content: `.bak` first, then the file itself.

    The `.bak` copy is a second copy of the *current* slots (for a file damaged later), never an
    older version: an older version would bring back a slot that was removed or re-wrapped
    (a revoked password). A crash between the two writes leaves the change half-made in the files
    only; the database commit that makes it count comes after both.
    """
    data = (json.dumps(slots.to_json(), indent=2, sort_keys=False) + "\n").encode("utf-8")
    write_atomic(backup_path(path), data)
    crash_point("keyslots_backup_written")
    write_atomic(path, data)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    if not isinstance(text, str):
        raise ValueError("expected base64 text")
    return base64.b64decode(text.encode("ascii"), validate=True)


def _slot_json(slot: KeySlot) -> dict[str, Any]:
    out: dict[str, Any] = {"id": slot.id, "kind": slot.kind}
    if slot.lookup is not None:
        out["lookup"] = _b64(slot.lookup)
    out["kdf"] = {
        "name": "argon2id",
        "time_cost": slot.kdf.time_cost,
        "memory_kib": slot.kdf.memory_kib,
        "parallelism": slot.kdf.parallelism,
        "salt": _b64(slot.salt),
    }
    out["nonce"] = _b64(slot.nonce)
    out["wrapped_key"] = _b64(slot.wrapped_key)
    if slot.restricted_nonce is not None and slot.wrapped_restricted_key is not None:
        out["restricted"] = {
            "nonce": _b64(slot.restricted_nonce),
            "wrapped_key": _b64(slot.wrapped_restricted_key),
        }
    return out


def _sealing_from_json(data: dict[str, Any]) -> SealingKey:
    raw = data["sealing"]
    sealing = SealingKey(
        _unb64(raw["public_key"]), _unb64(raw["nonce"]), _unb64(raw["wrapped_private_key"])
    )
    if len(sealing.public_key) != 32 or len(sealing.nonce) != 12:
        raise ValueError("sealing key has the wrong length")
    if len(sealing.wrapped_private_key) != 32 + 16:
        raise ValueError("sealing key has the wrong length")
    return sealing


def _slot_from_json(data: dict[str, Any]) -> KeySlot:
    kind = data["kind"]
    if kind not in ("user", "recovery"):
        raise ValueError(f"unknown slot kind {kind!r}")
    kdf = data["kdf"]
    if kdf["name"] != "argon2id":
        raise ValueError("unsupported kdf")
    params = KdfParams(int(kdf["time_cost"]), int(kdf["memory_kib"]), int(kdf["parallelism"]))
    check_kdf_range(params)
    lookup = _unb64(data["lookup"]) if kind == "user" else None
    nonce = _unb64(data["nonce"])
    wrapped = _unb64(data["wrapped_key"])
    if len(nonce) != 12 or len(wrapped) != DATA_KEY_BYTES + 16:
        raise ValueError("nonce or wrapped key has the wrong length")
    slot_id = data["id"]
    if not isinstance(slot_id, str) or not slot_id:
        raise ValueError("slot id missing")
    r_nonce = r_wrapped = None
    if "restricted" in data:
        r_nonce = _unb64(data["restricted"]["nonce"])
        r_wrapped = _unb64(data["restricted"]["wrapped_key"])
        if len(r_nonce) != 12 or len(r_wrapped) != DATA_KEY_BYTES + 16:
            raise ValueError("restricted key has the wrong length")
    salt = _unb64(kdf["salt"])
    return KeySlot(slot_id, kind, lookup, params, salt, nonce, wrapped, r_nonce, r_wrapped)
