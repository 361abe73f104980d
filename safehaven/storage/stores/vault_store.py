"""The single-laptop store: an unlocked SQLCipher vault behind the Store interface."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from safehaven.storage import backup as vault_backup
from safehaven.storage.engine import raw_connect
from safehaven.storage.stores import HealthReport
from safehaven.storage.vault import OpenVault


class VaultStore:
    kind = "vault"
    restricted_fields_by_database = False

    def __init__(self, vault: OpenVault) -> None:
        self.vault = vault

    @property
    def engine(self) -> Engine:
        return self.vault.engine

    def session(self) -> Session:
        return self.vault.session()

    def health(self) -> HealthReport:
        con = raw_connect(self.vault.paths.db, self.vault.data_key)
        try:
            row = con.execute("PRAGMA quick_check").fetchone()
        finally:
            con.close()
        ok = row is not None and row[0] == "ok"
        return HealthReport(ok, () if ok else ("integrity",))

    def backup(self, out: Path) -> Path:
        keyslots = self.vault.paths.keyslots.read_bytes()
        now = dt.datetime.now(dt.UTC)
        db, key = self.vault.paths.db, self.vault.data_key
        vault_backup.write_backup(db, key, keyslots, out, kind="manual", now=now)
        return out

    def close(self) -> None:
        self.vault.close()
