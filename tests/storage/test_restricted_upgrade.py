"""A version-1 vault (schema 0001, key slots without the restricted key, restricted columns in
clear) is upgraded on the first unlock by an administrator: values encrypted in place, the old
plaintext gone from every page of the file (pages decrypted here with the documented SQLCipher 4
page layout), and the rest of the staff reading as their slots allow."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from alembic import command
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from sqlalchemy import text
from sqlalchemy.orm import Session

from safehaven.models.permissions import Role
from safehaven.models.user import User
from safehaven.services import settings as settings_service
from safehaven.services.accounts import accounts
from safehaven.services.cases.clients import get_client
from safehaven.services.cases.notes import list_notes
from safehaven.storage.engine import make_engine
from safehaven.storage.keyslots import FAST_TEST_KDF, KeySlotFile, save_keyslots
from safehaven.storage.migrate import _config
from tests.conftest import ADMIN_PASSWORD, STAFF_PASSWORD

LEGAL, PHONE, DOB = "Oksana Plaintext Example", "+1-555-0123", dt.date(2008, 3, 9)
NOTE = "Old note naming the Kestrel Road house"
PAGE, RESERVE = 4096, 80  # SQLCipher 4 defaults: 16-byte IV + 64-byte HMAC per page


def _pages(db: Path, data_key: bytes) -> bytes:
    """Every page of the file decrypted (AES-256-CBC, the raw key, the IV in the reserve)."""
    raw = db.read_bytes()
    out = bytearray()
    for start in range(0, len(raw), PAGE):
        page = raw[start : start + PAGE]
        body_start = 16 if start == 0 else 0  # page 1 begins with the salt
        iv = page[PAGE - RESERVE : PAGE - RESERVE + 16]
        body = page[body_start : PAGE - RESERVE]
        decryptor = Cipher(algorithms.AES(data_key), modes.CBC(iv)).decryptor()
        out += decryptor.update(body) + decryptor.finalize()
    return bytes(out)


def _version_one_vault(folder: Path) -> bytes:
    folder.mkdir(parents=True)
    data_key = bytes(range(32))
    engine = make_engine(folder / "safehaven.db", data_key)
    cfg = _config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    slots = KeySlotFile.new()
    ids = {}
    for name in ("admin", "supervisor", "intake"):
        password = ADMIN_PASSWORD if name == "admin" else STAFF_PASSWORD
        ids[name] = slots.add_user_slot(name, password, data_key, FAST_TEST_KDF).id
    slots.add_recovery_slot("RECOVERY" * 4, data_key, FAST_TEST_KDF)
    save_keyslots(folder / "keyslots.json", slots)
    roles = {"admin": Role.ADMIN, "supervisor": Role.SUPERVISOR, "intake": Role.INTAKE}
    with Session(engine) as session, session.begin():
        for name, slot_id in ids.items():
            user = User(username=name, display_name=name, slot_id=slot_id)
            user.roles = (roles[name],)
            session.add(user)
        settings_service.write_initial(session, organization_name="Old", demo=False)
        session.execute(
            text(
                "INSERT INTO client (case_number, chosen_name, legal_name, date_of_birth, phone,"
                " created_by_id, age_is_estimated, status, intake_date, created_at, updated_at)"
                " VALUES ('SH-2025-0001', 'Oksi', :legal, :dob, :phone, 3, 0, 'active',"
                " '2025-06-01', '2025-06-01 10:00:00', '2025-06-01 10:00:00')"
            ),
            {"legal": LEGAL, "dob": DOB.isoformat(), "phone": PHONE},
        )
        session.execute(
            text(
                "INSERT INTO note (client_id, dated, text, author_id, created_at)"
                " VALUES (1, '2025-06-02', :note, 2, '2025-06-02 10:00:00')"
            ),
            {"note": NOTE},
        )
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return data_key


@pytest.fixture
def old_vault(tmp_path: Path) -> tuple[Path, bytes]:
    folder = tmp_path / "old"
    return folder, _version_one_vault(folder)


def test_plaintext_is_visible_before_the_upgrade(old_vault) -> None:
    folder, key = old_vault
    pages = _pages(folder / "safehaven.db", key)
    assert LEGAL.encode() in pages  # the probe finds them
    assert NOTE.encode() in pages


def test_admin_unlock_encrypts_in_place_and_leaves_no_plaintext(old_vault) -> None:
    folder, key = old_vault
    signed = accounts.sign_in(folder, "admin", ADMIN_PASSWORD)
    try:
        assert signed.vault.restricted_key is not None
        with signed.vault.engine.connect() as conn:
            row = conn.execute(
                text("SELECT legal_name, date_of_birth, phone, age_at_intake FROM client")
            ).one()
            events = conn.execute(
                text("SELECT details FROM audit_event WHERE action = 'vault_format_upgraded'")
            ).all()
            assert conn.exec_driver_sql("PRAGMA freelist_count").scalar() == 0
        assert all(str(v).startswith("r1:") for v in row[:3])
        assert row[3] == 17  # age at intake, derived by the migration
        assert json.loads(events[0][0])["values_encrypted"] == 4
    finally:
        signed.vault.close()
    pages = _pages(folder / "safehaven.db", key)
    for secret in (LEGAL, PHONE, DOB.isoformat(), "Oksana", "Kestrel"):
        assert secret.encode() not in pages
    wal = folder / "safehaven.db-wal"
    assert not wal.exists() or wal.stat().st_size == 0
    doc = json.loads((folder / "keyslots.json").read_text())
    assert doc["version"] == 2
    assert "sealing" in doc


def test_after_the_upgrade_each_role_reads_as_its_slot_allows(old_vault) -> None:
    folder, _key = old_vault
    admin = accounts.sign_in(folder, "admin", ADMIN_PASSWORD)
    admin.vault.close()
    for name in ("intake", "supervisor"):  # no restricted key in these slots yet
        signed = accounts.sign_in(folder, name, STAFF_PASSWORD)
        try:
            with signed.vault.session() as s:
                row = get_client(s, actor=signed.actor, client_id=1)
                if name == "supervisor":
                    (note,) = list_notes(s, actor=signed.actor, client_id=1)
                    assert note.restricted is True
                    assert note.text == ""
            assert row.legal_name is None
            assert row.legal_visible is False
        finally:
            signed.vault.close()
    admin = accounts.sign_in(folder, "admin", ADMIN_PASSWORD)
    try:  # a reset by an administrator who holds R gives the supervisor's slot R
        temporary = accounts.reset_password(admin.vault, actor=admin.actor, user_id=2)
    finally:
        admin.vault.close()
    signed = accounts.sign_in(folder, "supervisor", temporary)
    try:
        with signed.vault.session() as s:
            row = get_client(s, actor=signed.actor, client_id=1)
        assert row.legal_name == LEGAL
        assert row.date_of_birth == DOB
        assert row.phone == PHONE
        with signed.vault.session() as s:
            assert list_notes(s, actor=signed.actor, client_id=1)[0].text == NOTE
    finally:
        signed.vault.close()
