"""The office window beyond signing in: what the Administration page offers on a server (no
vault backups, rotation or retention; real office logins made, reset and disabled), a temporary
password replaced before the window opens, a person changing their own password, and a
server signed by another CA refused in one sentence."""

from __future__ import annotations

import os
from pathlib import Path

import psycopg
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from sqlalchemy.exc import ProgrammingError

from safehaven.app import SafeHavenApp
from safehaven.cli import main
from safehaven.models.permissions import Role
from safehaven.services.accounts.accounts import generate_temporary_password, list_users
from safehaven.services.exchange.identity import create_organization_identity, has_identity
from safehaven.services.office import accounts as office_accounts
from safehaven.services.office.sign_in import change_office_password, sign_in_office
from safehaven.storage.postgres.errors import OfficeLoginRefused
from safehaven.storage.postgres.profile import ConnectionProfile
from safehaven.storage.postgres.setup import initialize_office
from safehaven.ui.admin.admin_page import AdminPage
from safehaven.ui.admin.backup_panel import BackupPanel
from safehaven.ui.admin.data_protection import ServerNote
from safehaven.ui.admin.retention_panel import RetentionPanel
from safehaven.ui.exchange.exchange_page import ExchangePage
from safehaven.ui.referrals.referrals_tab import ReferralsTab
from safehaven.ui.shell.main_window import MainWindow
from safehaven.ui.shell.office_password import OfficePasswordDialog
from safehaven.ui.shell.office_sign_in import OfficeSignInPanel
from tests.office.conftest import ADMIN_PASSWORD, STAFF_PASSWORD, Office, Team
from tests.office.test_office_window import ONE_SENTENCE, _failure, _sign_in, _start

NEW_PASSWORD = "a fresh office passphrase 9182"


def _open_window(
    qtbot, team: Team, folder: Path, username: str, password: str
) -> tuple[SafeHavenApp, MainWindow]:  # type: ignore[no-untyped-def]
    app, panel = _start(qtbot, folder, team.office.profile)
    _sign_in(qtbot, panel, username, password)
    qtbot.waitUntil(lambda: app.window is not None, timeout=20_000)
    window = app.window
    assert window is not None
    qtbot.addWidget(window)
    return app, window


def _login_works(team: Team, username: str, password: str) -> bool:
    try:
        team.office.raw(username, password).close()
    except psycopg.OperationalError:
        return False
    return True


def _new_login(team: Team, name: str, *, temporary: bool) -> str:
    """A caseworker login made by the administrator (through the services); its password."""
    password = generate_temporary_password()
    store = team.store(team.admin)
    try:
        with store.session() as session:
            office_accounts.add_office_user(
                session,
                actor=team.admin,
                username=f"{name}.{team.office.dbname}",
                display_name=name.title(),
                roles=(Role.CASEWORKER,),
                password=password,
                temporary=temporary,
            )
    finally:
        store.close()
    return password


def _row(page: AdminPage, username: str):  # type: ignore[no-untyped-def]
    return next(r for r in page.model.rows if r.username == username)


def test_admin_page_on_the_office_manages_logins_not_vault_files(
    qtbot, team: Team, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    app, window = _open_window(qtbot, team, tmp_path / "data", team.admin.username, ADMIN_PASSWORD)
    assert "exchange" in window.page_keys()  # the administrator makes the exchange keys here
    page = window.show_page("admin")
    assert isinstance(page, AdminPage)
    assert not page.findChildren(BackupPanel)
    buttons = " ".join(b.text() for b in page.findChildren(QPushButton) if not b.isHidden())
    for vault_only in ("ackup", "otate", "estore"):
        assert vault_only not in buttons
    tabs = {page.tabs.tabText(i): page.tabs.widget(i) for i in range(page.tabs.count())}
    backups = tabs["Backups"]
    assert isinstance(backups, ServerNote)
    assert ONE_SENTENCE.fullmatch(backups.label.text())
    assert "safehaven office backup" in backups.label.text()
    assert isinstance(tabs["Retention"], RetentionPanel)  # erasure works on the office too

    name = f"newbie.{team.office.dbname}"
    page.add_user(name, "New Person", (Role.CASEWORKER,))
    qtbot.waitUntil(
        lambda: page.last_dialog is not None and page.last_dialog.isVisible(), timeout=20_000
    )
    temporary = page.last_dialog.password.text()  # type: ignore[union-attr]
    page.last_dialog.accept()  # type: ignore[union-attr]
    assert _row(page, name).must_change_password
    assert app.profile is not None
    signed = sign_in_office(app.profile.path, name, temporary)  # a real login on the server
    try:
        assert signed.actor.roles == (Role.CASEWORKER,)
        assert signed.must_change_password
    finally:
        signed.vault.close()

    page.set_roles(_row(page, name).id, (Role.SUPERVISOR,))
    assert _row(page, name).roles == (Role.SUPERVISOR,)
    assert page.error.text() == ""

    page.reset_password(_row(page, name))
    qtbot.waitUntil(
        lambda: page.last_dialog is not None and page.last_dialog.isVisible(), timeout=20_000
    )
    second = page.last_dialog.password.text()  # type: ignore[union-attr]
    page.last_dialog.accept()  # type: ignore[union-attr]
    assert second != temporary
    assert not _login_works(team, name, temporary)
    assert _login_works(team, name, second)

    page.confirm = lambda _parent, _question: True
    page.deactivate_button.setEnabled(True)
    page.table.selectRow(page.model.rows.index(_row(page, name)))
    qtbot.mouseClick(page.deactivate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not _row(page, name).active, timeout=20_000)
    assert not _login_works(team, name, second)
    assert page.error.text() == ""

    page.reactivate(_row(page, name))  # on again, with a new temporary password
    qtbot.waitUntil(lambda: _row(page, name).active, timeout=20_000)
    qtbot.waitUntil(
        lambda: page.last_dialog is not None and page.last_dialog.isVisible(), timeout=20_000
    )
    third = page.last_dialog.password.text()  # type: ignore[union-attr]
    page.last_dialog.accept()  # type: ignore[union-attr]
    assert _row(page, name).must_change_password
    assert not _login_works(team, name, second)  # the old password stays revoked
    assert _login_works(team, name, third)
    app.shutdown()


def test_temporary_password_is_replaced_before_the_window_opens(
    qtbot, team: Team, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    name = f"temp.{team.office.dbname}"
    temporary = _new_login(team, "temp", temporary=True)
    app, panel = _start(qtbot, tmp_path / "data", team.office.profile)
    _sign_in(qtbot, panel, name, temporary)
    qtbot.waitUntil(lambda: panel.stack.currentWidget() is panel.change, timeout=20_000)
    assert app.window is None
    assert panel.form.password.text() == ""
    panel.change.new_password.edit.setText(NEW_PASSWORD)
    panel.change.confirm.setText(NEW_PASSWORD)
    qtbot.mouseClick(panel.change.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: app.window is not None, timeout=20_000)
    assert app.window is not None
    qtbot.addWidget(app.window)
    assert not _login_works(team, name, temporary)
    assert _login_works(team, name, NEW_PASSWORD)
    assert app.ctx is not None
    with app.ctx.vault.session() as session:  # the window's own store uses the new password
        assert office_accounts.signed_in_actor(session).username == name
    again = sign_in_office(app.profile.path, name, NEW_PASSWORD)  # type: ignore[union-attr]
    again.vault.close()
    assert not again.must_change_password  # asked once only
    app.shutdown()


def test_cancelling_the_new_password_keeps_the_window_closed(qtbot, team: Team, tmp_path) -> None:  # type: ignore[no-untyped-def]
    name = f"later.{team.office.dbname}"
    temporary = _new_login(team, "later", temporary=True)
    app, panel = _start(qtbot, tmp_path / "data", team.office.profile)
    _sign_in(qtbot, panel, name, temporary)
    qtbot.waitUntil(lambda: panel.stack.currentWidget() is panel.change, timeout=20_000)
    qtbot.mouseClick(panel.change.back_button, Qt.MouseButton.LeftButton)
    assert panel.stack.currentWidget() is panel.form
    assert app.window is None
    assert _login_works(team, name, temporary)  # nothing changed; asked again next time
    app.shutdown()


def test_signed_in_person_changes_their_own_password(qtbot, team: Team, tmp_path) -> None:  # type: ignore[no-untyped-def]
    name = f"own.{team.office.dbname}"
    first = _new_login(team, "own", temporary=False)
    app, window = _open_window(qtbot, team, tmp_path / "data", name, first)
    assert window.password_action.isVisible()
    window.password_action.trigger()
    dialog = window.findChild(OfficePasswordDialog)
    assert dialog is not None
    assert dialog.isVisible()
    dialog.current.setText("not my password at all")
    dialog.change.new_password.edit.setText(NEW_PASSWORD)
    dialog.change.confirm.setText(NEW_PASSWORD)
    qtbot.mouseClick(dialog.change.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialog.change.error.text()), timeout=20_000)
    assert ONE_SENTENCE.fullmatch(dialog.change.error.text())
    assert "refused this name and password" in dialog.change.error.text()
    assert _login_works(team, name, first)  # a wrong current password changes nothing
    dialog.current.setText(first)
    qtbot.mouseClick(dialog.change.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert window.statusBar().currentMessage() == "Your password was changed."
    assert not _login_works(team, name, first)
    assert _login_works(team, name, NEW_PASSWORD)
    assert app.ctx is not None
    with app.ctx.vault.session() as session:  # new connections of the open window still work
        assert office_accounts.signed_in_actor(session).username == name
    app.shutdown()


def test_own_change_clears_only_ones_own_temporary_flag(team: Team) -> None:
    mine, theirs = f"flag1.{team.office.dbname}", f"flag2.{team.office.dbname}"
    mine_password = _new_login(team, "flag1", temporary=True)
    _new_login(team, "flag2", temporary=True)
    store = team.office.store(mine, mine_password)
    try:
        with store.session() as session:
            actor, must = office_accounts.signed_in_account(session)
        assert must
        with store.session() as session:
            office_accounts.change_own_office_password(
                session, actor=actor, new_password=NEW_PASSWORD
            )
    finally:
        store.close()
    admin = team.store(team.admin)
    try:
        with admin.session() as session:
            flags = {
                r.username: r.must_change_password for r in list_users(session, actor=team.admin)
            }
    finally:
        admin.close()
    assert flags[mine] is False
    assert flags[theirs] is True


def test_server_signed_by_another_ca_is_one_sentence_and_no_window(
    qtbot, team: Team, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    office = team.office
    profile = ConnectionProfile(
        "localhost", office.server.port, office.dbname, str(office.server.other_ca_cert)
    )
    app, panel = _start(qtbot, tmp_path / "data", profile)
    assert isinstance(panel, OfficeSignInPanel)
    _sign_in(qtbot, panel, team.caseworker.username, STAFF_PASSWORD)
    text = _failure(qtbot, panel)
    assert ONE_SENTENCE.fullmatch(text)
    assert "office certificate" in text
    assert "Traceback" not in text
    assert app.window is None
    assert app.ctx is None
    app.shutdown()


def test_wrong_current_password_is_the_login_refusal(team: Team) -> None:
    name = f"proof.{team.office.dbname}"
    first = _new_login(team, "proof", temporary=False)
    store = team.office.store(name, first)
    try:
        with store.session() as session:
            actor = office_accounts.signed_in_actor(session)
        with pytest.raises(OfficeLoginRefused):
            change_office_password(
                store, actor=actor, current_password="guess", new_password=NEW_PASSWORD
            )
    finally:
        store.close()
    assert _login_works(team, name, first)


def test_upgrade_adds_what_an_older_office_database_lacks(team: Team) -> None:
    server = team.office.server
    office = Office(server, f"upgrade_{os.getpid()}")
    login = f"upgrader{os.getpid()}"
    with psycopg.connect(server.superuser_dsn(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{office.dbname}"')  # type: ignore[arg-type]
    initialize_office(office.admin_dsn, admin_username=login, admin_password=ADMIN_PASSWORD)
    with psycopg.connect(office.admin_dsn, autocommit=True) as conn:
        conn.execute("DROP FUNCTION sh_password_changed()")  # as made before this version
    store = office.store(login, ADMIN_PASSWORD)
    try:
        with store.session() as session:
            admin = office_accounts.signed_in_actor(session)
        with store.session() as session, pytest.raises(ProgrammingError):
            office_accounts.change_own_office_password(
                session, actor=admin, new_password=NEW_PASSWORD
            )
    finally:
        store.close()
    assert main(["office", "upgrade", "--dsn", office.admin_dsn]) == 0
    assert main(["office", "upgrade", "--dsn", office.admin_dsn]) == 0  # twice is harmless
    store = office.store(login, ADMIN_PASSWORD)
    try:
        with store.session() as session:
            office_accounts.change_own_office_password(
                session, actor=admin, new_password=NEW_PASSWORD
            )
    finally:
        store.close()
    office.store(login, NEW_PASSWORD).close()


def test_only_the_exchange_group_reads_the_organizations_exchange_keys(team: Team) -> None:
    with psycopg.connect(team.office.admin_dsn, autocommit=True) as conn:
        readers = conn.execute(
            "SELECT DISTINCT grantee FROM information_schema.column_privileges "
            "WHERE table_name = 'exchange_identity' AND privilege_type = 'SELECT' "
            "AND column_name IN ('signing_seed', 'age_identity') AND grantee <> 'sh_owner'"
        ).fetchall()
        members = conn.execute(
            "SELECT r.rolname FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member "
            "JOIN pg_roles g ON g.oid = m.roleid WHERE g.rolname = 'sh_exchange' "
            "ORDER BY r.rolname"
        ).fetchall()
    assert readers == [("sh_exchange",)]
    assert members == [("sh_admin",), ("sh_caseworker",), ("sh_supervisor",)]
    for actor in (team.intake, team.director):
        with (
            team.office.raw(actor.username) as conn,
            pytest.raises(psycopg.errors.InsufficientPrivilege),
        ):
            conn.execute("SELECT signing_seed FROM exchange_identity")
    with team.office.raw(team.caseworker.username) as conn:
        conn.execute("SELECT signing_seed, age_identity FROM exchange_identity").fetchall()


def _with_exchange_keys(team: Team) -> None:
    store = team.store(team.admin)
    try:
        with store.session() as session:
            if not has_identity(session):
                with store.session() as making:
                    create_organization_identity(making, actor=team.admin)
    finally:
        store.close()


def test_referrals_on_the_office_offer_secure_sending_to_caseworkers(
    qtbot, team: Team, case, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    _with_exchange_keys(team)
    client_id, _name = case
    app, window = _open_window(
        qtbot, team, tmp_path / "data", team.caseworker.username, STAFF_PASSWORD
    )
    page = window.open_case(client_id)
    assert page is not None
    referrals = page.tab("referrals")  # type: ignore[attr-defined]
    assert isinstance(referrals, ReferralsTab)
    assert not referrals.secure_button.isHidden()
    assert not referrals.letter_button.isHidden()
    exchange = window.show_page("exchange")
    assert isinstance(exchange, ExchangePage)
    assert not exchange.incoming.isHidden()  # received referrals are opened and answered here
    assert "safety number" in exchange.card_label.text()
    app.shutdown()


def test_a_director_sees_the_office_key_card_without_its_secrets(
    qtbot, team: Team, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    _with_exchange_keys(team)
    app, window = _open_window(
        qtbot, team, tmp_path / "data", team.director.username, STAFF_PASSWORD
    )
    exchange = window.show_page("exchange")
    assert isinstance(exchange, ExchangePage)
    assert exchange.card is not None
    assert "safety number" in exchange.card_label.text()
    assert exchange.error.isHidden()
    assert exchange.incoming.isHidden()
    assert exchange.create_button.isHidden()
    app.shutdown()
