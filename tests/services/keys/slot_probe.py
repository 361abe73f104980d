"""What an attacker with a copy of the vault folder tries: every key-slot copy it holds (loose
JSON files and the slots bundled in each backup), unwrapped with a known password.

Written from docs/vault-format.md with argon2-cffi and cryptography only."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import unicodedata
import zipfile
from collections.abc import Iterator
from pathlib import Path

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM


def slot_documents(folder: Path) -> Iterator[tuple[str, dict]]:
    """(where, key-slot JSON) for every copy in the folder, however it is named."""
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        raw = path.read_bytes()
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as zf:
                for name in zf.namelist():
                    yield from _parsed(f"{path.name}:{name}", zf.read(name))
        else:
            yield from _parsed(path.name, raw)


def _parsed(where: str, raw: bytes) -> Iterator[tuple[str, dict]]:
    try:
        doc = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return
    if isinstance(doc, dict) and doc.get("format") == "safehaven-keyslots":
        yield where, doc


def keys_opened(folder: Path, username: str, password: str, slot_ids: set[str]) -> list[str]:
    """Where `password` unwraps a data key from a slot of `username` (or one of `slot_ids`)."""
    found = []
    for where, doc in slot_documents(folder):
        salt = base64.b64decode(doc["lookup_salt"])
        norm = unicodedata.normalize("NFC", username.casefold()).encode("utf-8")
        lookup = hmac.new(salt, norm, hashlib.sha256).digest()
        for slot in doc["slots"]:
            mine = slot.get("lookup") and base64.b64decode(slot["lookup"]) == lookup
            if (mine or slot["id"] in slot_ids) and _opens(slot, password):
                found.append(where)
    return found


def _opens(slot: dict, password: str) -> bool:
    kdf = slot["kdf"]
    kek = hash_secret_raw(
        password.encode("utf-8"),
        base64.b64decode(kdf["salt"]),
        time_cost=kdf["time_cost"],
        memory_cost=kdf["memory_kib"],
        parallelism=kdf["parallelism"],
        hash_len=32,
        type=Type.ID,
    )
    try:
        AESGCM(kek).decrypt(
            base64.b64decode(slot["nonce"]),
            base64.b64decode(slot["wrapped_key"]),
            slot["id"].encode("utf-8"),
        )
    except InvalidTag:
        return False
    return True
