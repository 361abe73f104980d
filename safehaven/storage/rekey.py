"""Re-encrypt the database under a new data key (SQLCipher `PRAGMA rekey`).

The caller must have disposed every other connection first: a rekey invalidates them. The WAL is
checkpointed and emptied, the rekey runs outside any transaction on one raw connection, and the
result is reopened with the new key and checked (`integrity_check` + `cipher_integrity_check`).
"""

from __future__ import annotations

from pathlib import Path

from safehaven.storage.backup import check_database
from safehaven.storage.engine import raw_connect
from safehaven.storage.errors import DatabaseDamaged


def rekey_database(db_path: Path, old_key: bytes, new_key: bytes) -> None:
    con = raw_connect(db_path, old_key)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.execute(f"PRAGMA rekey = \"x'{new_key.hex()}'\"")
    finally:
        con.close()
    check = check_database(db_path, new_key)
    if not (check.integrity_ok and check.cipher_ok):
        raise DatabaseDamaged(str(db_path), "; ".join(check.problems) or "after rekey")
