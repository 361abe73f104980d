"""Office backups: `pg_dump` custom format, encrypted to the office recovery key with age.

The dump is taken by the server's PostgreSQL administrator (row-level security would hide rows
from anyone else), streamed into memory and written only encrypted; restoring needs the
recovery key's secret half, kept offline, and an empty database. Both steps count the rows of
every table so that a restore is verified against what was dumped.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import psycopg
import pyrage
from psycopg import sql

from safehaven.models import Base
from safehaven.storage.files import write_atomic
from safehaven.storage.postgres import security
from safehaven.storage.postgres.errors import OfficeSetupFailed
from safehaven.storage.postgres.setup import apply_security

MAGIC = b"SHOFFICE1\n"


def new_recovery_identity() -> tuple[str, str]:
    """(secret identity to print and keep offline, public recipient for the server)."""
    identity = pyrage.x25519.Identity.generate()
    return str(identity), str(identity.to_public())


def _tool(name: str) -> str:
    versions = [p for p in Path("/usr/lib/postgresql").glob("*/bin") if p.parent.name.isdigit()]
    for folder in sorted(versions, key=lambda p: -int(p.parent.name)):
        if (folder / name).exists():
            return str(folder / name)
    found = shutil.which(name)
    if found is None:
        raise OfficeSetupFailed(f"{name}_missing")
    return found


def table_counts(dsn: str) -> dict[str, int]:
    with psycopg.connect(dsn) as conn:
        return {
            t.name: int(
                conn.execute(
                    sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(t.name))
                ).fetchone()[0]  # type: ignore[index]
            )
            for t in Base.metadata.sorted_tables
        }


def write_office_backup(admin_dsn: str, recipient: str, out: Path) -> dict[str, int]:
    """Dump, encrypt to `recipient` (an age public key), write atomically. Returns row counts."""
    counts = table_counts(admin_dsn)
    dump = subprocess.run(
        [_tool("pg_dump"), "--format=custom", "--dbname", admin_dsn],
        check=True,
        capture_output=True,
    ).stdout
    header = json.dumps({"counts": counts}, sort_keys=True).encode() + b"\n"
    sealed = pyrage.encrypt(MAGIC + header + dump, [pyrage.x25519.Recipient.from_str(recipient)])
    write_atomic(out, sealed)
    return counts


def restore_office_backup(path: Path, identity: str, admin_dsn: str) -> dict[str, int]:
    """Decrypt, restore into an empty database, check every table's count. Returns counts."""
    try:
        plain = pyrage.decrypt(path.read_bytes(), [pyrage.x25519.Identity.from_str(identity)])
    except Exception as exc:
        raise OfficeSetupFailed("backup_unreadable") from exc
    if not plain.startswith(MAGIC):
        raise OfficeSetupFailed("backup_unreadable")
    header, dump = plain[len(MAGIC) :].split(b"\n", 1)
    expected: dict[str, Any] = json.loads(header)["counts"]
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        busy = conn.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchone()
        if busy and busy[0]:
            raise OfficeSetupFailed("database_not_empty")
        for statement in security.role_ddl():
            conn.execute(statement.encode())
        conn.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    subprocess.run(
        [_tool("pg_restore"), "--exit-on-error", "--single-transaction", "--dbname", admin_dsn],
        input=dump,
        check=True,
        capture_output=True,
    )
    with psycopg.connect(admin_dsn) as conn:  # database-level grants are not in a dump
        apply_security(conn, str(conn.info.dbname))
        conn.execute(
            sql.SQL("ALTER DATABASE {} OWNER TO sh_owner").format(
                sql.Identifier(str(conn.info.dbname))
            )
        )
        conn.commit()
    restored = table_counts(admin_dsn)
    if restored != expected:
        raise OfficeSetupFailed("restore_counts_differ")
    return restored
