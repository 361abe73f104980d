"""Sign-in window: generic failure message, growing wait, Caps Lock, must-change and recovery."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow

from safehaven import i18n
from safehaven.services.accounts import accounts
from safehaven.storage import attempts
from safehaven.storage.errors import WrongCredentials
from tests.conftest import ADMIN_PASSWORD, STAFF_PASSWORD
from tests.ui.shell_support import (
    install_fake_pages,
    register_clients,
    sign_in,
    start_app,
    wait_unlocked,
)

GENERIC = "The username or password is not correct."


@pytest.fixture
def shell(qtbot, vault, staff, monkeypatch):
    install_fake_pages(monkeypatch)
    register_clients(vault, staff.caseworker)
    vault.close()
    app = start_app(qtbot, vault.folder)
    yield app
    app.shutdown()


def _error_text(app) -> str:
    return app.panel.form.error.text()


def test_wrong_password_and_unknown_user_get_the_same_message(qtbot, shell) -> None:
    sign_in(qtbot, shell, "supervisor", "not the password at all")
    qtbot.waitUntil(lambda: _error_text(shell) != "")
    first = _error_text(shell)
    assert first == GENERIC
    assert shell.panel.form.password.text() == ""
    shell.panel.form.error.clear_message()
    sign_in(qtbot, shell, "nobody-here", "not the password at all")
    qtbot.waitUntil(lambda: _error_text(shell) != "")
    assert _error_text(shell) == first
    assert shell.window is None


def test_right_password_opens_the_main_window(qtbot, shell) -> None:
    sign_in(qtbot, shell, "supervisor", STAFF_PASSWORD)
    wait_unlocked(qtbot, shell)
    assert isinstance(shell.window, QMainWindow)
    assert shell.window.isVisible()
    assert shell.window.windowTitle() == "Cases — SafeHaven"
    assert "Supervisor" in shell.window.user_label.text()


def test_repeated_failures_show_the_wait(qtbot, shell) -> None:
    for _ in range(attempts.FREE_ATTEMPTS):
        attempts.record_failure(shell.folder)
    sign_in(qtbot, shell, "supervisor", "still wrong, sorry")
    assert "Please wait 1 second" in shell.panel.form.wait.text()
    assert not shell.panel.form.isEnabled()
    qtbot.waitUntil(lambda: _error_text(shell) != "", timeout=10_000)
    assert _error_text(shell).startswith(GENERIC)
    assert "2 seconds" in _error_text(shell)


def test_caps_lock_warning_appears_while_typing(qtbot, shell) -> None:
    edit = shell.panel.form.password.edit
    qtbot.keyClick(edit, "A")
    assert shell.panel.form.password.caps.isVisibleTo(shell.panel)
    assert "Caps Lock" in shell.panel.form.password.caps.text()
    qtbot.keyClick(edit, "b")
    assert not shell.panel.form.password.caps.isVisibleTo(shell.panel)


def test_reset_account_must_choose_a_new_password(qtbot, vault, staff, monkeypatch) -> None:
    install_fake_pages(monkeypatch)
    temporary = accounts.reset_password(vault, actor=staff.admin, user_id=staff.intake.user_id)
    vault.close()
    app = start_app(qtbot, vault.folder)
    try:
        sign_in(qtbot, app, "intake", temporary)
        change = app.panel.change
        qtbot.waitUntil(lambda: app.panel.stack.currentWidget() is change)
        change.new_password.edit.setText("short")
        assert not change.ok_button.isEnabled()
        assert "not strong enough" in change.why_disabled.text()
        change.new_password.edit.setText("lantern orchard velvet quarry")
        change.confirm.setText("lantern orchard velvet quarry")
        assert change.ok_button.isEnabled()
        qtbot.mouseClick(change.ok_button, Qt.MouseButton.LeftButton)
        wait_unlocked(qtbot, app)
    finally:
        app.shutdown()
    signed = accounts.sign_in(vault.folder, "intake", "lantern orchard velvet quarry")
    assert not signed.must_change_password
    signed.vault.close()


def test_recovery_key_lets_an_administrator_back_in(qtbot, vault, monkeypatch) -> None:
    install_fake_pages(monkeypatch)
    key = vault.recovery_key
    vault.close()
    app = start_app(qtbot, vault.folder)
    try:
        qtbot.mouseClick(app.panel.form.recovery_button, Qt.MouseButton.LeftButton)
        recovery = app.panel.recovery
        assert app.panel.stack.currentWidget() is recovery
        recovery.key.setText("0000-0000")
        recovery.username.setText("admin")
        qtbot.mouseClick(recovery.ok_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: recovery.error.text() != "")
        recovery.key.setText(key)
        qtbot.mouseClick(recovery.ok_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: app.panel.stack.currentWidget() is app.panel.change)
        app.panel.change.new_password.edit.setText("meadow copper thistle harbor")
        app.panel.change.confirm.setText("meadow copper thistle harbor")
        qtbot.mouseClick(app.panel.change.ok_button, Qt.MouseButton.LeftButton)
        wait_unlocked(qtbot, app)
    finally:
        app.shutdown()
    signed = accounts.sign_in(vault.folder, "admin", "meadow copper thistle harbor")
    signed.vault.close()
    with pytest.raises(WrongCredentials):  # the old password no longer opens the vault
        accounts.sign_in(vault.folder, "admin", ADMIN_PASSWORD)


def test_language_switch_keeps_what_was_typed(qtbot, shell) -> None:
    form = shell.panel.form
    form.username.setText("supervisor")
    form.language.setCurrentIndex(form.language.findData("es"))
    assert i18n.current_language() == "es"
    assert form.sign_in_button.text().replace("&", "") == "Entrar"
    assert form.username.text() == "supervisor"
    form.language.setCurrentIndex(form.language.findData("en"))
    assert form.sign_in_button.text().replace("&", "") == "Sign in"
