"""Restricted fields, checked from docs/vault-format.md alone (argon2-cffi, cryptography and
sqlcipher3): an intake worker's password reads no legal name, date of birth or phone; a
supervisor's password reads them all, also those an intake worker sealed.

Nothing from the `safehaven` package is used to read the files.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import unicodedata
from pathlib import Path

import pytest
import sqlcipher3
from argon2.low_level import Type, hash_secret_raw
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from tests.conftest import STAFF_PASSWORD

LEGAL, PHONE, DOB = "Maria Restricted Example", "+1-555-0199", dt.date(1990, 5, 17)
INTAKE_PHONE, INTAKE_DOB = "+1-555-0142", dt.date(2001, 2, 3)
FAMILY_NAME, FAMILY_PHONE = "Abuela Confidencial", "+52-55-0100-2000"
NOTE = "Disclosed the recruiter's nickname Tlacuache at the second meeting"


def _slot(doc: dict, username: str) -> dict:
    salt = base64.b64decode(doc["lookup_salt"])
    norm = unicodedata.normalize("NFC", username.casefold()).encode("utf-8")
    lookup = hmac.new(salt, norm, hashlib.sha256).digest()
    return next(s for s in doc["slots"] if s.get("lookup") and b64(s["lookup"]) == lookup)


def b64(text: str) -> bytes:
    return base64.b64decode(text)


def _kek(slot: dict, password: str) -> bytes:
    kdf = slot["kdf"]
    return hash_secret_raw(
        password.encode("utf-8"),
        b64(kdf["salt"]),
        time_cost=kdf["time_cost"],
        memory_cost=kdf["memory_kib"],
        parallelism=kdf["parallelism"],
        hash_len=32,
        type=Type.ID,
    )


def _open(folder: Path, username: str, password: str) -> tuple[dict, dict, bytes, bytes | None]:
    doc = json.loads((folder / "keyslots.json").read_text("utf-8"))
    slot = _slot(doc, username)
    kek = _kek(slot, password)
    data_key = AESGCM(kek).decrypt(
        b64(slot["nonce"]), b64(slot["wrapped_key"]), slot["id"].encode()
    )
    restricted = None
    if "restricted" in slot:
        r = slot["restricted"]
        aad = f"{slot['id']}/restricted".encode()
        restricted = AESGCM(kek).decrypt(b64(r["nonce"]), b64(r["wrapped_key"]), aad)
    return doc, slot, data_key, restricted


def _rows(folder: Path, data_key: bytes) -> dict[str, list[tuple]]:
    con = sqlcipher3.connect(str(folder / "safehaven.db"))
    con.execute(f"PRAGMA key = \"x'{data_key.hex()}'\"")
    tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    dump = {t: con.execute(f'SELECT * FROM "{t}"').fetchall() for t in tables}
    con.close()
    return dump


def _client_cells(folder: Path, data_key: bytes) -> list[tuple]:
    con = sqlcipher3.connect(str(folder / "safehaven.db"))
    con.execute(f"PRAGMA key = \"x'{data_key.hex()}'\"")
    rows = con.execute(
        "SELECT id, legal_name, date_of_birth, phone FROM client ORDER BY id"
    ).fetchall()
    con.close()
    return rows


def _decrypt(doc: dict, restricted: bytes, column: str, row_id: int, stored: str) -> str:
    aad = f"client\x1f{column}\x1f{row_id}".encode()
    if stored.startswith("r1:"):
        body = b64(stored[3:])
        return AESGCM(restricted).decrypt(body[:12], body[12:], aad).decode()
    assert stored.startswith("s1:")
    sealing = doc["sealing"]
    public = b64(sealing["public_key"])
    private = AESGCM(restricted).decrypt(
        b64(sealing["nonce"]),
        b64(sealing["wrapped_private_key"]),
        b"safehaven-sealing-key" + public,
    )
    body = b64(stored[3:])
    eph, nonce, ciphertext = body[:32], body[32:44], body[44:]
    shared = X25519PrivateKey.from_private_bytes(private).exchange(
        X25519PublicKey.from_public_bytes(eph)
    )
    key = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=eph + public, info=b"safehaven-sealed-field-v1"
    ).derive(shared)
    return AESGCM(key).decrypt(nonce, ciphertext, aad).decode()


@pytest.fixture
def filled(vault, staff, vault_dir) -> Path:
    from safehaven.services.accounts import accounts
    from safehaven.services.cases.clients import ClientDraft, register_client
    from safehaven.services.cases.notes import add_note
    from safehaven.services.reunification.family_contacts import add_family_contact
    from safehaven.services.reunification.records import FamilyContactDraft

    with vault.session() as s:
        first = register_client(
            s,
            actor=staff.supervisor,
            draft=ClientDraft(chosen_name="Rosa", legal_name=LEGAL, phone=PHONE, date_of_birth=DOB),
        )
    with vault.session() as s:
        add_family_contact(
            s,
            actor=staff.supervisor,
            client_id=first.id,
            draft=FamilyContactDraft(relationship="mother", name=FAMILY_NAME, phone=FAMILY_PHONE),
        )
    with vault.session() as s:
        add_note(s, actor=staff.supervisor, client_id=first.id, dated=dt.date.today(), text=NOTE)
    vault.close()
    signed = accounts.sign_in(vault_dir, "intake", STAFF_PASSWORD)
    try:  # an intake worker, signed in with their own password, writes what they cannot read
        assert signed.vault.restricted_key is None
        with signed.vault.session() as s:
            row = register_client(
                s,
                actor=signed.actor,
                draft=ClientDraft(chosen_name="Lena", phone=INTAKE_PHONE, date_of_birth=INTAKE_DOB),
            )
    finally:
        signed.vault.close()
    assert row.phone is None  # not even the writer reads it back
    assert row.date_of_birth is None
    assert row.legal_visible is False
    return vault_dir


def test_intake_password_reads_no_restricted_value(filled: Path) -> None:
    doc, slot, data_key, restricted = _open(filled, "intake", STAFF_PASSWORD)
    assert doc["version"] == 2
    assert "restricted" not in slot
    assert restricted is None
    secrets_ = (LEGAL, PHONE, DOB.isoformat(), INTAKE_PHONE, INTAKE_DOB.isoformat(), "Maria")
    secrets_ += (FAMILY_NAME, FAMILY_PHONE, "Confidencial", "Tlacuache")
    for table, rows in _rows(filled, data_key).items():
        for row in rows:
            for cell in row:
                text = cell.decode("latin-1") if isinstance(cell, bytes) else str(cell)
                assert not any(s in text for s in secrets_), table
    cells = _client_cells(filled, data_key)
    assert all(v is not None for row in cells for v in row[1:3] if row[0] == 1)
    with pytest.raises(Exception):  # noqa: B017, PT011 - any failure: the tag does not verify
        _decrypt(doc, b"\0" * 32, "phone", cells[0][0], cells[0][3])


def test_supervisor_password_reads_every_restricted_value(filled: Path) -> None:
    doc, _, data_key, restricted = _open(filled, "supervisor", STAFF_PASSWORD)
    assert restricted is not None
    (first, legal, dob, phone), (second, _legal2, dob2, phone2) = _client_cells(filled, data_key)
    assert _decrypt(doc, restricted, "legal_name", first, legal) == LEGAL
    assert _decrypt(doc, restricted, "date_of_birth", first, dob) == DOB.isoformat()
    assert _decrypt(doc, restricted, "phone", first, phone) == PHONE
    assert phone2.startswith("s1:")  # sealed by the intake session, read with R
    assert _decrypt(doc, restricted, "phone", second, phone2) == INTAKE_PHONE
    assert _decrypt(doc, restricted, "date_of_birth", second, dob2) == INTAKE_DOB.isoformat()
    with pytest.raises(Exception):  # noqa: B017, PT011 - bound to its row: moved, it fails
        _decrypt(doc, restricted, "phone", second, phone)
    con = sqlcipher3.connect(str(filled / "safehaven.db"))
    con.execute(f"PRAGMA key = \"x'{data_key.hex()}'\"")
    contact_id, name = con.execute("SELECT id, name FROM family_contact").fetchone()
    con.close()
    aad = f"family_contact\x1fname\x1f{contact_id}".encode()
    body = b64(name[3:])
    assert AESGCM(restricted).decrypt(body[:12], body[12:], aad).decode() == FAMILY_NAME


def test_director_and_caseworker_slots(filled: Path) -> None:
    assert _open(filled, "director", STAFF_PASSWORD)[3] is None
    assert _open(filled, "caseworker", STAFF_PASSWORD)[3] is not None
