"""The command line: exit codes, one-line failures without tracebacks, no password arguments."""

from __future__ import annotations

from pathlib import Path

import pytest

from safehaven.cli import main
from safehaven.demo.vault import DEMO_PASSWORD, create_demo_vault
from safehaven.storage.keyslots import FAST_TEST_KDF


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli") / "vault"
    create_demo_vault(folder, clients=40, seed=3, kdf=FAST_TEST_KDF)
    return folder


def _run(capsys, monkeypatch, argv: list[str], password: str | None = None):
    if password is not None:
        monkeypatch.setenv("SAFEHAVEN_PASSWORD", password)
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def _one_line_failure(code: int, err: str) -> None:
    assert code == 1
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err


def test_users_list_and_audit_verify(demo_dir, capsys, monkeypatch) -> None:
    code, out, _ = _run(
        capsys,
        monkeypatch,
        ["users", "list", "--data-dir", str(demo_dir), "--user", "admin"],
        DEMO_PASSWORD,
    )
    assert code == 0
    assert "supervisor" in out
    code, out, _ = _run(
        capsys, monkeypatch, ["audit", "verify", "--data-dir", str(demo_dir), "--user", "admin"]
    )
    assert code == 0
    assert "chain intact" in out


@pytest.mark.parametrize(
    ("argv", "password", "expected"),
    [
        (["users", "list", "--user", "admin"], "wrong password!", "not correct"),
        (["users", "list", "--user", "ghost"], DEMO_PASSWORD, "not correct"),
        (["users", "list", "--user", "intake"], DEMO_PASSWORD, "role does not allow"),
        (["users", "add", "--user", "admin", "x y", "--roles", "intake"], DEMO_PASSWORD, "check"),
        (["users", "add", "--user", "admin", "neo", "--roles", "wizard"], DEMO_PASSWORD, "role"),
        (["users", "deactivate", "--user", "admin", "nobody"], DEMO_PASSWORD, "No user"),
        (["users", "list", "--user", "admin"], None, "no password given"),
    ],
)
def test_expected_failures_are_one_line(demo_dir, capsys, monkeypatch, argv, password, expected):
    argv = [*argv[:2], "--data-dir", str(demo_dir), *argv[2:]]
    code, _, err = _run(capsys, monkeypatch, argv, password)
    _one_line_failure(code, err)
    assert expected in err


def test_missing_vault_init_twice_and_check(tmp_path, capsys, monkeypatch) -> None:
    missing = tmp_path / "none"
    code, _, err = _run(
        capsys, monkeypatch, ["users", "list", "--data-dir", str(missing), "--user", "a"], "x"
    )
    _one_line_failure(code, err)
    assert "no SafeHaven vault" in err

    folder = tmp_path / "new"
    pw = tmp_path / "pw.txt"
    pw.write_text("a long and quiet evening walk\n")
    kit = tmp_path / "kit.pdf"
    argv = ["init", "--data-dir", str(folder), "--admin", "boss", "--password-file", str(pw)]
    code, out, _ = _run(capsys, monkeypatch, [*argv, "--recovery-kit", str(kit)])
    assert code == 0
    assert "Recovery key" in out
    key = out.strip().splitlines()[-1].strip()
    from pypdf import PdfReader

    assert key in PdfReader(kit).pages[0].extract_text()
    code, _, err = _run(capsys, monkeypatch, argv)
    _one_line_failure(code, err)
    assert "already exists" in err

    code, out, _ = _run(capsys, monkeypatch, ["check", "--data-dir", str(folder)])
    assert code == 0
    assert "encrypted" in out
    (folder / "keyslots.json").write_text("{ not json")
    code, _, err = _run(capsys, monkeypatch, ["check", "--data-dir", str(folder)])
    _one_line_failure(code, err)


def test_passwords_are_never_command_line_arguments(capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["users", "list", "--user", "admin", "--password", "secret"])
    assert exc.value.code == 2


def test_usage_errors_exit_2(capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["demo", "--clients", "lots"])
    assert exc.value.code == 2


def test_gui_without_display_says_so(monkeypatch, capsys) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    code = main([])
    _, err = capsys.readouterr()
    _one_line_failure(code, err)
    assert "no display" in err
    assert "make demo" in err
