"""Cost of "rotate the data key now" (after a deactivation). Prints `name value unit`.

Run: .venv/bin/python benchmarks/rotation_scale.py [--clients 100000]

Builds a demo vault and one backup in its folder, deactivates one account without rotation (its
slot is purged from every copy, the backup rewritten), then rotates (backup with the old key,
`PRAGMA rekey`, integrity checks, every slot reissued) and reports both.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from pathlib import Path

from safehaven.demo.vault import DEMO_PASSWORD, create_demo_vault
from safehaven.services.accounts import accounts
from safehaven.services.vault_ops import backups
from safehaven.services.vault_ops.key_rotation import rotate_key
from safehaven.services.vault_ops.revocation import deactivate_account
from safehaven.storage.keyslots import KdfParams


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "vault"
        started = time.perf_counter()
        create_demo_vault(folder, clients=args.clients, seed=7, kdf=KdfParams())
        print(f"demo_create_{args.clients}_clients {time.perf_counter() - started:.1f} s")
        db_bytes = (folder / "safehaven.db").stat().st_size
        print(f"database_size {db_bytes / 1e6:.1f} MB")
        signed = accounts.sign_in(folder, "admin", DEMO_PASSWORD)
        try:
            with signed.vault.session() as session:
                user_id = accounts.find_user_id(session, "intake")
            backups.create_backup(signed.vault, actor=signed.actor, now=dt.datetime.now(dt.UTC))
            started = time.perf_counter()
            deactivate_account(signed.vault, actor=signed.actor, user_id=user_id, rotate=False)
            took = time.perf_counter() - started
            print(f"deactivate_without_rotation_one_backup_in_folder {took:.2f} s")
            started = time.perf_counter()
            result = rotate_key(
                signed.vault,
                actor=signed.actor,
                admin_password=DEMO_PASSWORD,
                now=dt.datetime.now(dt.UTC),
            )
            print(f"rotate_now_{args.clients}_clients {time.perf_counter() - started:.1f} s")
            print(f"pre_rotate_backup_size {result.backup.size_bytes / 1e6:.1f} MB")
            print(f"slots_reissued {len(result.temporary_passwords) + 1}")
        finally:
            signed.vault.close()


if __name__ == "__main__":
    main()
