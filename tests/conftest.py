"""Shared fixtures: a fresh real SQLCipher vault in tmp_path, actors for every role, and an
in-memory keyring so no test touches the OS keychain."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import keyring
import pytest
from keyring.backend import KeyringBackend

from safehaven.models.permissions import Role
from safehaven.services.accounts import accounts
from safehaven.services.actor import Actor
from safehaven.services.exchange.identity import set_up_identity
from safehaven.storage.keyslots import FAST_TEST_KDF
from safehaven.storage.vault import OpenVault
from tests.office.pgserver import PgServer, find_bindir, start_server

ADMIN_PASSWORD = "correct horse battery staple"
STAFF_PASSWORD = "another long passphrase 42"


class MemoryKeyring(KeyringBackend):
    """Test-only keyring kept in a dict (registered explicitly; never auto-discovered)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.items.pop((service, username), None)


@pytest.fixture(scope="session")
def qapp(qapp_args, qapp_cls, pytestconfig):  # type: ignore[no-untyped-def]
    """pytest-qt's application, with cycle collection on the GUI thread as the app runs it
    (a Qt wrapper collected on a worker thread can crash the whole test process)."""
    from PySide6.QtWidgets import QApplication

    from safehaven.ui.responsive import gui_thread_gc

    app = QApplication.instance() or qapp_cls(qapp_args)
    collector = gui_thread_gc.install(app)
    yield app
    collector.stop()


@pytest.fixture(autouse=True)
def _collect_between_tests() -> Iterator[None]:
    """Tests that never spin the event loop still get their cycles collected (on this thread)."""
    yield
    gc.unfreeze()  # a sign-in's warm-up may have set objects aside; tests never keep them
    if not gc.isenabled():
        from safehaven.ui.responsive.gui_thread_gc import collect_if_due

        collect_if_due()


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path_factory: pytest.TempPathFactory, monkeypatch) -> Iterator[None]:
    logs = tmp_path_factory.mktemp("logs")
    monkeypatch.setenv("SAFEHAVEN_LOG_DIR", str(logs))
    monkeypatch.setenv("SAFEHAVEN_STATE_DIR", str(tmp_path_factory.mktemp("state")))
    monkeypatch.delenv("SAFEHAVEN_PASSWORD", raising=False)
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    yield
    keyring.set_keyring(previous)


STAFF_ROLES: tuple[tuple[str, tuple[Role, ...]], ...] = (
    ("intake", (Role.INTAKE,)),
    ("caseworker", (Role.CASEWORKER,)),
    ("caseworker2", (Role.CASEWORKER,)),
    ("supervisor", (Role.SUPERVISOR,)),
    ("director", (Role.DIRECTOR,)),
)


@dataclass
class Staff:
    admin: Actor
    intake: Actor
    caseworker: Actor
    caseworker2: Actor
    supervisor: Actor
    director: Actor


@pytest.fixture
def vault_dir(tmp_path: Path) -> Path:
    return tmp_path / "vault"


@pytest.fixture
def vault(vault_dir: Path) -> Iterator[OpenVault]:
    """A new vault (fast KDF) with an `admin` account; closed after the test."""
    created = accounts.initialize_vault(
        vault_dir,
        setup=set_up_identity,
        admin_username="admin",
        admin_password=ADMIN_PASSWORD,
        organization_name="Test Shelter",
        kdf=FAST_TEST_KDF,
    )
    vault = created.signed_in.vault
    vault.recovery_key = created.recovery_key  # type: ignore[attr-defined]
    yield vault
    vault.close()


@pytest.fixture
def staff(request: pytest.FixtureRequest) -> Staff:
    """One account per role (password STAFF_PASSWORD), as actors: in the vault, or, for a test
    run on both stores (`db`), the logins of the store under test."""
    if "db" in request.fixturenames:
        return request.getfixturevalue("db").staff  # type: ignore[no-any-return]
    return vault_staff(request.getfixturevalue("vault"))


def vault_staff(vault: OpenVault) -> Staff:
    with vault.session() as session:
        admin_row = accounts.list_users(session, actor=_bootstrap_admin(vault))[0]
    admin = Actor(admin_row.id, "admin", admin_row.display_name, (Role.ADMIN,))
    made: dict[str, Actor] = {}
    for name, roles in STAFF_ROLES:
        row = accounts.create_user(
            vault,
            actor=admin,
            username=name,
            display_name=name.title(),
            roles=roles,
            password=STAFF_PASSWORD,
            must_change_password=False,
        )
        made[name] = Actor(row.id, name, row.display_name, roles)
    return Staff(admin=admin, **made)


def _bootstrap_admin(vault: OpenVault) -> Actor:
    from sqlalchemy import select

    from safehaven.models.user import User

    with vault.session() as session:
        user = session.execute(select(User).order_by(User.id)).scalars().first()
        assert user is not None
        return Actor(user.id, user.username, user.display_name, user.roles)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """One throwaway PostgreSQL server per test process for every office-mode test. Without
    PostgreSQL they are skipped with the reason, except where SAFEHAVEN_REQUIRE_POSTGRES=1 (CI),
    where a missing server is a failure."""
    if find_bindir() is None:
        reason = "PostgreSQL 15+ server binaries not installed: office-mode tests skipped"
        if os.environ.get("SAFEHAVEN_REQUIRE_POSTGRES") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    server = start_server()
    try:
        yield server
    finally:
        server.remove()


@pytest.fixture
def session(vault: OpenVault):
    with vault.session() as s:
        yield s


def pytest_terminal_summary(terminalreporter) -> None:
    """Say plainly when the office-mode (PostgreSQL) tests did not run, and why."""
    reasons = {
        str(report.longrepr[2]) if isinstance(report.longrepr, tuple) else str(report.longrepr)
        for report in terminalreporter.stats.get("skipped", [])
    }
    for reason in sorted(r for r in reasons if "office-mode" in r):
        terminalreporter.write_line(f"NOTE: {reason.removeprefix('Skipped: ')}", yellow=True)
