"""Cost of keeping `audit-head.json` in step: one audited commit with and without the head write,
the head write alone, and the folded-search fold per name. Prints figures; not a test."""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from safehaven.services.accounts.accounts import initialize_vault
from safehaven.services.audit import record_event
from safehaven.storage.audit_head import sign_head, write_head_file
from safehaven.storage.folding import fold
from safehaven.storage.keyslots import FAST_TEST_KDF

ROUNDS = 300


def _commits(vault, rounds: int) -> list[float]:
    times = []
    for n in range(rounds):
        started = time.perf_counter()
        with vault.session() as session, session.begin():
            record_event(session, actor_id=None, action="case_viewed", details={"n": n})
        times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        created = initialize_vault(
            Path(tmp) / "v",
            admin_username="admin",
            admin_password="correct horse battery staple",
            organization_name="",
            kdf=FAST_TEST_KDF,
        )
        vault = created.signed_in.vault
        with_head = _commits(vault, ROUNDS)
        key = vault.data_key
        vault.data_key = b""  # the tracker writes nothing without a key
        without = _commits(vault, ROUNDS)
        vault.data_key = key
        alone = []
        for n in range(ROUNDS):
            started = time.perf_counter()
            write_head_file(vault.folder, sign_head(key, n, "0" * 64))
            alone.append((time.perf_counter() - started) * 1000)
        vault.close()
    names = ["Łukasz Wałęsa", "Søren Ærø", "Yıldız Đorđević", "José Núñez"] * 2500
    started = time.perf_counter()
    for name in names:
        fold(name)
    per_name = (time.perf_counter() - started) / len(names) * 1e6
    print(
        f"audited commit, median: {statistics.median(with_head):.2f} ms with head file, "
        f"{statistics.median(without):.2f} ms without"
    )
    print(
        f"head file write alone (HKDF + HMAC + fsync + rename), median: "
        f"{statistics.median(alone):.2f} ms"
    )
    print(f"fold(): {per_name:.1f} µs per name")


if __name__ == "__main__":
    main()
