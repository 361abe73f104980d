"""Backup figures on a demo vault: backup time and size, verify, page check at unlock, erasure
(with VACUUM) and key rotation. Prints `name value unit`.

Run: .venv/bin/python benchmarks/backup_scale.py [--clients 100000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from pathlib import Path

from safehaven.demo.vault import DEMO_PASSWORD, create_demo_vault
from safehaven.services.accounts import accounts
from safehaven.services.vault_ops import backups, erasure
from safehaven.services.vault_ops.key_rotation import rotate_key
from safehaven.storage.engine import raw_connect
from safehaven.storage.keyslots import KdfParams


def _timed(label: str, fn):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = fn()
    print(f"{label} {time.perf_counter() - started:.2f} s", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=100_000)
    args = parser.parse_args()
    now = dt.datetime.now(dt.UTC)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "vault"
        create_demo_vault(folder, clients=args.clients, seed=7, kdf=KdfParams())
        signed = accounts.sign_in(folder, "admin", DEMO_PASSWORD)
        vault, actor = signed.vault, signed.actor
        print(f"database_size {vault.paths.db.stat().st_size / 1e6:.1f} MB")
        con = raw_connect(vault.paths.db, vault.data_key)
        _timed(
            "page_check_at_unlock", lambda: con.execute("PRAGMA cipher_integrity_check").fetchall()
        )
        con.close()
        out = Path(tmp) / "out"
        info = _timed(
            "backup", lambda: backups.create_backup(vault, actor=actor, now=now, folder=out)
        )
        print(f"backup_size {info.size_bytes / 1e6:.1f} MB")
        _timed("verify", lambda: backups.verify_backup(info.path, data_key=vault.data_key))
        _timed(
            "erase_one_client_with_vacuum",
            lambda: erasure.erase_client(vault, actor=actor, client_id=1, confirmed=True),
        )
        _timed(
            "rotate_key",
            lambda: rotate_key(vault, actor=actor, admin_password=DEMO_PASSWORD, now=now),
        )
        vault.close()


if __name__ == "__main__":
    main()
