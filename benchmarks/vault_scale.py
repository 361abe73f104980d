"""Foundation figures: unlock time, 100k demo creation time, vault size. Prints `name value unit`.

Run: .venv/bin/python benchmarks/vault_scale.py [--clients 100000]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from safehaven.demo.vault import DEMO_PASSWORD, create_demo_vault
from safehaven.services.accounts import accounts
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
        size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
        print(f"vault_size_{args.clients}_clients {size / 1e6:.1f} MB")
        timings = []
        for _ in range(5):
            started = time.perf_counter()
            signed = accounts.sign_in(folder, "caseworker", DEMO_PASSWORD)
            timings.append(time.perf_counter() - started)
            signed.vault.close()
        print(f"unlock_median {statistics.median(timings) * 1000:.0f} ms")
        print(f"unlock_max {max(timings) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
