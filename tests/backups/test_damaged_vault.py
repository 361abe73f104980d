"""A damaged vault: a clear message and a way forward, never a traceback, and the damaged file is
left byte-for-byte as it was."""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import os
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import event, func, select

from safehaven.cli import main
from safehaven.messages import describe, is_expected
from safehaven.models.client import Client
from safehaven.services.accounts import accounts
from safehaven.services.cases.clients import ClientDraft, register_client
from safehaven.services.vault_ops import backups
from safehaven.storage import backup as backup_files
from safehaven.storage.errors import (
    DatabaseDamaged,
    DiskFull,
    KeySlotsDamaged,
    VaultReadOnly,
    WrongCredentials,
)
from tests.conftest import ADMIN_PASSWORD, STAFF_PASSWORD

NOW = dt.datetime(2026, 3, 3, 8, 0, tzinfo=dt.UTC)


def _digest(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


@pytest.fixture
def closed_vault(vault, staff, vault_dir: Path) -> Path:
    for i in range(15):
        with vault.session() as s:
            register_client(s, actor=staff.caseworker, draft=ClientDraft(chosen_name=f"C{i}" * 30))
    backups.auto_backup_if_due(vault, actor=staff.admin, now=NOW)
    vault.close()
    return vault_dir


def _cli(capsys, *args: str) -> tuple[int, str]:
    code = main(list(args))
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


def _truncate(p: Path) -> None:
    p.write_bytes(p.read_bytes()[: p.stat().st_size // 2 + 100])


def _flip_middle(p: Path) -> None:
    data = bytearray(p.read_bytes())
    data[len(data) // 2] ^= 0x01
    p.write_bytes(bytes(data))


def _empty(p: Path) -> None:
    p.write_bytes(b"")


@pytest.mark.parametrize("damage", [_truncate, _flip_middle, _empty])
def test_damaged_database(closed_vault: Path, damage, capsys, monkeypatch) -> None:
    db = closed_vault / "safehaven.db"
    damage(db)
    before = _digest(db)
    with pytest.raises(DatabaseDamaged) as exc:
        accounts.sign_in(closed_vault, "caseworker", STAFF_PASSWORD)
    assert "backup" in describe(exc.value)
    assert _digest(db) == before
    monkeypatch.setenv("SAFEHAVEN_PASSWORD", STAFF_PASSWORD)
    code, err = _cli(capsys, "check", "--data-dir", str(closed_vault), "--user", "caseworker")
    assert code == 1
    assert err.count("\n") == 1
    assert "safehaven restore" in err or "backup" in err
    assert _digest(db) == before


def test_check_names_the_latest_backup(closed_vault: Path, capsys) -> None:
    _truncate(closed_vault / "safehaven.db")
    code, err = _cli(capsys, "check", "--data-dir", str(closed_vault))
    assert code == 1
    assert "truncated" in err
    latest = backup_files.list_backups(closed_vault / "backups")[0][0]
    assert str(latest) in err


def _repair_as_admin(capsys, monkeypatch, folder: Path) -> int:
    monkeypatch.setenv("SAFEHAVEN_PASSWORD", ADMIN_PASSWORD)
    code = _cli(capsys, "repair-keyslots", "--data-dir", str(folder), "--user", "admin")[0]
    monkeypatch.delenv("SAFEHAVEN_PASSWORD")
    return code


def test_missing_keyslots_put_back_from_bak(closed_vault: Path, capsys, monkeypatch) -> None:
    (closed_vault / "keyslots.json").unlink()
    with pytest.raises(KeySlotsDamaged) as exc:
        accounts.sign_in(closed_vault, "admin", ADMIN_PASSWORD)
    assert exc.value.backup_available
    assert "keyslots.json.bak" in describe(exc.value)
    code, err = _cli(capsys, "check", "--data-dir", str(closed_vault))
    assert code == 1
    assert "repair-keyslots" in err
    assert _repair_as_admin(capsys, monkeypatch, closed_vault) == 0
    accounts.sign_in(closed_vault, "admin", ADMIN_PASSWORD).vault.close()


def test_damaged_keyslots_are_kept_not_overwritten(closed_vault: Path, capsys, monkeypatch) -> None:
    slots = closed_vault / "keyslots.json"
    slots.write_bytes(slots.read_bytes()[:200])
    before = _digest(slots)
    with pytest.raises(KeySlotsDamaged):
        accounts.sign_in(closed_vault, "admin", ADMIN_PASSWORD)
    assert _digest(slots) == before
    assert _repair_as_admin(capsys, monkeypatch, closed_vault) == 0
    kept = next(closed_vault.glob("keyslots.json.damaged-*"))
    assert _digest(kept) == before
    accounts.sign_in(closed_vault, "admin", ADMIN_PASSWORD).vault.close()


def test_database_full_mid_save(vault, staff) -> None:
    with vault.session() as s:
        register_client(s, actor=staff.caseworker, draft=ClientDraft(chosen_name="First"))
    vault.engine.dispose()
    with vault.engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()

    @event.listens_for(vault.engine, "connect")
    def _cap(dbapi_con, _rec) -> None:  # SQLite reports SQLITE_FULL exactly like a full disk
        dbapi_con.execute(f"PRAGMA max_page_count = {pages}")

    vault.engine.dispose()

    def fill() -> None:
        with vault.session() as s:
            for _i in range(200):
                register_client(s, actor=staff.caseworker, draft=ClientDraft(chosen_name="X" * 100))

    with pytest.raises(DiskFull) as exc:
        fill()
    assert is_expected(exc.value)
    assert "full" in describe(exc.value)
    event.remove(vault.engine, "connect", _cap)
    vault.engine.dispose()
    with vault.session() as s:  # every committed save is whole; nothing half-written
        assert s.execute(select(func.count()).select_from(Client)).scalar() >= 1


def test_backup_to_a_full_disk_leaves_nothing(vault, staff, tmp_path: Path, monkeypatch) -> None:
    db_before = _digest(vault.paths.db)

    def full(*_a, **_k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backup_files, "_pack", full)
    target = tmp_path / "usb"
    target.mkdir()
    with pytest.raises(DiskFull):
        backups.create_backup(vault, actor=staff.admin, now=NOW, folder=target)
    assert list(target.iterdir()) == []
    assert _digest(vault.paths.db) == db_before


def test_keyslot_write_on_full_disk_changes_nothing(vault, staff, monkeypatch) -> None:
    slots = vault.paths.keyslots
    before = _digest(slots)

    def full(_fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(DiskFull):
        accounts.change_own_password(
            vault,
            actor=staff.caseworker,
            current_password=STAFF_PASSWORD,
            new_password="a brand new long passphrase 7",
        )
    monkeypatch.undo()
    assert _digest(slots) == before
    assert not [p for p in slots.parent.iterdir() if p.name.endswith(".tmp")]
    vault.close()
    accounts.sign_in(vault.paths.folder, "caseworker", STAFF_PASSWORD).vault.close()
    with pytest.raises(WrongCredentials):
        accounts.sign_in(vault.paths.folder, "caseworker", "a brand new long passphrase 7")


def test_backup_to_read_only_folder(vault, staff, tmp_path: Path, monkeypatch, capsys) -> None:
    def read_only(*_a, **_k):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(tempfile, "mkdtemp", read_only)
    with pytest.raises(VaultReadOnly) as exc:
        backups.create_backup(vault, actor=staff.admin, now=NOW, folder=tmp_path)
    assert "read-only" in describe(exc.value)
