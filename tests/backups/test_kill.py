"""Crash safety: a writer killed with SIGKILL at random points never loses an acknowledged record
and never leaves a half-written one (WAL + synchronous=FULL, one transaction per save)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from safehaven.models.audit import AuditEvent
from safehaven.models.client import Client
from safehaven.services import accounts
from safehaven.storage.backup import check_database
from tests.conftest import ADMIN_PASSWORD, STAFF_PASSWORD

ROUNDS = 60
HERE = Path(__file__).resolve().parent


def _check(vault_dir: Path, acked: set[str]) -> tuple[int, int]:
    signed = accounts.sign_in(vault_dir, "admin", ADMIN_PASSWORD)
    vault = signed.vault
    try:
        with vault.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
            assert conn.exec_driver_sql("PRAGMA cipher_integrity_check").first() is None
            conn.exec_driver_sql(
                "INSERT INTO client_search(client_search) VALUES('integrity-check')"
            )
        with vault.session() as s:
            clients = {c.chosen_name: c for c in s.execute(select(Client)).scalars()}
            registered = set(
                s.execute(
                    select(AuditEvent.client_id).where(AuditEvent.action == "client_registered")
                ).scalars()
            )
        missing = acked - set(clients)
        assert not missing, f"acknowledged records lost: {sorted(missing)[:5]}"
        for name, c in clients.items():  # no half-written record
            assert c.other_names == name * 8 and c.case_number
            assert c.id in registered
        return len(clients), len(clients) - len(acked)
    finally:
        vault.close()


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_sigkill_at_random_points_loses_nothing(vault, staff, vault_dir: Path) -> None:
    vault.close()
    rng = random.Random(20260504)
    env = {**os.environ, "PYTHONPATH": str(HERE.parents[1])}
    proc = subprocess.Popen(
        [sys.executable, str(HERE / "kill_writer.py"), str(vault_dir), STAFF_PASSWORD],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdin and proc.stdout
    acked: set[str] = set()
    kills = 0
    started = time.monotonic()
    try:
        assert proc.stdout.readline().strip() == "ZYGOTE"
        for round_no in range(ROUNDS):
            proc.stdin.write(f"run {round_no}\n")
            proc.stdin.flush()
            ready = proc.stdout.readline().split()
            assert ready[0] == "READY", ready
            child = int(ready[1])
            for _ in range(rng.randint(0, 6)):
                line = proc.stdout.readline().split()
                assert line[0] == "ACK"
                acked.add(line[1])
            time.sleep(rng.random() * 0.004)  # land anywhere inside the next commit
            os.kill(child, signal.SIGKILL)
            kills += 1
            while (line := proc.stdout.readline().split()) and line[0] == "ACK":
                acked.add(line[1])
            assert line[0] == "EXIT" and int(line[1]) == signal.SIGKILL, line
            total, unacked_committed = _check(vault_dir, acked)
    finally:
        proc.stdin.close()
        proc.wait(timeout=10)
    elapsed = time.monotonic() - started
    print(
        f"kill test: {kills} kills, {len(acked)} acknowledged, {total} present, "
        f"{unacked_committed} committed but killed before acknowledging, {elapsed:.1f} s"
    )
    assert kills >= 50
    report = check_database(vault_dir / "safehaven.db", _key(vault_dir))
    assert report.integrity_ok and report.cipher_ok


def _key(vault_dir: Path) -> bytes:
    signed = accounts.sign_in(vault_dir, "admin", ADMIN_PASSWORD)
    key = bytes(signed.vault.data_key)
    signed.vault.close()
    return key
