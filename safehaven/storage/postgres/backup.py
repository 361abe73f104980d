"""Office backups: `pg_dump` custom format, encrypted to the office recovery key with age.

The dump is taken by the server's PostgreSQL administrator (row-level security would hide rows
from anyone else). It is streamed from `pg_dump` through age encryption into the file, so
neither the whole dump nor any unencrypted byte of it is held in memory or written anywhere;
restoring streams the other way into `pg_restore`. Restoring needs the recovery key's secret
half, kept offline, and an empty database. The rows of every table are counted in the very
snapshot `pg_dump` copies (`pg_export_snapshot`), so a backup taken while staff keep working
still restores verified: restored counts must equal the counts in the file's header.
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import subprocess
import threading
from pathlib import Path
from typing import IO, Any, BinaryIO, cast

import psycopg
import pyrage
from psycopg import sql

from safehaven.models import Base
from safehaven.storage.files import write_atomic_with
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
        return _counts(conn)


def _counts(conn: psycopg.Connection[Any]) -> dict[str, int]:
    counted = {}
    for t in Base.metadata.sorted_tables:
        query = sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(t.name))
        counted[t.name] = int(conn.execute(query).fetchone()[0])  # type: ignore[index]
    return counted


def write_office_backup(admin_dsn: str, recipient: str, out: Path) -> dict[str, int]:
    """Dump, encrypt to `recipient` (an age public key), write atomically. Returns row counts,
    taken in the snapshot the dump copies."""
    to = [pyrage.x25519.Recipient.from_str(recipient)]
    with psycopg.connect(admin_dsn) as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        row = conn.execute("SELECT pg_export_snapshot()").fetchone()
        snapshot = str(row[0])  # type: ignore[index]
        counts = _counts(conn)
        header = MAGIC + json.dumps({"counts": counts}, sort_keys=True).encode() + b"\n"
        command = [_tool("pg_dump"), "--format=custom", f"--snapshot={snapshot}"]

        def fill(fh: BinaryIO) -> None:
            with _Tool([*command, "--dbname", admin_dsn], stdout=True) as dump:
                pyrage.encrypt_io(_Joined(header, dump.pipe), fh, to)

        write_atomic_with(out, fill)  # the snapshot stays open until the dump is written
    return counts


def restore_office_backup(path: Path, identity: str, admin_dsn: str) -> dict[str, int]:
    """Decrypt, restore into an empty database, check every table's count. Returns counts."""
    try:
        key = pyrage.x25519.Identity.from_str(identity)
    except Exception as exc:
        raise OfficeSetupFailed("backup_unreadable") from exc
    expected = _header(path, key)  # another key or not a backup: refused before any change
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        busy = conn.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchone()
        if busy and busy[0]:
            raise OfficeSetupFailed("database_not_empty")
        for statement in security.role_ddl():
            conn.execute(statement.encode())
        conn.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    command = [_tool("pg_restore"), "--exit-on-error", "--single-transaction"]
    with _Tool([*command, "--dbname", admin_dsn], stdout=False) as restore:
        splitter = _HeaderThenDump(restore.pipe)
        try:
            with path.open("rb") as sealed:
                pyrage.decrypt_io(sealed, splitter, [key])
        except Exception as exc:  # cut short or damaged: the single transaction rolls back
            restore.abandon()
            raise OfficeSetupFailed("backup_unreadable") from exc
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


def _header(path: Path, key: Any) -> dict[str, Any]:
    """The counts in a backup's header, decrypting no further than the header."""
    probe = _HeaderThenDump(None)
    with path.open("rb") as sealed, contextlib.suppress(Exception):
        pyrage.decrypt_io(sealed, probe, [key])  # the probe stops it after the header
    if probe.counts is None:
        raise OfficeSetupFailed("backup_unreadable")
    return probe.counts


class _Joined(io.RawIOBase):
    """`head` then everything `rest` gives, read as one stream."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self._head, self._rest = memoryview(head), rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        chunk = self._rest.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


class _HeaderThenDump(io.RawIOBase):
    """Receives the decrypted stream: reads the magic line and the counts header, then passes
    the dump through to `target` (without one, stops there). A stream that does not start
    with the magic is refused."""

    def __init__(self, target: IO[bytes] | None) -> None:
        self._target, self._pending = target, b""
        self.counts: dict[str, Any] | None = None

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        if self.counts is not None and self._target is not None:
            self._target.write(chunk)
            return len(chunk)
        self._pending += chunk
        if not MAGIC.startswith(self._pending[: len(MAGIC)]):
            raise OfficeSetupFailed("backup_unreadable")
        body = self._pending[len(MAGIC) :]
        if b"\n" in body:
            header, rest = body.split(b"\n", 1)
            self.counts = json.loads(header)["counts"]
            self._pending = b""
            if self._target is None:
                raise _HeaderRead
            self._target.write(rest)
        elif len(self._pending) > 1 << 20:  # no header line within a megabyte: not ours
            raise OfficeSetupFailed("backup_unreadable")
        return len(chunk)


class _HeaderRead(Exception):
    """The header is all that was wanted."""


class _Tool:
    """A PostgreSQL client tool run with a pipe to or from it; its error output is read in a
    thread (so it can never block the pipe) and kept in memory only. Leaving the block waits
    for the tool and raises if it failed."""

    def __init__(self, command: list[str], *, stdout: bool) -> None:
        self.process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL if stdout else subprocess.PIPE,
            stdout=subprocess.PIPE if stdout else subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        self._errors: list[bytes] = []
        err = cast("IO[bytes]", self.process.stderr)
        self.pipe = cast("IO[bytes]", self.process.stdout if stdout else self.process.stdin)
        self._drain = threading.Thread(target=lambda: self._errors.append(err.read()))
        self._drain.start()
        self._abandoned = False

    def abandon(self) -> None:
        """Stop the tool: what it was given is incomplete (a restore rolls back entirely)."""
        self._abandoned = True
        self.process.kill()

    def __enter__(self) -> _Tool:
        return self

    def __exit__(self, kind: object, exc: object, tb: object) -> None:
        if kind is not None and not self._abandoned:
            self.abandon()
        for pipe in (self.process.stdin, self.process.stdout):
            if pipe is not None:
                pipe.close()
        code = self.process.wait()
        self._drain.join()
        if kind is None and not self._abandoned and code != 0:
            errors = b"".join(self._errors)
            raise subprocess.CalledProcessError(code, self.process.args, stderr=errors)
