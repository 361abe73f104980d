"""Backups: verified snapshot files, no plaintext, restore round trip, rotation."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import select

from safehaven.models.client import Client
from safehaven.services.accounts import accounts
from safehaven.services.cases.clients import ClientDraft, register_client
from safehaven.services.errors import ConfirmationRequired, PermissionDenied
from safehaven.services.vault_ops import backups
from safehaven.storage.backup import open_readonly
from safehaven.storage.errors import BackupInvalid, VaultExists, WrongCredentials
from tests.conftest import ADMIN_PASSWORD, STAFF_PASSWORD

CANARY = "Qwertzuiop Canarysurname"
NOW = dt.datetime(2026, 5, 4, 10, 0, tzinfo=dt.UTC)


def _clients(vault) -> list[tuple]:
    with vault.session() as s:
        rows = s.execute(select(Client).order_by(Client.id)).scalars().all()
        return [(c.id, c.case_number, c.chosen_name, c.legal_name, c.intake_date) for c in rows]


def _dump(db: Path, key: bytes) -> dict[str, list[tuple]]:
    """Every row of every table (search index shadow tables included), sorted."""
    con = open_readonly(db, key)
    try:
        names = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {
            n: sorted(con.execute(f'SELECT * FROM "{n}"').fetchall(), key=repr)
            for n in names
            if n != "client_search"
        }
    finally:
        con.close()


def _register(vault, actor, n: int, prefix: str = "Client") -> None:
    for i in range(n):
        with vault.session() as s:
            register_client(
                s, actor=actor, draft=ClientDraft(chosen_name=f"{prefix} {i}", legal_name=CANARY)
            )


def test_backup_restore_round_trip_identical(vault, staff, tmp_path: Path) -> None:
    _register(vault, staff.caseworker, 5)
    before = _clients(vault)
    info = backups.create_backup(vault, actor=staff.admin, now=NOW, folder=tmp_path / "usb")
    assert info.path.suffix == ".shbackup"
    assert info.path.parent == tmp_path / "usb"
    assert sorted(zipfile.ZipFile(info.path).namelist()) == [
        "keyslots.json",
        "manifest.json",
        "safehaven.db",
    ]

    report = backups.verify_backup(info.path, username="admin", secret=ADMIN_PASSWORD)
    assert report.ok
    assert report.clients == 5
    assert report.users == 6
    assert report.audit_events > 5

    new = tmp_path / "restored"
    backups.restore_to_new_folder(info.path, new, username="caseworker", secret=STAFF_PASSWORD)
    key = bytes(vault.data_key)
    live, restored = _dump(vault.paths.db, key), _dump(new / "safehaven.db", key)
    last = max(live["audit_event"])  # the "backup_created" event, written after the snapshot
    assert restored == {**live, "audit_event": [e for e in live["audit_event"] if e != last]}
    signed = accounts.sign_in(new, "caseworker", STAFF_PASSWORD)
    try:
        assert _clients(signed.vault) == before
    finally:
        signed.vault.close()
    rec = accounts.sign_in_with_recovery(new, vault.recovery_key, as_username="admin")
    rec.vault.close()


def test_backup_file_holds_no_plaintext_name(vault, staff, tmp_path: Path) -> None:
    _register(vault, staff.caseworker, 2, prefix=CANARY)
    info = backups.create_backup(vault, actor=staff.admin, now=NOW, folder=tmp_path)
    raw = info.path.read_bytes()
    for needle in (CANARY, "Qwertzuiop", "Canarysurname"):
        assert needle.encode() not in raw
        assert needle.encode("utf-16-le") not in raw
    assert b"SQLite format 3" not in raw


def test_verify_needs_the_right_secret(vault, staff, tmp_path: Path) -> None:
    info = backups.create_backup(vault, actor=staff.admin, now=NOW, folder=tmp_path)
    with pytest.raises(WrongCredentials):
        backups.verify_backup(info.path, username="admin", secret="wrong password here")
    report = backups.verify_backup(info.path, secret=vault.recovery_key)
    assert report.ok


def test_only_backup_role_may_back_up(vault, staff, tmp_path: Path) -> None:
    with pytest.raises(PermissionDenied):
        backups.create_backup(vault, actor=staff.caseworker, now=NOW, folder=tmp_path)


def test_damaged_backup_file_is_refused(vault, staff, tmp_path: Path) -> None:
    info = backups.create_backup(vault, actor=staff.admin, now=NOW, folder=tmp_path)
    data = bytearray(info.path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    bad = tmp_path / "bad.shbackup"
    bad.write_bytes(bytes(data))
    with pytest.raises(BackupInvalid):
        backups.verify_backup(bad, username="admin", secret=ADMIN_PASSWORD)
    (tmp_path / "junk.shbackup").write_bytes(b"not a zip")
    with pytest.raises(BackupInvalid) as exc:
        backups.verify_backup(tmp_path / "junk.shbackup", secret="x")
    assert exc.value.reason == "not_a_backup"


def test_restore_refuses_an_existing_vault(vault, staff, vault_dir: Path, tmp_path: Path) -> None:
    info = backups.create_backup(vault, actor=staff.admin, now=NOW, folder=tmp_path)
    with pytest.raises(VaultExists):
        backups.restore_to_new_folder(info.path, vault_dir)


def test_restore_over_vault_needs_confirmation_and_backs_up_first(
    vault, staff, vault_dir: Path, tmp_path: Path
) -> None:
    _register(vault, staff.caseworker, 2)
    info = backups.create_backup(vault, actor=staff.admin, now=NOW, folder=tmp_path)
    old = _clients(vault)
    _register(vault, staff.caseworker, 3, prefix="Later")
    with pytest.raises(ConfirmationRequired):
        backups.restore_over_vault(
            vault, actor=staff.admin, path=info.path, now=NOW, confirmed=False
        )
    safety = backups.restore_over_vault(
        vault, actor=staff.admin, path=info.path, now=NOW, confirmed=True
    )
    assert safety.kind == "pre-restore"
    assert safety.path.exists()
    signed = accounts.sign_in(vault_dir, "admin", ADMIN_PASSWORD)
    try:
        assert _clients(signed.vault) == old
    finally:
        signed.vault.close()
    pre = backups.verify_backup(safety.path, username="admin", secret=ADMIN_PASSWORD)
    assert pre.clients == 5


def test_auto_backup_daily_and_on_close_with_rotation(vault, staff) -> None:
    first = backups.auto_backup_if_due(vault, actor=staff.admin, now=NOW)
    assert first is not None
    assert first.path.parent == vault.paths.backups
    assert (
        backups.auto_backup_if_due(vault, actor=staff.admin, now=NOW + dt.timedelta(hours=5))
        is None
    )
    assert backups.backup_on_close(vault, actor=staff.admin, now=NOW) is None  # nothing changed
    _register(vault, staff.caseworker, 1)
    assert backups.backup_on_close(vault, actor=staff.admin, now=NOW + dt.timedelta(hours=6))
    for day in range(1, 60):
        backups.auto_backup_if_due(vault, actor=staff.admin, now=NOW + dt.timedelta(days=day))
    kept = backups.list_vault_backups(vault)
    assert 7 <= len(kept) <= 7 + 4 + 12
    assert kept[0].created_at == NOW + dt.timedelta(days=59)


def test_keep_generations_policy() -> None:
    stamps = [NOW - dt.timedelta(days=d) for d in range(400)]
    keep = backups.keep_generations(stamps)
    assert set(range(7)) <= keep
    assert len(keep) <= 7 + 4 + 12
    assert max(keep) > 300  # a monthly generation from about a year ago
