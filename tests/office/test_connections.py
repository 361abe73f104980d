"""Who may connect: TLS verify-full against the office CA only; a deactivated login is out."""

from __future__ import annotations

import psycopg
import pytest

from safehaven.messages import describe
from safehaven.models.permissions import Role
from safehaven.services.office import accounts as office_accounts
from safehaven.storage.postgres.errors import OfficeLoginRefused, OfficeUnavailable
from safehaven.storage.stores.office_store import open_office
from tests.office.conftest import STAFF_PASSWORD, Team
from tests.office.pgserver import WEAK_AUTH_LOGIN


def test_plain_text_connection_is_refused(team: Team) -> None:
    args = team.office.libpq(team.caseworker.username, sslmode="disable")
    args.pop("channel_binding")
    args.pop("sslrootcert")
    with pytest.raises(psycopg.OperationalError, match=r"rejects connection|no encryption"):
        psycopg.connect(**args)  # type: ignore[arg-type]


def test_a_server_not_signed_by_the_office_ca_is_refused(team: Team) -> None:
    args = team.office.libpq(
        team.caseworker.username, sslrootcert=str(team.office.server.other_ca_cert)
    )
    with pytest.raises(psycopg.OperationalError, match=r"SSL error|certificate verify failed"):
        psycopg.connect(**args)  # type: ignore[arg-type]


def test_the_office_connection_is_tls13_with_channel_binding(team: Team) -> None:
    with team.office.raw(team.caseworker.username) as conn:
        row = conn.execute(
            "SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()"
        ).fetchone()
    assert row == (True, "TLSv1.3")


def test_deactivated_user_is_cut_off_at_once(team: Team) -> None:
    admin_store = team.store(team.admin)
    try:
        with admin_store.session() as session:
            row = office_accounts.add_office_user(
                session,
                actor=team.admin,
                username=f"leaver.{team.office.dbname}",
                display_name="Leaver",
                roles=(Role.CASEWORKER,),
                password=STAFF_PASSWORD,
            )
        open_conn = team.office.raw(row.username)
        assert open_conn.execute("SELECT 1").fetchone() == (1,)
        with admin_store.session() as session:
            office_accounts.deactivate_office_user(session, actor=team.admin, user_id=row.id)
        with pytest.raises(psycopg.OperationalError):
            open_conn.execute("SELECT 1")
        with pytest.raises(OfficeLoginRefused):
            team.office.store(row.username)
    finally:
        admin_store.close()


def test_password_reset_replaces_the_old_password(team: Team) -> None:
    admin_store = team.store(team.admin)
    new = "a brand new passphrase 9911"
    try:
        with admin_store.session() as session:
            row = office_accounts.add_office_user(
                session,
                actor=team.admin,
                username=f"reset.{team.office.dbname}",
                display_name="Reset",
                roles=(Role.INTAKE,),
                password=STAFF_PASSWORD,
            )
        with admin_store.session() as session:
            office_accounts.reset_office_password(
                session, actor=team.admin, user_id=row.id, new_password=new
            )
    finally:
        admin_store.close()
    with pytest.raises(OfficeLoginRefused):
        team.office.store(row.username)
    team.office.store(row.username, new).close()


def test_a_caseworker_cannot_create_logins(team: Team) -> None:
    with (
        team.office.raw(team.caseworker.username) as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        conn.execute("SELECT sh_create_login('sneaky', 'SCRAM-SHA-256$x', ARRAY['supervisor'])")


def test_a_server_that_does_not_ask_for_scram_gets_no_password(team: Team) -> None:
    """pg_hba.conf of the test server signs WEAK_AUTH_LOGIN in with `password`: the laptop
    refuses to answer it (channel binding required) and says what the administrator must fix."""
    with psycopg.connect(team.office.admin_dsn, autocommit=True) as conn:
        conn.execute(f"DROP ROLE IF EXISTS {WEAK_AUTH_LOGIN}")
        conn.execute(f"CREATE ROLE {WEAK_AUTH_LOGIN} LOGIN PASSWORD '{STAFF_PASSWORD}'")
        conn.execute(f"GRANT sh_caseworker TO {WEAK_AUTH_LOGIN}")
    with pytest.raises(OfficeUnavailable) as refused:
        open_office(team.office.profile, WEAK_AUTH_LOGIN, STAFF_PASSWORD)
    assert refused.value.reason == "weak_auth"
    assert "scram-sha-256 in pg_hba.conf" in describe(refused.value)
