"""Revocation revokes: after deactivate or reset, no file in the vault folder (`.bak`, backups,
pre-upgrade copies included) opens the data key with the old password; after "rotate now" the
old data key no longer opens the database."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import sqlcipher3
from sqlalchemy import select

from safehaven.models.audit import AuditEvent
from safehaven.models.user import User
from safehaven.services.accounts import accounts
from safehaven.services.vault_ops import backups
from safehaven.services.vault_ops.key_rotation import rotate_key
from safehaven.services.vault_ops.revocation import deactivate_account, rotation_recommended
from safehaven.storage.errors import WrongCredentials
from tests.conftest import ADMIN_PASSWORD, STAFF_PASSWORD
from tests.services.keys.slot_probe import keys_opened

NOW = dt.datetime(2026, 3, 3, 8, 0, tzinfo=dt.UTC)


def _slot_id(vault, username: str) -> str:
    with vault.session() as s:
        slot_id = s.execute(select(User.slot_id).where(User.username == username)).scalar()
    assert slot_id
    return slot_id


@pytest.fixture
def copies(vault, staff, vault_dir: Path) -> str:
    """Every kind of copy the folder keeps, each holding the caseworker's current slot."""
    backups.create_backup(vault, actor=staff.admin, now=NOW)
    (vault_dir / "backups").mkdir(exist_ok=True)
    shutil.copy(vault_dir / "keyslots.json", vault_dir / "backups/pre-upgrade-x-1.keyslots.json")
    shutil.copy(vault_dir / "keyslots.json", vault_dir / "keyslots.json.new")
    slot_id = _slot_id(vault, "caseworker")
    found = keys_opened(vault_dir, "caseworker", STAFF_PASSWORD, {slot_id})
    assert len(found) >= 5, found  # the probe does find the slot before revocation
    return slot_id


def test_deactivate_leaves_no_copy_that_opens(vault, staff, vault_dir, copies) -> None:
    accounts.deactivate_user(vault, actor=staff.admin, user_id=staff.caseworker.user_id)
    assert keys_opened(vault_dir, "caseworker", STAFF_PASSWORD, {copies}) == []
    # other accounts keep every copy: the backup still opens for the administrator
    assert keys_opened(vault_dir, "admin", ADMIN_PASSWORD, set())
    backup = next((vault_dir / "backups").glob("*.shbackup"))
    report = backups.verify_backup(backup, username="admin", secret=ADMIN_PASSWORD)
    assert report.ok


def test_reset_leaves_no_copy_that_opens_with_the_old_password(
    vault, staff, vault_dir, copies
) -> None:
    temporary = accounts.reset_password(vault, actor=staff.admin, user_id=staff.caseworker.user_id)
    assert keys_opened(vault_dir, "caseworker", STAFF_PASSWORD, {copies}) == []
    # the backup under the same data key now opens with the new password instead; the copies
    # without a database of the same key simply lost the slot
    opened = set(keys_opened(vault_dir, "caseworker", temporary, set()))
    (in_backup,) = opened - {"keyslots.json", "keyslots.json.bak"}
    assert len(opened) == 3
    assert in_backup.endswith(".shbackup:keyslots.json")
    backup = next((vault_dir / "backups").glob("*.shbackup"))
    assert backups.verify_backup(backup, username="caseworker", secret=temporary).ok


def test_a_backup_under_an_older_key_only_loses_the_slot(vault, staff, vault_dir) -> None:
    """After a rotation, older backups are under the old key: the new wrapping (of the new key)
    would not open them, so the re-wrapped slot is only removed from them."""
    backups.create_backup(vault, actor=staff.admin, now=NOW)
    rotate_key(vault, actor=staff.admin, admin_password=ADMIN_PASSWORD, now=NOW)
    new = "a completely different passphrase 7"
    accounts.change_own_password(
        vault, actor=staff.admin, current_password=ADMIN_PASSWORD, new_password=new
    )
    assert keys_opened(vault_dir, "admin", ADMIN_PASSWORD, set()) == []
    opened = sorted(keys_opened(vault_dir, "admin", new, set()))
    assert opened == ["keyslots.json", "keyslots.json.bak"]


def test_own_password_change_revokes_the_old_one_everywhere(
    vault, staff, vault_dir, copies
) -> None:
    new = "a completely different passphrase 7"
    accounts.change_own_password(
        vault, actor=staff.caseworker, current_password=STAFF_PASSWORD, new_password=new
    )
    assert keys_opened(vault_dir, "caseworker", STAFF_PASSWORD, {copies}) == []


def test_rotate_now_makes_the_old_data_key_useless(vault, staff, vault_dir) -> None:
    old_key = vault.data_key
    outcome = deactivate_account(
        vault,
        actor=staff.admin,
        user_id=staff.caseworker.user_id,
        rotate=True,
        admin_password=ADMIN_PASSWORD,
        now=NOW,
    )
    assert outcome.rotation is not None
    assert not outcome.user.active
    new_key = vault.data_key
    assert new_key != old_key
    vault.close()
    for key, opens in ((old_key, False), (new_key, True)):
        con = sqlcipher3.connect(str(vault_dir / "safehaven.db"))
        con.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        try:
            con.execute("SELECT count(*) FROM sqlite_master").fetchone()
            opened = True
        except sqlcipher3.DatabaseError:
            opened = False
        finally:
            con.close()
        assert opened is opens
    signed = accounts.sign_in(vault_dir, "admin", ADMIN_PASSWORD)
    with signed.vault.session() as s:
        actions = s.execute(select(AuditEvent.action)).scalars().all()
    signed.vault.close()
    assert "user_deactivated" in actions
    assert "key_rotated" in actions


def test_rotation_with_a_wrong_password_changes_nothing(vault, staff) -> None:
    with pytest.raises(WrongCredentials):
        deactivate_account(
            vault,
            actor=staff.admin,
            user_id=staff.caseworker.user_id,
            rotate=True,
            admin_password="not the password",
        )
    with vault.session() as s:
        assert s.get(User, staff.caseworker.user_id).active


def test_rotation_is_the_default_only_for_bad_terms() -> None:
    assert rotation_recommended(left_on_bad_terms=True)
    assert not rotation_recommended(left_on_bad_terms=False)
