"""The SQLCipher engine: every connection is keyed first, then given the vault's pragmas."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from safehaven.storage.errors import DatabaseDamaged, DiskFull, VaultReadOnly
from safehaven.storage.folding import register_fold

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
    register_fold(con)


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

    event.listen(engine, "handle_error", _typed_error)

    return engine


def probe_database(db_path: Path, data_key: bytes, *, check_pages: bool = True) -> None:
    """Open once and read the schema: a wrong key or damaged header raises DatabaseDamaged.

    An empty file or one without a schema is damage (never silently re-created), and with
    `check_pages` every page's HMAC is verified before anything is written to the file.
    """
    if db_path.stat().st_size == 0:
        raise DatabaseDamaged(str(db_path), "empty file")
    con = raw_connect(db_path, data_key)
    try:
        if con.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0:
            raise DatabaseDamaged(str(db_path), "no tables")
        if check_pages and con.execute("PRAGMA cipher_integrity_check").fetchone() is not None:
            raise DatabaseDamaged(str(db_path), "page checksum mismatch")
    except sqlcipher3.DatabaseError as exc:
        raise DatabaseDamaged(str(db_path), str(exc)) from None
    finally:
        con.close()


def _typed_error(context: Any) -> None:
    """SQLite failures that are expected in the field become typed vault errors."""
    original = context.original_exception
    if not isinstance(original, sqlcipher3.DatabaseError):
        return
    text = str(original).lower()
    db = str(context.engine.url.database) if context.engine is not None else ""
    if "database or disk is full" in text:
        raise DiskFull(db) from original
    if "readonly database" in text or "read-only" in text:
        raise VaultReadOnly(db) from original
    if "malformed" in text or "file is not a database" in text:
        raise DatabaseDamaged(db, str(original)) from original
