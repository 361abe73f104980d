"""A SIGKILL at each named step of `users add` leaves the account and its key slot together, or
neither, or an orphan slot that the full check reports and an administrator removes (audited).

The kill is injected at a named step (SAFEHAVEN_CRASH_AT), not timed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from safehaven.models.audit import AuditEvent
from safehaven.models.user import User
from safehaven.services.accounts import accounts
from safehaven.services.vault_ops.health import check_vault
from safehaven.services.vault_ops.orphan_slots import find_orphan_slots, remove_orphan_slots
from safehaven.storage.keyslots import load_keyslots
from tests.conftest import ADMIN_PASSWORD

STEPS = [
    "user_slot_prepared",
    "keyslots_backup_written",
    "user_slot_written",
    "user_row_flushed",
    "user_committed",
]

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX signals only")


def _add_killed_at(folder: Path, step: str, password_file: Path) -> int:
    env = dict(os.environ, SAFEHAVEN_CRASH_AT=step)
    env.pop("SAFEHAVEN_PASSWORD", None)
    argv = [sys.executable, "-m", "safehaven", "users", "add", "--data-dir", str(folder)]
    argv += ["--user", "admin", "--password-file", str(password_file), "bob", "--roles", "intake"]
    done = subprocess.run(argv, env=env, capture_output=True, timeout=120, check=False)
    return done.returncode


@pytest.mark.parametrize("step", STEPS)
def test_kill_at_each_step_of_users_add(vault, vault_dir: Path, tmp_path: Path, step) -> None:
    vault.close()
    password_file = tmp_path / "pw"
    password_file.write_text(ADMIN_PASSWORD)
    assert _add_killed_at(vault_dir, step, password_file) == -signal.SIGKILL

    signed = accounts.sign_in(vault_dir, "admin", ADMIN_PASSWORD)
    try:
        with signed.vault.session() as s:
            row = s.execute(select(User).where(User.username == "bob")).scalar()
        slot = load_keyslots(vault_dir / "keyslots.json").user_slot("bob")
        bak_slot = load_keyslots(vault_dir / "keyslots.json.bak").user_slot("bob")
        if row is not None:  # committed: both, and the slot is the row's
            assert step == "user_committed"
            assert slot is not None
            assert slot.id == row.slot_id
            assert find_orphan_slots(signed.vault) == []
            return
        orphans = find_orphan_slots(signed.vault)
        if slot is None and bak_slot is None:
            assert orphans == []
            assert step == "user_slot_prepared"
            return
        assert step in STEPS[1:4]
        assert len(orphans) == 1
        # a slot without its account: reported by the full check, removable, audited
        health = check_vault(signed.vault, actor=signed.actor)
        assert not health.ok
        assert health.orphan_slots == len(orphans) >= (slot is not None)
        assert remove_orphan_slots(signed.vault, actor=signed.actor) == len(orphans)
        assert find_orphan_slots(signed.vault) == []
        assert load_keyslots(vault_dir / "keyslots.json.bak").user_slot("bob") is None
        with signed.vault.session() as s:
            actions = s.execute(select(AuditEvent.action)).scalars().all()
        assert "orphan_slots_removed" in actions
        assert check_vault(signed.vault, actor=signed.actor).ok
    finally:
        signed.vault.close()
