"""Cancel during a backup: the running statement stops, no file is left, the vault is healthy."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pytest

from safehaven.services.audit import verify_chain
from safehaven.services.cases.clients import ClientDraft, register_client
from safehaven.services.vault_ops import backups
from safehaven.storage.backup import check_database
from safehaven.storage.interrupt import Interrupted

NOW = dt.datetime(2026, 5, 4, 10, 0, tzinfo=dt.UTC)


def _cancelled_after(looks: int):  # type: ignore[no-untyped-def]
    """An is_cancelled that says yes from its `looks`-th call on; counts every call."""
    calls = itertools.count()
    asked: list[int] = []

    def is_cancelled() -> bool:
        asked.append(next(calls))
        return asked[-1] >= looks

    return is_cancelled, asked


def _assert_vault_healthy(vault, staff) -> None:  # type: ignore[no-untyped-def]
    check = check_database(vault.paths.db, vault.data_key)
    assert check.integrity_ok
    assert check.cipher_ok
    with vault.session() as session:
        assert verify_chain(session, actor=staff.admin).ok
    with vault.session() as session:
        register_client(session, actor=staff.intake, draft=ClientDraft(chosen_name="After"))


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*")) if folder.exists() else []


@pytest.fixture
def busy_vault(vault, staff):  # type: ignore[no-untyped-def]
    with vault.session() as session:
        for number in range(300):
            draft = ClientDraft(chosen_name=f"Person {number}", other_names="x" * 200)
            register_client(session, actor=staff.intake, draft=draft)
    return vault


def test_cancel_inside_the_snapshot_statement_stops_it(busy_vault, staff, tmp_path) -> None:
    out = tmp_path / "out"
    is_cancelled, asked = _cancelled_after(1)  # the first look from inside VACUUM INTO
    with pytest.raises(Interrupted):
        backups.create_backup(
            busy_vault, actor=staff.admin, now=NOW, folder=out, is_cancelled=is_cancelled
        )
    assert len(asked) == 2  # one look before the statement, one from inside it: then it stopped
    assert _files(out) == []
    _assert_vault_healthy(busy_vault, staff)


def test_cancel_at_any_moment_leaves_a_whole_backup_or_nothing(busy_vault, staff, tmp_path):
    _never, asked = _cancelled_after(10**9)
    backups.create_backup(
        busy_vault, actor=staff.admin, now=NOW, folder=tmp_path / "all", is_cancelled=_never
    )
    looks = len(asked)
    assert looks > 3  # the job looks at the cancel flag all along the way
    for moment in range(looks):
        out = tmp_path / f"at-{moment}"
        is_cancelled, _asked = _cancelled_after(moment)
        with pytest.raises(Interrupted):
            backups.create_backup(
                busy_vault, actor=staff.admin, now=NOW, folder=out, is_cancelled=is_cancelled
            )
        assert _files(out) == []
    _assert_vault_healthy(busy_vault, staff)
    assert [b.kind for b in backups.list_vault_backups(busy_vault)] == []


def test_cancel_during_a_key_rotation_stops_before_the_re_encryption(busy_vault, staff):
    from safehaven.services.vault_ops.key_rotation import rotate_key
    from tests.conftest import ADMIN_PASSWORD

    key_before = busy_vault.data_key
    slots_before = busy_vault.paths.keyslots.read_bytes()
    is_cancelled, _asked = _cancelled_after(1)  # inside the safety backup's snapshot
    with pytest.raises(Interrupted):
        rotate_key(
            busy_vault,
            actor=staff.admin,
            admin_password=ADMIN_PASSWORD,
            now=NOW,
            is_cancelled=is_cancelled,
        )
    assert busy_vault.data_key == key_before
    assert busy_vault.paths.keyslots.read_bytes() == slots_before
    assert backups.list_vault_backups(busy_vault) == []  # no safety backup half-written
    _assert_vault_healthy(busy_vault, staff)
