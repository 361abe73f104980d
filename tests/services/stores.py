"""The store a service test runs on, with each person's sessions.

On the vault everyone shares the vault's one session, as the vault tests always have. On an
office database each person has their own login and connection pool; `db[person]` is that
person's session for the current step, replaced by a fresh one once it has no transaction open
(as the application opens one session per action), so nothing one person's session read earlier
is served to them again without the database checking it.

Each office test gets its own database, copied from a template made once per test process with
the team's logins, so a test costs a database copy rather than a set-up.
"""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import psycopg
from psycopg import sql
from sqlalchemy.orm import Session

from safehaven.services.actor import Actor
from safehaven.services.errors import NotFound, PermissionDenied
from safehaven.storage.postgres.roles import OWNER, STAFF
from safehaven.storage.stores.office_store import OfficeStore
from safehaven.storage.vault import OpenVault
from tests.conftest import Staff, vault_staff
from tests.office.conftest import Office, Team, make_team, new_office
from tests.office.pgserver import PgServer

_copies = itertools.count(1)


class StoreUnderTest:
    def __init__(
        self, kind: str, staff: Staff, open_session: Callable[[Actor], Session], *, shared: bool
    ) -> None:
        self.kind = kind  # "vault" or "office"
        # What reaching a case outside one's scope raises: the vault's services refuse it; on an
        # office database the row is not there for that login at all.
        self.out_of_scope: type[Exception] = PermissionDenied if kind == "vault" else NotFound
        self.staff = staff
        self._open = open_session
        self._shared = shared
        self._current: dict[int, Session] = {}
        self._opened: list[Session] = []

    def session(self, actor: Actor) -> Session:
        """A new session as `actor` (use it in a `with`)."""
        made = self._open(actor)
        self._opened.append(made)
        return made

    def __getitem__(self, actor: Actor) -> Session:
        """`actor`'s session for this step of the test."""
        key = 0 if self._shared else actor.user_id
        current = self._current.get(key)
        if current is None or not (self._shared or current.in_transaction()):
            if current is not None:
                current.close()
            current = self._current[key] = self.session(actor)
        return current

    def close(self) -> None:
        for made in self._opened:
            made.close()


def on_vault(vault: OpenVault) -> Iterator[StoreUnderTest]:
    under = StoreUnderTest("vault", vault_staff(vault), lambda _actor: vault.session(), shared=True)
    try:
        yield under
    finally:
        under.close()


@dataclass
class OfficeTemplate:
    server: PgServer
    team: Team


def make_template(server: PgServer) -> OfficeTemplate:
    """An initialized office database with a login per role; copies of it are the test's."""
    return OfficeTemplate(server, make_team(new_office(server, prefix="tpl")))


@contextlib.contextmanager
def office_copy(template: OfficeTemplate) -> Iterator[Team]:
    """A database of its own for one test, with the template's team, dropped afterwards."""
    office = _copy(template)
    try:
        yield dataclasses.replace(template.team, office=office)
    finally:
        _drop(office)


def on_office(template: OfficeTemplate) -> Iterator[StoreUnderTest]:
    office = _copy(template)
    team = dataclasses.replace(template.team, office=office)
    stores: dict[int, OfficeStore] = {}

    def open_session(actor: Actor) -> Session:
        if actor.user_id not in stores:
            stores[actor.user_id] = team.store(actor)
        return stores[actor.user_id].session()

    fields = [f.name for f in dataclasses.fields(Staff)]
    staff = Staff(**{name: getattr(team, name) for name in fields})
    under = StoreUnderTest("office", staff, open_session, shared=False)
    try:
        yield under
    finally:
        under.close()
        for store in stores.values():
            store.close()
        _drop(office)


def _copy(template: OfficeTemplate) -> Office:
    source = template.team.office.dbname
    name = f"{source}_t{next(_copies)}"
    with psycopg.connect(template.server.superuser_dsn(), autocommit=True) as conn:
        conn.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(name), sql.Identifier(source)
            )
        )
        # what `office init` sets on the database itself, which a copy does not inherit
        for statement in (
            "ALTER DATABASE {} OWNER TO {}",
            "REVOKE ALL ON DATABASE {} FROM PUBLIC",
            "GRANT CONNECT, TEMPORARY ON DATABASE {} TO {}",
        ):
            conn.execute(
                sql.SQL(statement).format(
                    sql.Identifier(name),
                    sql.Identifier(OWNER if "OWNER" in statement else STAFF),
                )
            )
    return Office(template.server, name)


def _drop(office: Office) -> None:
    with psycopg.connect(office.server.superuser_dsn(), autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(office.dbname))
        )


def session_as(where: StoreUnderTest | OpenVault, actor: Actor) -> Session:
    """A new session as `actor` on the store under test, or on a plain vault (for the helpers
    that tests elsewhere share)."""
    return where.session(actor) if isinstance(where, StoreUnderTest) else where.session()
