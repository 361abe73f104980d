"""Search on an office server: a case number's parts are words, and `office upgrade` brings an
office database made before that change to it, with its grants and index."""

from __future__ import annotations

import os
from typing import Any

import psycopg
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, event
from sqlalchemy.pool import NullPool

from safehaven.cli import main
from safehaven.services.cases import clients
from safehaven.services.cases.clients import ClientDraft
from safehaven.storage.migrate import MIGRATIONS
from safehaven.storage.postgres import security
from safehaven.storage.postgres.roles import OWNER
from safehaven.storage.postgres.setup import apply_security, sqlalchemy_url
from safehaven.storage.search import match_query, tsquery_from_match
from tests.office.conftest import ADMIN, ADMIN_PASSWORD, Office, Team, make_team

BEFORE_SPLIT = "0008_audit_append"  # the last revision with the unsplit search vector


def _office_at(office: Office, revision: str) -> None:
    """What `office init` made while `revision` was the newest schema."""
    with psycopg.connect(office.admin_dsn, autocommit=True) as conn:
        for statement in security.role_ddl():
            conn.execute(statement.encode())
        conn.execute(f'ALTER DATABASE "{office.dbname}" OWNER TO "{OWNER}"'.encode())
        conn.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    engine = create_engine(sqlalchemy_url(office.admin_dsn), poolclass=NullPool)

    @event.listens_for(engine, "connect")
    def _as_owner(dbapi_con: Any, _record: Any) -> None:
        with dbapi_con.cursor() as cur:
            cur.execute(f'SET ROLE "{OWNER}"')
        dbapi_con.commit()

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    try:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
    finally:
        engine.dispose()
    with psycopg.connect(office.admin_dsn) as conn:
        apply_security(conn, office.dbname)
        verifier = conn.pgconn.encrypt_password(
            ADMIN_PASSWORD.encode(), f"{ADMIN}{office.dbname}".encode(), b"scram-sha-256"
        )
        login = f"{ADMIN}{office.dbname}"
        conn.execute(f"CREATE ROLE \"{login}\" LOGIN PASSWORD '{verifier.decode()}'".encode())
        conn.execute(f'GRANT sh_staff, sh_admin TO "{login}"'.encode())
        conn.execute(
            'INSERT INTO "user" (username, display_name, roles_text, active, '
            "must_change_password, created_at) VALUES (%s, 'Boss', 'admin', true, false, now())",
            (login,),
        )
        conn.commit()


def _found(conn: psycopg.Connection[Any], typed: str) -> list[str]:
    expression = match_query(typed)
    assert expression is not None
    rows = conn.execute(
        "SELECT c.chosen_name FROM client c JOIN client_search s ON s.rowid = c.id "
        "WHERE s.search_vector @@ to_tsquery('simple_unaccent', %s) ORDER BY c.id",
        (tsquery_from_match(expression),),
    )
    return [r[0] for r in rows]


def test_upgrade_makes_the_serial_alone_find_the_case(team: Team) -> None:
    server = team.office.server
    office = Office(server, f"search_up_{os.getpid()}")
    with psycopg.connect(server.superuser_dsn(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{office.dbname}"'.encode())
    _office_at(office, BEFORE_SPLIT)
    staff = make_team(office)
    store = staff.store(staff.supervisor)
    try:
        for name in ("Amaru", "J.Smith", "Zoë2"):
            with store.session() as session:
                clients.register_client(
                    session, actor=staff.supervisor, draft=ClientDraft(chosen_name=name)
                )
    finally:
        store.close()
    with psycopg.connect(office.admin_dsn, autocommit=True) as conn:
        number = conn.execute("SELECT case_number FROM client WHERE chosen_name = 'Amaru'")
        serial = str(number.fetchone()[0]).rsplit("-", 1)[1]  # type: ignore[index]
        assert _found(conn, serial) == []  # as the old vector read it: "-0001", a number
        assert _found(conn, "smith") == []  # and "J.Smith" as one host name

    assert main(["office", "upgrade", "--dsn", office.admin_dsn]) == 0

    with psycopg.connect(office.admin_dsn, autocommit=True) as conn:
        assert _found(conn, serial) == ["Amaru"]
        assert _found(conn, f"sh-{serial}") == []  # a phrase: the parts in their order
        assert _found(conn, "smith") == ["J.Smith"]
        assert _found(conn, "zoe") == ["Zoë2"]
        conn.execute("SET enable_seqscan = off")
        plan = conn.execute(
            "EXPLAIN SELECT rowid FROM client_search "
            "WHERE search_vector @@ to_tsquery('simple_unaccent', '''amaru'':*')"
        ).fetchall()
        assert "ix_client_search" in " ".join(str(r[0]) for r in plan)
    # the column and view were made anew: the upgrade granted them again
    store = staff.store(staff.intake)
    try:
        with store.session() as session:
            row = clients.register_client(
                session, actor=staff.intake, draft=ClientDraft(chosen_name="Wayra")
            )
    finally:
        store.close()
    with staff.office.raw(staff.intake.username) as conn:
        found = _found(conn, row.case_number.rsplit("-", 1)[1])
    assert found == ["Wayra"]
