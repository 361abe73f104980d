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

from safehaven.services.accounts import accounts
from safehaven.storage.backup import check_database
from safehaven.storage.engine import raw_connect
from tests.conftest import ADMIN_PASSWORD

ROUNDS = 60
HERE = Path(__file__).resolve().parent


def _check(db: Path, key: bytes, acked: set[str]) -> tuple[int, int]:
    """Open the crashed vault's database afresh (WAL recovery runs) and check everything."""
    con = raw_connect(db, key)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("PRAGMA cipher_integrity_check").fetchone() is None
        con.execute("INSERT INTO client_search(client_search) VALUES('integrity-check')")
        clients = dict(con.execute("SELECT chosen_name, id FROM client").fetchall())
        whole = {
            n for n, o in con.execute("SELECT chosen_name, other_names FROM client") if o == n * 8
        }
        registered = {
            r[0]
            for r in con.execute(
                "SELECT client_id FROM audit_event WHERE action = 'client_registered'"
            )
        }
    finally:
        con.close()
    missing = acked - set(clients)
    assert not missing, f"acknowledged records lost: {sorted(missing)[:5]}"
    assert whole == set(clients), "a record was half-written"
    assert set(clients.values()) <= registered, "a record without its audit event"
    return len(clients), len(clients) - len(acked)


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_sigkill_at_random_points_loses_nothing(vault, staff, vault_dir: Path) -> None:
    db, key = vault.paths.db, bytes(vault.data_key)
    vault.close()
    rng = random.Random(20260504)
    env = {**os.environ, "PYTHONPATH": str(HERE.parents[1])}
    proc = subprocess.Popen(
        [sys.executable, str(HERE / "kill_writer.py"), str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdin
    assert proc.stdout
    acked: set[str] = set()
    kills = 0
    started = time.monotonic()
    try:
        proc.stdin.write(key.hex() + "\n")
        proc.stdin.flush()
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
            assert line[0] == "EXIT", line
            assert int(line[1]) == signal.SIGKILL, line
            total, unacked_committed = _check(db, key, acked)
    finally:
        proc.stdin.close()
        proc.wait(timeout=10)
    elapsed = time.monotonic() - started
    print(
        f"kill test: {kills} kills, {len(acked)} acknowledged, {total} present, "
        f"{unacked_committed} committed but killed before acknowledging, {elapsed:.1f} s"
    )
    assert kills >= 50
    signed = accounts.sign_in(vault_dir, "admin", ADMIN_PASSWORD)  # the app still opens it
    signed.vault.close()
    report = check_database(db, key)
    assert report.integrity_ok
    assert report.cipher_ok
