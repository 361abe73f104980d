"""Key rotation: the old key no longer opens the database; everyone can still sign in; old
backups stay readable with the old passwords."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
import sqlcipher3
from pypdf import PdfReader

from safehaven.services.accounts import accounts
from safehaven.services.cases.clients import ClientDraft, register_client
from safehaven.services.errors import PermissionDenied
from safehaven.services.vault_ops import backups
from safehaven.services.vault_ops.key_rotation import rotate_key
from safehaven.storage.backup import open_readonly
from safehaven.storage.errors import DatabaseDamaged, WrongCredentials
from tests.conftest import ADMIN_PASSWORD, STAFF_PASSWORD

NOW = dt.datetime(2026, 7, 1, 9, 0, tzinfo=dt.UTC)


def test_rotation(vault, staff, vault_dir: Path) -> None:
    with vault.session() as s:
        register_client(s, actor=staff.caseworker, draft=ClientDraft(chosen_name="Before Rot"))
    old_key = bytes(vault.data_key)
    old_recovery = vault.recovery_key
    with pytest.raises(PermissionDenied):
        rotate_key(vault, actor=staff.caseworker, admin_password=STAFF_PASSWORD, now=NOW)
    with pytest.raises(WrongCredentials):
        rotate_key(vault, actor=staff.admin, admin_password="not it at all", now=NOW)

    result = rotate_key(vault, actor=staff.admin, admin_password=ADMIN_PASSWORD, now=NOW)
    assert vault.data_key != old_key
    assert set(result.temporary_passwords) == {
        "intake",
        "caseworker",
        "caseworker2",
        "supervisor",
        "director",
    }
    assert result.recovery_key.replace("-", "") in PdfReader(
        io.BytesIO(result.recovery_kit_pdf)
    ).pages[0].extract_text().replace("-", "").replace(" ", "")
    with vault.session() as s:  # the open vault keeps working under the new key
        register_client(s, actor=staff.caseworker, draft=ClientDraft(chosen_name="After Rot"))
    vault.close()

    with pytest.raises(DatabaseDamaged):
        open_readonly(vault_dir / "safehaven.db", old_key)
    con = sqlcipher3.connect(str(vault_dir / "safehaven.db"))
    con.execute(f"PRAGMA key = \"x'{old_key.hex()}'\"")
    with pytest.raises(sqlcipher3.DatabaseError):
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()
    con.close()

    signed = accounts.sign_in(vault_dir, "admin", ADMIN_PASSWORD)
    assert not signed.must_change_password
    signed.vault.close()
    for name, temp in result.temporary_passwords.items():
        with pytest.raises(WrongCredentials):
            accounts.sign_in(vault_dir, name, STAFF_PASSWORD)
        signed = accounts.sign_in(vault_dir, name, temp)
        assert signed.must_change_password
        signed.vault.close()
    with pytest.raises(WrongCredentials):
        accounts.sign_in_with_recovery(vault_dir, old_recovery, as_username="admin")
    accounts.sign_in_with_recovery(
        vault_dir, result.recovery_key, as_username="admin"
    ).vault.close()

    # the backup taken before rotating still opens with the old passwords and recovery key
    old = backups.verify_backup(result.backup.path, username="caseworker", secret=STAFF_PASSWORD)
    assert old.ok
    assert old.clients == 1
    assert backups.verify_backup(result.backup.path, secret=old_recovery).ok
    assert not (vault_dir / "keyslots.json.new").exists()
