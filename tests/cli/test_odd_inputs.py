"""Odd input an attacker or a tired administrator might give: one human line, exit 1 or 2
(DESIGN §7), never "unexpected error" and never a traceback; nothing half-made."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from safehaven.cli import main
from safehaven.demo.vault import DEMO_PASSWORD, create_demo_vault
from safehaven.storage.keyslots import FAST_TEST_KDF

NOT_UTF8 = b"caf\xe9 \xff\xfe".decode("utf-8", "surrogateescape")  # as Python sees such bytes


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("odd") / "vault"
    create_demo_vault(folder, clients=20, seed=4, kdf=FAST_TEST_KDF)
    return folder


def _run(capsys, argv: list[str]) -> tuple[int, str]:
    try:
        code = main(argv)
    except SystemExit as exc:
        code = int(exc.code or 0)
    _out, err = capsys.readouterr()
    return code, err


def _sentence(code: int, err: str, *, exit_code: int, words: str) -> None:
    assert code == exit_code, err
    assert "unexpected error" not in err
    assert "Traceback" not in err
    last = err.strip().splitlines()[-1]
    assert last.startswith("safehaven: "), err
    assert words in last, err
    if exit_code == 1:  # a usage error (2) prints the usage first
        assert len(err.strip().splitlines()) == 1, err


def test_password_file_that_is_not_utf8(demo_dir, tmp_path, capsys) -> None:
    bad = tmp_path / "pw"
    bad.write_bytes(b"safehaven-demo\xff\xfe")
    argv = ["users", "list", "--data-dir", str(demo_dir), "--user", "admin"]
    code, err = _run(capsys, [*argv, "--password-file", str(bad)])
    _sentence(code, err, exit_code=1, words="is not UTF-8 text")


def test_password_file_that_never_ends(demo_dir, capsys) -> None:
    argv = ["users", "list", "--data-dir", str(demo_dir), "--user", "admin"]
    code, err = _run(capsys, [*argv, "--password-file", "/dev/zero"])
    _sentence(code, err, exit_code=1, words="too large")


def test_argument_that_is_not_utf8(demo_dir, capsys) -> None:
    code, err = _run(capsys, ["users", "list", "--data-dir", str(demo_dir), "--user", NOT_UTF8])
    _sentence(code, err, exit_code=2, words="user is not valid UTF-8 text")


def test_environment_password_that_is_not_utf8(demo_dir, capsys, monkeypatch) -> None:
    monkeypatch.setenv("SAFEHAVEN_PASSWORD", NOT_UTF8)
    code, err = _run(capsys, ["users", "list", "--data-dir", str(demo_dir), "--user", "admin"])
    _sentence(code, err, exit_code=1, words="SAFEHAVEN_PASSWORD is not valid UTF-8")


def test_init_with_a_name_that_is_not_utf8_makes_nothing(tmp_path, capsys) -> None:
    pw = tmp_path / "pw"
    pw.write_text("a long enough password 123", "utf-8")
    folder = tmp_path / "new"
    code, err = _run(
        capsys, ["init", "--data-dir", str(folder), "--admin", NOT_UTF8, "--password-file", str(pw)]
    )
    _sentence(code, err, exit_code=2, words="not valid UTF-8")
    assert not folder.exists()


@pytest.mark.parametrize("where", ["file", "under_file"])
def test_init_into_a_file(tmp_path, capsys, where) -> None:
    afile = tmp_path / "notes.txt"
    afile.write_text("x", "utf-8")
    target = afile if where == "file" else afile / "vault"
    code, err = _run(capsys, ["init", "--data-dir", str(target), "--admin", "boss"])
    _sentence(code, err, exit_code=2, words="not a folder")
    assert afile.read_text("utf-8") == "x"


def test_recovery_kit_into_a_missing_folder_makes_no_vault(tmp_path, capsys) -> None:
    pw = tmp_path / "pw"
    pw.write_text("a long enough password 123", "utf-8")
    folder = tmp_path / "new"
    code, err = _run(
        capsys,
        [
            "init",
            "--data-dir",
            str(folder),
            "--admin",
            "boss",
            "--password-file",
            str(pw),
            "--recovery-kit",
            str(tmp_path / "no" / "kit.pdf"),
        ],
    )
    _sentence(code, err, exit_code=2, words="does not exist")
    assert not folder.exists()  # else the recovery key would never be shown


@pytest.mark.parametrize(
    "argv",
    [
        ["letter", "--user", "caseworker", "--referral", str(2**70), "--out", "x.pdf"],
        ["erase", "--user", "admin", "--client", str(2**70), "--yes"],
        ["letter", "--user", "caseworker", "--referral", "0", "--out", "x.pdf"],
    ],
)
def test_record_numbers_beyond_sqlite(demo_dir, capsys, monkeypatch, argv) -> None:
    monkeypatch.setenv("SAFEHAVEN_PASSWORD", DEMO_PASSWORD)
    code, err = _run(capsys, [argv[0], "--data-dir", str(demo_dir), *argv[1:]])
    _sentence(code, err, exit_code=2, words="record numbers run from 1 to")


def test_backup_verify_of_a_device(capsys, monkeypatch) -> None:
    monkeypatch.setenv("SAFEHAVEN_PASSWORD", DEMO_PASSWORD)
    code, err = _run(capsys, ["backup", "verify", "/dev/zero", "--user", "admin"])
    _sentence(code, err, exit_code=2, words="not a regular file")


def test_backup_out_over_an_existing_file(demo_dir, tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("SAFEHAVEN_PASSWORD", DEMO_PASSWORD)
    afile = tmp_path / "report.txt"
    afile.write_text("keep me", "utf-8")
    code, err = _run(
        capsys, ["backup", "--data-dir", str(demo_dir), "--user", "admin", "--out", str(afile)]
    )
    _sentence(code, err, exit_code=2, words="already exists")
    assert afile.read_text("utf-8") == "keep me"


def test_recovery_key_file_that_is_not_utf8(tmp_path, capsys) -> None:
    key = tmp_path / "key"
    key.write_bytes(b"\xff\xfe\xfd")
    fake = tmp_path / "b.shbackup"
    fake.write_bytes(b"PK")
    code, err = _run(capsys, ["backup", "verify", str(fake), "--recovery-key-file", str(key)])
    _sentence(code, err, exit_code=1, words="is not UTF-8 text")


def test_audit_verify_against_a_missing_copy(demo_dir, tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("SAFEHAVEN_PASSWORD", DEMO_PASSWORD)
    code, err = _run(
        capsys,
        [
            "audit",
            "verify",
            "--data-dir",
            str(demo_dir),
            "--user",
            "admin",
            "--against",
            str(tmp_path / "gone.shbackup"),
        ],
    )
    _sentence(code, err, exit_code=1, words="does not exist")


@pytest.fixture
def read_only_copy(demo_dir, tmp_path) -> Iterator[Path]:
    """The demo vault on a read-only file system (a tmpfs remounted read-only), or, for an
    ordinary user, in folders without write permission."""
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    if os.geteuid() != 0:
        shutil.copytree(demo_dir, mnt / "vault")
        for path in [mnt / "vault", *(mnt / "vault").rglob("*")]:
            path.chmod(0o500 if path.is_dir() else 0o400)
        yield mnt / "vault"
        for path in [mnt / "vault", *(mnt / "vault").rglob("*")]:
            path.chmod(0o700 if path.is_dir() else 0o600)
        return
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(mnt)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip("root without permission to mount a read-only file system here")
    try:
        shutil.copytree(demo_dir, mnt / "vault")
        subprocess.run(["mount", "-o", "remount,ro", str(mnt)], check=True)
        yield mnt / "vault"
    finally:
        subprocess.run(["umount", str(mnt)], check=False)


@pytest.mark.parametrize("command", [["users", "list"], ["backup"], ["audit", "verify"]])
def test_read_only_vault(read_only_copy, capsys, monkeypatch, command) -> None:
    monkeypatch.setenv("SAFEHAVEN_PASSWORD", DEMO_PASSWORD)
    code, err = _run(capsys, [*command, "--data-dir", str(read_only_copy), "--user", "admin"])
    _sentence(code, err, exit_code=1, words="read-only")
