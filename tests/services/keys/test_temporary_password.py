"""A temporary password is single-use: on the command line it may only be changed, the change is
audited, and the audit records that an administrator set it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from safehaven.cli import main
from safehaven.models.audit import AuditEvent
from safehaven.services.accounts import accounts
from tests.conftest import ADMIN_PASSWORD

NEW = "my own long passphrase 99"


def _run(capsys, monkeypatch, argv: list[str], password: str) -> tuple[int, str, str]:
    monkeypatch.setenv("SAFEHAVEN_PASSWORD", password)
    code = main(argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def _temporary(out: str) -> str:
    return out.strip().rsplit(": ", 1)[1]


@pytest.fixture
def folder(vault, staff, vault_dir: Path) -> Path:
    vault.close()
    return vault_dir


@pytest.mark.parametrize("how", ["add", "reset"])
def test_temporary_password_only_changes_itself(folder, capsys, monkeypatch, tmp_path, how) -> None:
    d = ["--data-dir", str(folder)]
    if how == "add":
        argv = ["users", "add", *d, "--user", "admin", "bob", "--roles", "admin,supervisor"]
        name = "bob"
    else:
        argv = ["users", "reset-password", *d, "--user", "admin", "supervisor"]
        name = "supervisor"
    code, out, _ = _run(capsys, monkeypatch, argv, ADMIN_PASSWORD)
    assert code == 0
    temporary = _temporary(out)
    for action in (["users", "list"], ["audit", "verify"], ["check"], ["orphan-slots"]):
        argv = [*action, *d, "--user", name]
        code, _, err = _run(capsys, monkeypatch, argv, temporary)
        assert code == 1, (action, err)
        assert "temporary" in err, (action, err)
    pw_file = tmp_path / "new.txt"
    pw_file.write_text(NEW)
    argv = ["change-password", *d, "--user", name, "--new-password-file", str(pw_file)]
    assert _run(capsys, monkeypatch, argv, temporary)[0] == 0
    code, _, err = _run(capsys, monkeypatch, ["audit", "verify", *d, "--user", name], NEW)
    assert code == 0, err
    assert _run(capsys, monkeypatch, ["audit", "verify", *d, "--user", name], temporary)[0] == 1
    _check_audit(folder, how)


def _check_audit(folder: Path, how: str) -> None:
    signed = accounts.sign_in(folder, "admin", ADMIN_PASSWORD)
    with signed.vault.session() as s:
        events = s.execute(select(AuditEvent).order_by(AuditEvent.id)).scalars().all()
    signed.vault.close()
    by_action = {e.action: e for e in events}
    admin_id = by_action["vault_created"].actor_id
    set_by = by_action["user_created" if how == "add" else "password_reset"]
    assert set_by.actor_id == admin_id
    assert json.loads(set_by.details)["temporary_password"] is True
    changed = by_action["password_changed"]
    assert changed.actor_id != admin_id
    assert changed.object_id == changed.actor_id
    assert json.loads(changed.details) == {"replaced_temporary": True}
