"""`office init`: roles, schema (migrated as the owner), privileges, policies, first administrator.

Runs once on the office server with a PostgreSQL administrator's connection (a superuser or the
database owner's bootstrap login); nothing of it is needed on the laptops.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

import psycopg
from psycopg import sql
from sqlalchemy import Connection, create_engine, event
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from safehaven.storage.fields import SESSION_INFO_KEY, PassThroughCodec
from safehaven.storage.migrate import upgrade
from safehaven.storage.postgres import security
from safehaven.storage.postgres.errors import OfficeSetupFailed
from safehaven.storage.postgres.roles import OWNER, group_for, valid_login_name

MIN_SERVER_VERSION = 150000


def scram_verifier(conn: psycopg.Connection[Any], login: str, password: str) -> str:
    """The SCRAM-SHA-256 verifier, computed here: the password itself never reaches the server."""
    raw = conn.pgconn.encrypt_password(password.encode(), login.encode(), b"scram-sha-256")
    return raw.decode("ascii")


def sqlalchemy_url(dsn: str) -> str:
    if dsn.startswith("postgresql://"):
        return "postgresql+psycopg://" + dsn.removeprefix("postgresql://")
    if dsn.startswith("postgres://"):
        return "postgresql+psycopg://" + dsn.removeprefix("postgres://")
    return "postgresql+psycopg://?" + dsn.replace(" ", "&")


def migrate_as_owner(admin_dsn: str) -> None:
    """Bring the schema to head with every object owned by the NOLOGIN owner role."""
    engine = create_engine(sqlalchemy_url(admin_dsn), poolclass=NullPool)

    @event.listens_for(engine, "connect")
    def _as_owner(dbapi_con: Any, _record: Any) -> None:
        with dbapi_con.cursor() as cur:
            cur.execute(f'SET ROLE "{OWNER}"')
        dbapi_con.commit()

    try:
        upgrade(engine)
    finally:
        engine.dispose()


def initialize_office(
    admin_dsn: str,
    *,
    admin_username: str,
    admin_password: str,
    setup: Callable[[Session, int], object] | None = None,
) -> None:
    """Create everything in an empty database; refuses a database that already has tables.

    `setup(session, admin_id)` adds what other domains keep from the first moment (the
    organization's exchange keys), as `initialize_vault` does: run as the first administrator
    (the database's privileges apply as to that login), in the transaction that creates them."""
    if not valid_login_name(admin_username):
        raise OfficeSetupFailed("bad_login_name")
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        _check_server(conn)
        database = str(conn.info.dbname)
        for statement in security.role_ddl():
            conn.execute(statement.encode())
        conn.execute(
            sql.SQL("ALTER DATABASE {} OWNER TO {}").format(
                sql.Identifier(database), sql.Identifier(OWNER)
            )
        )
        conn.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    migrate_as_owner(admin_dsn)
    engine = create_engine(sqlalchemy_url(admin_dsn), poolclass=NullPool)
    try:
        with engine.connect() as connection:
            raw = _driver(connection)
            apply_security(raw, database)
            admin_id = _first_admin(raw, admin_username, admin_password)
            if setup is not None:  # commits the whole transaction
                _run_as(connection, admin_username, lambda session: setup(session, admin_id))
            raw.commit()
    finally:
        engine.dispose()


def _run_as(connection: Connection, login: str, work: Callable[[Session], object]) -> None:
    """`work` in a session acting as `login`, then commit the connection's transaction (the
    role lasts until then)."""
    _driver(connection).execute(sql.SQL("SET LOCAL ROLE {}").format(sql.Identifier(login)))
    with Session(bind=connection, info={SESSION_INFO_KEY: PassThroughCodec()}) as session:
        work(session)
        session.commit()


def _driver(connection: Connection) -> psycopg.Connection[Any]:
    return cast("psycopg.Connection[Any]", connection.connection.driver_connection)


def upgrade_office(admin_dsn: str) -> None:
    """An existing office database brought to this version: schema migrated as the owner, then
    the roles, policies, privileges and functions applied again (each statement may run twice)."""
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        if conn.info.server_version < MIN_SERVER_VERSION:
            raise OfficeSetupFailed("server_too_old")
        database = str(conn.info.dbname)
        for statement in security.role_ddl():
            conn.execute(statement.encode())
    migrate_as_owner(admin_dsn)
    with psycopg.connect(admin_dsn) as conn:
        apply_security(conn, database)
        conn.commit()


def apply_security(conn: psycopg.Connection[Any], database: str) -> None:
    for statement in (
        *security.policy_ddl(),
        *security.grant_ddl(database),
        *security.function_ddl(),
    ):
        conn.execute(statement.encode())


def _check_server(conn: psycopg.Connection[Any]) -> None:
    if conn.info.server_version < MIN_SERVER_VERSION:
        raise OfficeSetupFailed("server_too_old")
    row = conn.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
    ).fetchone()
    if row is not None and row[0]:
        raise OfficeSetupFailed("database_not_empty")


def _first_admin(conn: psycopg.Connection[Any], username: str, password: str) -> int:
    exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (username,)).fetchone()
    if exists:
        raise OfficeSetupFailed("login_exists")
    verifier = scram_verifier(conn, username, password)
    conn.execute(
        sql.SQL(
            "CREATE ROLE {} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD {}"
        ).format(sql.Identifier(username), sql.Literal(verifier))
    )
    conn.execute(
        sql.SQL("GRANT sh_staff, {} TO {}").format(
            sql.Identifier(group_for("admin")), sql.Identifier(username)
        )
    )
    row = conn.execute(
        'INSERT INTO "user" (username, display_name, roles_text, active, must_change_password, '
        "created_at) VALUES (%s, %s, 'admin', true, false, now() AT TIME ZONE 'utc') "
        "RETURNING id",
        (username, username.title()),
    ).fetchall()
    return int(row[0][0])
