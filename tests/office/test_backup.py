"""An encrypted office backup restores into an empty database with every row and policy."""

from __future__ import annotations

import psycopg
import pytest

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
