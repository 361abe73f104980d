"""The command line: backup, verify, restore, rotate-key, erase, retention; one-line failures."""

from __future__ import annotations

from pathlib import Path

import pytest

from safehaven.cli import main
from safehaven.services.accounts import accounts
from safehaven.services.cases.clients import ClientDraft, register_client
from tests.conftest import ADMIN_PASSWORD, STAFF_PASSWORD


def _run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    return code, out.out, out.err


@pytest.fixture
def closed(vault, staff, vault_dir: Path) -> Path:
    with vault.session() as s:
        register_client(s, actor=staff.caseworker, draft=ClientDraft(chosen_name="Cli Person"))
    vault.close()
    return vault_dir


def test_backup_verify_restore(closed: Path, tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("SAFEHAVEN_PASSWORD", ADMIN_PASSWORD)
    out_file = tmp_path / "stick" / "weekly.shbackup"
    out_file.parent.mkdir()
    code, out, _ = _run(
        capsys, "backup", "--data-dir", str(closed), "--user", "admin", "--out", str(out_file)
    )
    assert code == 0
    assert out_file.exists()
    code, out, _ = _run(capsys, "backup", "verify", str(out_file), "--user", "admin")
    assert code == 0
    assert "1 clients" in out
    assert "audit chain ok" in out
    code, _, err = _run(capsys, "backup", "verify", str(out_file))
    assert code == 1
    assert err.count("\n") == 1
    new = tmp_path / "new"
    code, out, _ = _run(capsys, "restore", str(out_file), "--data-dir", str(new))
    assert code == 0
    accounts.sign_in(new, "caseworker", STAFF_PASSWORD).vault.close()
    code, _, err = _run(capsys, "restore", str(out_file), "--data-dir", str(new))
    assert code == 1
    assert "already exists" in err
    code, _, err = _run(capsys, "backup", "verify", str(tmp_path / "nope.shbackup"), "--user", "x")
    assert code == 1
    assert "does not exist" in err


def test_restore_over_current_needs_yes(closed: Path, tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("SAFEHAVEN_PASSWORD", ADMIN_PASSWORD)
    assert (
        _run(
            capsys, "backup", "--data-dir", str(closed), "--user", "admin", "--out", str(tmp_path)
        )[0]
        == 0
    )
    file = next(tmp_path.glob("*.shbackup"))
    code, _, err = _run(
        capsys,
        "restore",
        str(file),
        "--data-dir",
        str(closed),
        "--user",
        "admin",
        "--replace-current",
    )
    assert code == 1
    assert "--yes" in err
    code, out, _ = _run(
        capsys,
        "restore",
        str(file),
        "--data-dir",
        str(closed),
        "--user",
        "admin",
        "--replace-current",
        "--yes",
    )
    assert code == 0
    assert "pre-restore" in out


def test_rotate_erase_retention(closed: Path, tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("SAFEHAVEN_PASSWORD", ADMIN_PASSWORD)
    kit = tmp_path / "kit.pdf"
    code, out, _ = _run(
        capsys,
        "rotate-key",
        "--data-dir",
        str(closed),
        "--user",
        "admin",
        "--recovery-kit",
        str(kit),
    )
    assert code == 0
    assert kit.read_bytes().startswith(b"%PDF")
    assert "temporary password for caseworker" in out
    code, _, err = _run(
        capsys, "erase", "--data-dir", str(closed), "--user", "admin", "--client", "1"
    )
    assert code == 1
    assert "--yes" in err
    code, out, _ = _run(
        capsys, "erase", "--data-dir", str(closed), "--user", "admin", "--client", "1", "--yes"
    )
    assert code == 0
    assert "erased" in out
    code, out, _ = _run(capsys, "retention", "--data-dir", str(closed), "--user", "admin")
    assert code == 0
    assert "0 closed case(s)" in out


def test_backup_out_name_writes_that_file(
    closed: Path, tmp_path: Path, capsys, monkeypatch
) -> None:
    monkeypatch.setenv("SAFEHAVEN_PASSWORD", ADMIN_PASSWORD)
    stick = tmp_path / "stick"
    stick.mkdir()
    named = stick / "friday-copy"
    code, _out, err = _run(
        capsys, "backup", "--data-dir", str(closed), "--user", "admin", "--out", str(named)
    )
    assert code == 0, err
    assert named.is_file()
    assert sorted(p.name for p in stick.iterdir()) == ["friday-copy"]
    code, _out, _ = _run(capsys, "backup", "verify", str(named), "--user", "admin")
    assert code == 0
    missing = tmp_path / "no-such-folder" / "copy"
    code, _, err = _run(
        capsys, "backup", "--data-dir", str(closed), "--user", "admin", "--out", str(missing)
    )
    assert code == 1
    assert "does not exist" in err
