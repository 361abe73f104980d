"""Deactivation can be undone: a new key slot opened by a temporary password without look-alike
characters; the old password stays revoked."""

from __future__ import annotations

import pytest

from safehaven.cli import main
from safehaven.services.accounts import accounts
from safehaven.services.accounts.reactivation import reactivate_user
from safehaven.services.errors import InvalidTransition, PermissionDenied
from safehaven.storage.errors import WrongCredentials
from tests.conftest import ADMIN_PASSWORD, STAFF_PASSWORD

LOOK_ALIKES = set("IlO01")


def test_temporary_passwords_avoid_look_alike_characters() -> None:
    seen: set[str] = set()
    for _i in range(300):
        password = accounts.generate_temporary_password()
        assert not LOOK_ALIKES & set(password)
        assert [len(part) for part in password.split("-")] == [4, 4, 4, 4]
        seen |= set(password.replace("-", ""))
    assert len(seen) > 25  # the whole alphabet is in use


def test_reactivated_account_signs_in_with_a_temporary_password(vault, staff) -> None:
    accounts.deactivate_user(vault, actor=staff.admin, user_id=staff.caseworker.user_id)
    with pytest.raises(PermissionDenied):
        reactivate_user(vault, actor=staff.supervisor, user_id=staff.caseworker.user_id)
    row, temporary = reactivate_user(vault, actor=staff.admin, user_id=staff.caseworker.user_id)
    assert row.active
    with pytest.raises(InvalidTransition):
        reactivate_user(vault, actor=staff.admin, user_id=staff.caseworker.user_id)
    folder = vault.folder
    vault.close()
    with pytest.raises(WrongCredentials):
        accounts.sign_in(folder, "caseworker", STAFF_PASSWORD)
    signed = accounts.sign_in(folder, "caseworker", temporary)
    assert signed.must_change_password
    signed.vault.close()


def test_cli_reactivate(vault, staff, capsys, monkeypatch) -> None:
    accounts.deactivate_user(vault, actor=staff.admin, user_id=staff.intake.user_id)
    folder = vault.folder
    vault.close()
    monkeypatch.setenv("SAFEHAVEN_PASSWORD", ADMIN_PASSWORD)
    argv = ["users", "reactivate", "intake", "--data-dir", str(folder), "--user", "admin"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    temporary = out.strip().rsplit(" ", 1)[-1]
    assert "active again" in out
    accounts.sign_in(folder, "intake", temporary).vault.close()
    assert main(argv) == 1
