"""An encrypted office backup restores into an empty database with every row and policy."""

from __future__ import annotations

import datetime as dt
import threading

import psycopg
import pytest

from safehaven.services.cases import notes
from safehaven.storage.postgres.backup import (
    new_recovery_identity,
    restore_office_backup,
    write_office_backup,
)
from safehaven.storage.postgres.errors import OfficeSetupFailed
from tests.office.conftest import Team


def test_backup_is_encrypted_and_restores_verified(team: Team, tmp_path) -> None:
    secret, public = new_recovery_identity()
    out = tmp_path / "office.shbackup"
    counts = write_office_backup(team.office.admin_dsn, public, out)
    assert counts["user"] >= 6
    assert b"PGDMP" not in out.read_bytes()
    assert b"client" not in out.read_bytes()
    target = f"restored_{team.office.dbname}"
    with psycopg.connect(team.office.server.superuser_dsn(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{target}"')  # type: ignore[arg-type]
    restored = restore_office_backup(out, secret, team.office.server.superuser_dsn(target))
    assert restored == counts
    with psycopg.connect(team.office.server.superuser_dsn(target)) as conn:
        forced = conn.execute(
            "SELECT relforcerowsecurity FROM pg_class WHERE relname = 'client'"
        ).fetchone()
    assert forced == (True,)
    other_secret, _ = new_recovery_identity()
    with pytest.raises(OfficeSetupFailed):
        restore_office_backup(out, other_secret, team.office.server.superuser_dsn(target))


def _restore_into(team: Team, name: str, path, secret: str) -> dict[str, int]:  # type: ignore[no-untyped-def]
    target = f"{name}_{team.office.dbname}"
    with psycopg.connect(team.office.server.superuser_dsn(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{target}"'.encode())
    return restore_office_backup(path, secret, team.office.server.superuser_dsn(target))


def test_a_backup_taken_while_staff_work_restores_verified(team: Team, case, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Notes keep being added during the backup: the counts in the file are those of the
    snapshot the dump copied, so the restore checks out (counted before the dump, the restore
    would find more rows than the header and be refused)."""
    client_id, _name = case
    secret, public = new_recovery_identity()
    stop = threading.Event()
    written: list[int] = []

    def keep_writing() -> None:
        store = team.store(team.caseworker)
        try:
            while not stop.is_set():
                with store.session() as session:
                    row = notes.add_note(
                        session,
                        actor=team.caseworker,
                        client_id=client_id,
                        dated=dt.date.today(),
                        text="written during the backup",
                    )
                written.append(row.id)
        finally:
            store.close()

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        while len(written) < 3:
            threading.Event().wait(0.01)
        paths = [tmp_path / f"busy{n}.shbackup" for n in range(3)]
        dumped = [write_office_backup(team.office.admin_dsn, public, p) for p in paths]
    finally:
        stop.set()
        writer.join(timeout=30)
    assert dumped[0]["note"] < dumped[-1]["note"]  # the writes went on during the backups
    for n, (path, counts) in enumerate(zip(paths, dumped, strict=True)):
        assert _restore_into(team, f"busy{n}", path, secret) == counts


def test_a_cut_off_backup_restores_nothing(team: Team, tmp_path) -> None:
    secret, public = new_recovery_identity()
    out = tmp_path / "office.shbackup"
    write_office_backup(team.office.admin_dsn, public, out)
    cut = tmp_path / "cut.shbackup"
    cut.write_bytes(out.read_bytes()[: out.stat().st_size * 2 // 3])
    target = f"cut_{team.office.dbname}"
    with psycopg.connect(team.office.server.superuser_dsn(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{target}"'.encode())
    with pytest.raises(OfficeSetupFailed) as refused:
        restore_office_backup(cut, secret, team.office.server.superuser_dsn(target))
    assert refused.value.reason == "backup_unreadable"
    with psycopg.connect(team.office.server.superuser_dsn(target)) as conn:
        tables = conn.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchone()
    assert tables == (0,)  # nothing half-restored: the whole file can be tried again
    restored = restore_office_backup(out, secret, team.office.server.superuser_dsn(target))
    assert restored["user"] >= 6
