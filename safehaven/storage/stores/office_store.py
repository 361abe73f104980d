"""The office store: one PostgreSQL server, each person connected with their own login.

Nothing of the cases is written to this laptop: no cache, no temp files; the pool holds live
connections only. A lost server becomes `OfficeUnavailable`, the pool then replaces its
connections and re-checks any that sat unused, so the next action after the server returns
simply works.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import Engine, create_engine, event, exc, text
from sqlalchemy.orm import Session, sessionmaker

from safehaven.storage.fields import SESSION_INFO_KEY, PassThroughCodec
from safehaven.storage.postgres.errors import (
    OfficeLoginRefused,
    OfficeSetupFailed,
    OfficeUnavailable,
)
from safehaven.storage.postgres.profile import ConnectionProfile
from safehaven.storage.postgres.security import case_tables
from safehaven.storage.postgres.setup import MIN_SERVER_VERSION
from safehaven.storage.stores import HealthReport

# No TLS, or not the office CA. A CA with the same name as the office's but another key fails
# in OpenSSL 3 as "provider signature failure", not as a certificate error.
_TLS_FAILED = ("does not support SSL", "certificate", "signature failure", "unknown ca")
_LOGIN_FAILED = ("password authentication failed", "is not permitted to log in", "no pg_hba")


# A connection unused for this long is tested before it is handed out (a server restart or a
# network drop while the person was away); one in steady use is not, which saves a round trip
# per step. A connection that died in use fails that step with `OfficeUnavailable`, and every
# older connection of the pool is then replaced.
IDLE_CHECK_AFTER = 10.0  # seconds


def make_office_engine(profile: ConnectionProfile, username: str, password: str) -> Engine:
    engine = create_engine(
        "postgresql+psycopg://",
        connect_args=profile.connect_args(username, password),
        pool_size=2,
        max_overflow=3,
        pool_recycle=1800,
    )
    event.listen(engine, "handle_error", _typed_error)
    event.listen(engine, "checkin", _note_idle_since)
    event.listen(engine, "checkout", _check_if_idle)
    return engine


def _note_idle_since(_dbapi_connection: Any, record: Any) -> None:
    record.info["idle_since"] = time.monotonic()


def _check_if_idle(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
    since = record.info.get("idle_since")
    if since is not None and time.monotonic() - since < IDLE_CHECK_AFTER:
        return
    try:
        dbapi_connection.autocommit = True
        try:
            dbapi_connection.execute("SELECT 1")
        finally:
            dbapi_connection.autocommit = False
    except psycopg.Error:  # the pool drops it and hands out a new connection
        raise exc.DisconnectionError() from None


def _typed_error(context: Any) -> None:
    original = context.original_exception
    if isinstance(original, psycopg.OperationalError) and (
        context.is_disconnect or context.connection is None
    ):
        text_ = str(original)
        if "channel binding" in text_:  # the server's pg_hba.conf does not ask for SCRAM
            raise OfficeUnavailable("weak_auth") from None
        if any(marker in text_ for marker in _LOGIN_FAILED):
            raise OfficeLoginRefused() from None
        if any(marker in text_ for marker in _TLS_FAILED):
            raise OfficeUnavailable("tls") from None
        raise OfficeUnavailable("connection") from None


class OfficeStore:
    kind = "office"
    restricted_fields_by_database = True
    # The audit head is kept by the server (append-only table, one ordered appender): no laptop
    # signs it into an export's manifest, as a vault does with its head kept beside the vault.
    sign_audit_head: None = None

    def __init__(self, profile: ConnectionProfile, username: str, password: str) -> None:
        self.profile = profile
        self.username = username
        self._engine = make_office_engine(profile, username, password)
        # Restricted columns are stored as they are: column privileges hide them from the roles
        # that may not read them (storage/postgres/security.py).
        self.sessions = sessionmaker(
            self._engine, expire_on_commit=False, info={SESSION_INFO_KEY: PassThroughCodec()}
        )

    def note_column_privileges(self) -> None:
        """Sessions of a login without the restricted columns (intake staff, directors) never
        select them: the services then treat them as unreadable, as a vault does without R."""
        with self._engine.connect() as conn:
            readable = bool(
                conn.execute(
                    text("SELECT has_column_privilege('client', 'legal_name', 'SELECT')")
                ).scalar()
            )
        self.sessions.configure(info={SESSION_INFO_KEY: PassThroughCodec(can_read=readable)})

    def use_password(self, password: str) -> None:
        """After the person changed their password: new connections sign in with the new one
        (the pool's open connections, made with the old one, are closed)."""
        old, self._engine = self._engine, make_office_engine(self.profile, self.username, password)
        self.sessions.configure(bind=self._engine)
        old.dispose()

    @property
    def engine(self) -> Engine:
        return self._engine

    def session(self) -> Session:
        return self.sessions()

    def health(self) -> HealthReport:
        problems: list[str] = []
        with self._engine.connect() as conn:
            version = conn.execute(text("SHOW server_version_num")).scalar()
            if int(str(version)) < MIN_SERVER_VERSION:
                problems.append("server_too_old")
            me = conn.execute(
                text("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")
            ).one()
            if me[0] or me[1]:
                problems.append("login_bypasses_rls")
            tls = conn.execute(
                text("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
            ).scalar()
            if not tls:
                problems.append("not_tls")
            forced: dict[str, bool] = dict(
                conn.execute(
                    text("SELECT relname, relforcerowsecurity FROM pg_class WHERE relkind = 'r'")
                ).all()
            )
            problems += [f"rls_off:{t}" for t in case_tables() if not forced.get(t)]
        return HealthReport(not problems, tuple(problems))

    def backup(self, out: Path) -> Path:
        raise OfficeSetupFailed("backup_on_server")  # needs the server's administrator

    def close(self) -> None:
        self._engine.dispose()


def open_office(profile: ConnectionProfile, username: str, password: str) -> OfficeStore:
    """Connect as `username`; refuse a login that could bypass the database's rules."""
    store = OfficeStore(profile, username, password)
    try:
        report = store.health()
    except BaseException:
        store.close()
        raise
    if not report.ok:
        store.close()
        raise OfficeUnavailable(report.problems[0])
    store.note_column_privileges()
    return store
