"""Vault folder 0700, its files 0600; letters, kits and exports 0600 (0640 in a team folder)."""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import select

from safehaven.cli import main
from safehaven.demo.vault import DEMO_PASSWORD, create_demo_vault
from safehaven.models.referral import Referral
from safehaven.services.accounts.accounts import sign_in
from safehaven.services.vault_ops import backups
from safehaven.storage.files import write_atomic
from safehaven.storage.keyslots import FAST_TEST_KDF
from tests.conftest import ADMIN_PASSWORD

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX modes; Windows uses ACLs")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _every_file(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


def test_new_vault_is_owner_only(vault, staff) -> None:
    backups.create_backup(vault, actor=staff.admin, now=dt.datetime(2026, 12, 1, tzinfo=dt.UTC))
    folder = vault.folder
    assert _mode(folder) == 0o700
    assert _mode(folder / "backups") == 0o700
    files = _every_file(folder)
    names = {p.name for p in files}
    assert {"safehaven.db", "safehaven.db-wal", "keyslots.json", "audit-head.json"} <= names
    assert any(n.endswith(".shbackup") for n in names)
    assert {p.name: oct(_mode(p)) for p in files} == {p.name: oct(0o600) for p in files}


def test_an_older_open_vault_is_tightened_at_unlock(vault) -> None:
    folder = vault.folder
    vault.close()
    Path(folder).chmod(0o755)
    for path in _every_file(folder):
        Path(path).chmod(0o644)
    signed = sign_in(folder, "admin", ADMIN_PASSWORD)
    signed.vault.close()
    assert _mode(folder) == 0o700
    assert all(_mode(p) == 0o600 for p in _every_file(folder))


def test_written_files_are_private_unless_the_folder_is_a_team_folder(tmp_path) -> None:
    private, team = tmp_path / "mine", tmp_path / "team"
    private.mkdir(mode=0o755)
    team.mkdir(mode=0o775)
    team.chmod(0o2775)  # setgid: the Unix convention for a shared team folder
    write_atomic(private / "letter.pdf", b"%PDF-1.7")
    write_atomic(team / "letter.pdf", b"%PDF-1.7")
    assert _mode(private / "letter.pdf") == 0o600
    assert _mode(team / "letter.pdf") == 0o640
    assert _mode(private) == 0o755  # a folder the user chose is never changed


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("perm") / "vault"
    create_demo_vault(folder, clients=40, seed=5, kdf=FAST_TEST_KDF)
    return folder


def test_letter_and_export_from_the_command_line_are_private(
    demo_dir, tmp_path, capsys, monkeypatch
) -> None:
    signed = sign_in(demo_dir, "caseworker", DEMO_PASSWORD)
    with signed.vault.session() as session:
        ids = list(session.execute(select(Referral.id).order_by(Referral.id).limit(2)).scalars())
    signed.vault.close()
    monkeypatch.setenv("SAFEHAVEN_PASSWORD", DEMO_PASSWORD)
    letter = tmp_path / "letter.pdf"
    code = main(
        [
            "letter",
            "--data-dir",
            str(demo_dir),
            "--user",
            "caseworker",
            "--referral",
            str(ids[1]),
            "--out",
            str(letter),
        ]
    )
    assert code == 0, capsys.readouterr().err
    assert _mode(letter) == 0o600
    out = tmp_path / "export"
    out.mkdir()
    code = main(
        [
            "export",
            "--data-dir",
            str(demo_dir),
            "--user",
            "director",
            "--period",
            "2026",
            "--out",
            str(out),
        ]
    )
    assert code == 0, capsys.readouterr().err
    files = sorted(out.iterdir())
    assert files
    assert all(_mode(p) == 0o600 for p in files)
