"""The SQLCipher engine: every connection is keyed first, then given the vault's pragmas."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from safehaven.storage.errors import DatabaseDamaged

PRAGMAS = (
    "cipher_log_level = NONE",
    "foreign_keys = ON",
    "journal_mode = WAL",
    "synchronous = FULL",
    "secure_delete = ON",
    "temp_store = MEMORY",
    "cache_size = -65536",
    "busy_timeout = 10000",
)


def key_pragma(data_key: bytes) -> str:
    return f"PRAGMA key = \"x'{data_key.hex()}'\""


def prepare_connection(con: Any, data_key: bytes) -> None:
    """Key a raw DB-API connection, prove the key works, then apply the vault pragmas."""
    cur = con.cursor()
    try:
        cur.execute(key_pragma(data_key))
        cur.execute("PRAGMA cipher_log_level = NONE")
        cur.execute("SELECT count(*) FROM sqlite_master").fetchone()
        for pragma in PRAGMAS:
            cur.execute("PRAGMA " + pragma)
        if sys.platform == "darwin":
            cur.execute("PRAGMA fullfsync = ON")
    finally:
        cur.close()


def raw_connect(db_path: Path, data_key: bytes) -> Any:
    """A plain keyed sqlcipher3 connection (backups, rekey, integrity checks)."""
    con = sqlcipher3.connect(str(db_path), check_same_thread=False, isolation_level=None)
    try:
        prepare_connection(con, data_key)
    except sqlcipher3.DatabaseError as exc:
        con.close()
        raise DatabaseDamaged(str(db_path), str(exc)) from None
    return con


def make_engine(db_path: Path, data_key: bytes, *, pool_size: int = 4) -> Engine:
    """An engine over `db_path`; the key never appears in the URL (pysqlcipher dialect pitfall)."""
    engine = create_engine(
        f"sqlite:///{db_path}",
        module=sqlcipher3,
        poolclass=QueuePool,
        pool_size=pool_size,
        max_overflow=2,
        connect_args={"check_same_thread": False},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_con: Any, _record: Any) -> None:
        prepare_connection(dbapi_con, data_key)

    return engine


def probe_database(db_path: Path, data_key: bytes) -> None:
    """Open once and read the schema: a wrong key or damaged header raises DatabaseDamaged."""
    con = raw_connect(db_path, data_key)
    con.close()
