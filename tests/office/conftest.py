"""An initialized office database on the throwaway server (`pg_server`, tests/conftest.py) and a
login per role."""

from __future__ import annotations

import itertools
import os
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

from safehaven.models.permissions import Role
from safehaven.services.accounts import accounts
from safehaven.services.actor import Actor
from safehaven.services.cases import clients
from safehaven.services.cases.clients import ClientDraft
from safehaven.services.exchange.identity import set_up_identity
from safehaven.services.office import accounts as office_accounts
from safehaven.services.office.importer import ImportReport, import_vault
from safehaven.storage.keyslots import FAST_TEST_KDF
from safehaven.storage.postgres.profile import ConnectionProfile
from safehaven.storage.postgres.setup import initialize_office
from safehaven.storage.stores.office_store import OfficeStore, open_office
from safehaven.storage.vault import OpenVault
from tests.conftest import STAFF_ROLES
from tests.office.pgserver import PgServer

ADMIN = "boss"
ADMIN_PASSWORD = "office admin passphrase 7731"
STAFF_PASSWORD = "staff member passphrase 5521"
_serial = itertools.count(1)


@dataclass
class Office:
    server: PgServer
    dbname: str

    @property
    def admin_dsn(self) -> str:
        return self.server.superuser_dsn(self.dbname)

    @property
    def profile(self) -> ConnectionProfile:
        return ConnectionProfile(
            "localhost", self.server.port, self.dbname, str(self.server.ca_cert)
        )

    def libpq(
        self, user: str, password: str = STAFF_PASSWORD, **extra: object
    ) -> dict[str, object]:
        args = self.profile.connect_args(user, password)
        args.update(extra)
        return args

    def raw(
        self, user: str, password: str = STAFF_PASSWORD
    ) -> psycopg.Connection[tuple[object, ...]]:
        """A raw psycopg connection as `user`, bypassing SafeHaven entirely."""
        return psycopg.connect(**self.libpq(user, password), autocommit=True)  # type: ignore[arg-type]

    def store(self, user: str, password: str = STAFF_PASSWORD) -> OfficeStore:
        return open_office(self.profile, user, password)


def new_office(server: PgServer, prefix: str = "office") -> Office:
    name = f"{prefix}{next(_serial)}_{os.getpid()}"
    with psycopg.connect(server.superuser_dsn(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')  # type: ignore[arg-type]
    office = Office(server, name)
    initialize_office(
        office.admin_dsn, admin_username=f"{ADMIN}{name}", admin_password=ADMIN_PASSWORD
    )
    return office


def laptop_vault(folder: Path, name: str) -> tuple[OpenVault, Actor, Actor]:
    """A new laptop vault (with its organization keys) signed in as its administrator
    `vadmin.NAME`, with a caseworker `vworker.NAME`: the vault, the administrator, the worker."""
    admin_name, worker_name = f"vadmin.{name}", f"vworker.{name}"
    made = accounts.initialize_vault(
        folder,
        setup=set_up_identity,
        admin_username=admin_name,
        admin_password=ADMIN_PASSWORD,
        kdf=FAST_TEST_KDF,
    )
    vault, admin = made.signed_in.vault, made.signed_in.actor
    row = accounts.create_user(
        vault,
        actor=admin,
        username=worker_name,
        display_name="Worker",
        roles=(Role.CASEWORKER,),
        password=STAFF_PASSWORD,
        must_change_password=False,
    )
    return vault, admin, Actor(row.id, worker_name, "Worker", (Role.CASEWORKER,))


def office_from_vault(server: PgServer, name: str, vault: OpenVault) -> tuple[Office, ImportReport]:
    """A new office database `name` (administrator `vadmin.NAME`) holding a copy of `vault`."""
    with psycopg.connect(server.superuser_dsn(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"'.encode())
    office = Office(server, name)
    initialize_office(
        office.admin_dsn, admin_username=f"vadmin.{name}", admin_password=ADMIN_PASSWORD
    )
    return office, import_vault(vault.engine, office.admin_dsn, codec=vault.codec())


def grant_login(office: Office, admin_name: str, user_id: int) -> Actor:
    """The office administrator gives a moved person their own login; returns the administrator."""
    store = office.store(admin_name, ADMIN_PASSWORD)
    try:
        with store.session() as session:
            admin = office_accounts.signed_in_actor(session)
        with store.session() as session:
            office_accounts.grant_office_login(
                session, actor=admin, user_id=user_id, password=STAFF_PASSWORD
            )
    finally:
        store.close()
    return admin


@dataclass
class Team:
    office: Office
    admin: Actor
    intake: Actor
    caseworker: Actor
    caseworker2: Actor
    supervisor: Actor
    director: Actor

    def store(self, actor: Actor) -> OfficeStore:
        password = ADMIN_PASSWORD if actor is self.admin else STAFF_PASSWORD
        return self.office.store(actor.username, password)


@pytest.fixture(scope="session")
def team(pg_server: PgServer) -> Team:
    """An office database with one login per role (names unique in the cluster)."""
    return make_team(new_office(pg_server))


def make_team(office: Office) -> Team:
    """One office login per role, named after the database (login names are cluster-wide)."""
    admin_store = office.store(f"{ADMIN}{office.dbname}", ADMIN_PASSWORD)
    try:
        with admin_store.session() as session:
            admin = office_accounts.signed_in_actor(session)
        made: dict[str, Actor] = {}
        for key, roles in STAFF_ROLES:
            login = f"{key}.{office.dbname}"
            with admin_store.session() as session:
                row = office_accounts.add_office_user(
                    session,
                    actor=admin,
                    username=login,
                    display_name=key.title(),
                    roles=roles,
                    password=STAFF_PASSWORD,
                )
            made[key] = Actor(row.id, login, key.title(), roles)
    finally:
        admin_store.close()
    return Team(office, admin, **made)


@pytest.fixture
def case(team: Team) -> tuple[int, str]:
    """A case assigned to the caseworker, registered by the supervisor on the server."""
    store = team.store(team.supervisor)
    try:
        with store.session() as session:
            row = clients.register_client(
                session,
                actor=team.supervisor,
                draft=ClientDraft(
                    chosen_name="Ximena Office",
                    assigned_caseworker_id=team.caseworker.user_id,
                ),
            )
    finally:
        store.close()
    return row.id, row.chosen_name
