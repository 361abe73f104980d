"""Cost of the restricted key. Prints `name value unit`.

Run: .venv/bin/python benchmarks/restricted_scale.py [--clients 20000]

Builds a demo vault, puts its restricted values back in clear (as a version-1 vault holds them),
then times the administrator sign-in that encrypts every value in place and runs VACUUM,
against a plain sign-in. Also times reading profiles with and without the key.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from sqlalchemy import select

from safehaven.demo.vault import DEMO_PASSWORD, create_demo_vault
from safehaven.models.client import Client
from safehaven.models.restricted import RESTRICTED_COLUMNS
from safehaven.services.accounts import accounts
from safehaven.services.cases.clients import to_row
from safehaven.services.cases.restricted import read_field
from safehaven.storage.keyslots import KdfParams


def _back_to_clear(folder: Path) -> int:
    signed = accounts.sign_in(folder, "admin", DEMO_PASSWORD)
    count = 0
    try:
        with signed.vault.session() as s, s.begin():
            for client in s.execute(select(Client)).scalars():
                for column in RESTRICTED_COLUMNS["client"]:
                    value = read_field(s, client, column)
                    if value is not None:
                        text = value.isoformat() if hasattr(value, "isoformat") else value
                        setattr(client, column, text)
                        count += 1
        with signed.vault.engine.begin() as conn:
            conn.exec_driver_sql("PRAGMA user_version = 0")
    finally:
        signed.vault.close()
    return count


def _profiles(folder: Path, username: str, limit: int) -> float:
    signed = accounts.sign_in(folder, username, DEMO_PASSWORD)
    try:
        with signed.vault.session() as s:
            clients = s.execute(select(Client).limit(limit)).scalars().all()
            started = time.perf_counter()
            for client in clients:
                to_row(client, signed.actor, s)
            return (time.perf_counter() - started) / max(1, len(clients)) * 1e6
    finally:
        signed.vault.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=20_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "vault"
        create_demo_vault(folder, clients=args.clients, seed=7, kdf=KdfParams())
        print(f"values_in_clear {_back_to_clear(folder)} values")
        started = time.perf_counter()  # this sign-in finds user_version 0: it upgrades
        accounts.sign_in(folder, "admin", DEMO_PASSWORD).vault.close()
        upgrading = time.perf_counter() - started
        started = time.perf_counter()
        accounts.sign_in(folder, "admin", DEMO_PASSWORD).vault.close()
        plain = time.perf_counter() - started
        print(f"admin_sign_in_with_upgrade {upgrading:.2f} s")
        print(f"admin_sign_in_without_upgrade {plain:.2f} s")
        print(f"upgrade_cost_{args.clients}_clients {upgrading - plain:.2f} s")
        print(f"database_size {(folder / 'safehaven.db').stat().st_size / 1e6:.1f} MB")
        for user in ("supervisor", "intake"):
            print(f"profile_read_{user} {_profiles(folder, user, 2000):.0f} us/client")


if __name__ == "__main__":
    main()
