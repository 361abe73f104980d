"""Open a vault from docs/vault-format.md alone: argon2-cffi, cryptography and sqlcipher3 only.

Nothing from the `safehaven` package is imported here on purpose.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import unicodedata

import sqlcipher3
from argon2.low_level import Type, hash_secret_raw
from cryptography.hazmat.primitives.ciphers.aead import AESGCM


def _unwrap(doc: dict, username: str, password: str) -> bytes:
    salt = base64.b64decode(doc["lookup_salt"])
    norm = unicodedata.normalize("NFC", username.casefold()).encode("utf-8")
    lookup = hmac.new(salt, norm, hashlib.sha256).digest()
    slot = next(
        s for s in doc["slots"] if s["kind"] == "user" and base64.b64decode(s["lookup"]) == lookup
    )
    kdf = slot["kdf"]
    assert kdf["name"] == "argon2id"
    kek = hash_secret_raw(
        password.encode("utf-8"),
        base64.b64decode(kdf["salt"]),
        time_cost=kdf["time_cost"],
        memory_cost=kdf["memory_kib"],
        parallelism=kdf["parallelism"],
        hash_len=32,
        type=Type.ID,
    )
    return AESGCM(kek).decrypt(
        base64.b64decode(slot["nonce"]),
        base64.b64decode(slot["wrapped_key"]),
        slot["id"].encode("utf-8"),
    )


def test_independent_program_reads_the_database(vault, staff, vault_dir) -> None:
    from safehaven.services.cases.clients import ClientDraft, register_client

    with vault.session() as s:
        register_client(s, actor=staff.caseworker, draft=ClientDraft(chosen_name="Ximena Test"))
    vault.close()

    doc = json.loads((vault_dir / "keyslots.json").read_text("utf-8"))
    assert doc["format"] == "safehaven-keyslots"
    assert doc["version"] == 2
    data_key = _unwrap(doc, "Caseworker", "another long passphrase 42")
    assert len(data_key) == 32

    con = sqlcipher3.connect(str(vault_dir / "safehaven.db"))
    con.execute(f"PRAGMA key = \"x'{data_key.hex()}'\"")
    names = [r[0] for r in con.execute("SELECT chosen_name FROM client")]
    con.close()
    assert names == ["Ximena Test"]


def test_recovery_slot_opens_with_normalized_key(vault, vault_dir) -> None:
    key = vault.recovery_key
    vault.close()
    doc = json.loads((vault_dir / "keyslots.json").read_text("utf-8"))
    slot = next(s for s in doc["slots"] if s["kind"] == "recovery")
    secret = "".join(ch for ch in key.upper() if ch.isalnum())
    kdf = slot["kdf"]
    kek = hash_secret_raw(
        secret.encode(),
        base64.b64decode(kdf["salt"]),
        time_cost=kdf["time_cost"],
        memory_cost=kdf["memory_kib"],
        parallelism=kdf["parallelism"],
        hash_len=32,
        type=Type.ID,
    )
    data_key = AESGCM(kek).decrypt(
        base64.b64decode(slot["nonce"]), base64.b64decode(slot["wrapped_key"]), slot["id"].encode()
    )
    assert len(data_key) == 32
