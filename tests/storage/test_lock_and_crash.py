"""One process per vault; a crashed process leaves no blocking lock and no plaintext."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from safehaven.services.accounts import accounts
from safehaven.storage.errors import VaultLocked
from tests.conftest import ADMIN_PASSWORD

HOLDER = textwrap.dedent(
    """
    import sys, time
    from safehaven.services.accounts import accounts
    from safehaven.services.cases.clients import ClientDraft, register_client
    signed = accounts.sign_in(sys.argv[1], "admin", sys.argv[2])
    print("open", flush=True)
    n = 0
    while True:
        if sys.argv[3] == "write":
            with signed.vault.session() as s:
                register_client(s, actor=signed.actor.__class__(
                    signed.actor.user_id, "admin", "admin", ("caseworker",)),
                    draft=ClientDraft(chosen_name=f"Qwertzuiop Canary {n}"))
            n += 1
            print(f"ack {n}", flush=True)
        else:
            time.sleep(0.05)
    """
)


def _start(vault_dir: Path, mode: str) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(vault_dir), ADMIN_PASSWORD, mode],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "open"
    return proc


@pytest.fixture
def closed_vault(vault, vault_dir: Path) -> Path:
    vault.close()
    return vault_dir


def test_second_process_is_told_the_vault_is_open(closed_vault: Path) -> None:
    proc = _start(closed_vault, "hold")
    try:
        with pytest.raises(VaultLocked):
            accounts.sign_in(closed_vault, "admin", ADMIN_PASSWORD)
    finally:
        proc.kill()
        proc.wait()


def test_stale_lock_of_a_killed_process_is_recovered(closed_vault: Path) -> None:
    proc = _start(closed_vault, "hold")
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert (closed_vault / "safehaven.lock").exists()
    signed = accounts.sign_in(closed_vault, "admin", ADMIN_PASSWORD)
    signed.vault.close()


def test_kill_mid_write_leaves_no_name_on_disk_and_keeps_acknowledged_rows(
    closed_vault: Path,
) -> None:
    proc = _start(closed_vault, "write")
    assert proc.stdout is not None
    acked = 0
    for line in proc.stdout:
        acked = int(line.split()[1])
        if acked >= 15:
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    everything = b"".join(p.read_bytes() for p in closed_vault.rglob("*") if p.is_file())
    assert b"Qwertzuiop" not in everything
    assert b"Canary" not in everything

    signed = accounts.sign_in(closed_vault, "admin", ADMIN_PASSWORD)
    from sqlalchemy import text

    with signed.vault.session() as s:
        names = set(s.execute(text("SELECT chosen_name FROM client")).scalars())
        assert s.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    signed.vault.close()
    assert {f"Qwertzuiop Canary {i}" for i in range(acked)} <= names
