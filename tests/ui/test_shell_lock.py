"""Locking: after Ctrl+L, quick-hide, auto-lock or suspend no client name is left anywhere, the
vault is closed, and unlocking (password or quick-unlock PIN) brings the window back."""

from __future__ import annotations

import keyring
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel

from safehaven.services.accounts import quick_unlock
from safehaven.storage.lock import VaultLock
from tests.conftest import STAFF_PASSWORD
from tests.ui.helpers import assert_text_absent, collect_texts
from tests.ui.shell_support import (
    CLIENT_NAMES,
    install_fake_pages,
    register_clients,
    sign_in,
    start_app,
    wait_unlocked,
)


@pytest.fixture
def shell(qtbot, vault, staff, monkeypatch):
    install_fake_pages(monkeypatch)
    ids = register_clients(vault, staff.caseworker)
    vault.close()
    app = start_app(qtbot, vault.folder)
    sign_in(qtbot, app, "supervisor", STAFF_PASSWORD)
    wait_unlocked(qtbot, app)
    app.window.show_page("cases")
    app.window.open_case(ids[0])
    yield app
    app.shutdown()


def _names_shown(app) -> bool:
    texts = "\n".join(collect_texts(app.window))
    return any(name in texts for name in CLIENT_NAMES)


def _assert_locked_and_clean(app) -> None:
    assert app.is_locked
    app.runner.wait_all()  # the last backup and the vault's closing run on the write pool
    assert app.window.windowTitle() == "SafeHaven"
    assert_text_absent([app.window], CLIENT_NAMES)
    lock = VaultLock(app.folder)
    lock.acquire()  # the vault folder lock was released with the engine
    lock.release()


def test_pages_show_names_and_the_title_only_the_case_number(shell) -> None:
    assert _names_shown(shell)
    title = shell.window.windowTitle()
    assert title.startswith("SH-")
    assert title.endswith(" — SafeHaven")
    assert all(name.split()[0] not in title for name in CLIENT_NAMES)


def test_ctrl_l_locks_and_leaves_no_client_name(qtbot, shell) -> None:
    qtbot.keyClick(shell.window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    _assert_locked_and_clean(shell)


def test_quick_hide_button_and_escape_twice(qtbot, shell) -> None:
    button = shell.window.toolbar.widgetForAction(shell.window.hide_action)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    _assert_locked_and_clean(shell)
    sign_in(qtbot, shell, "supervisor", STAFF_PASSWORD)
    wait_unlocked(qtbot, shell)
    shell.window.showNormal()
    assert _names_shown(shell)
    target = shell.window.stack.currentWidget()
    qtbot.keyClick(target, Qt.Key.Key_Escape)
    assert not shell.is_locked
    qtbot.keyClick(target, Qt.Key.Key_Escape)
    _assert_locked_and_clean(shell)


def test_auto_lock_after_idle_minutes(shell) -> None:
    watcher = shell.watcher
    base = watcher.monotonic()
    wall = watcher.wall()
    watcher.monotonic = lambda: base + 4 * 60
    watcher.wall = lambda: wall + 4 * 60
    watcher.check_idle()
    assert not shell.is_locked
    watcher.monotonic = lambda: base + 5 * 60 + 1
    watcher.wall = lambda: wall + 5 * 60 + 1
    watcher.idle_timer.timeout.emit()
    _assert_locked_and_clean(shell)


def test_waking_from_suspend_locks(shell) -> None:
    watcher = shell.watcher
    base, wall = watcher.monotonic(), watcher.wall()
    watcher.monotonic = lambda: base + 5  # the monotonic clock stood still while asleep
    watcher.wall = lambda: wall + 120
    watcher.check_idle()
    _assert_locked_and_clean(shell)


def test_lock_clears_text_safehaven_copied(shell) -> None:
    shell.clipboard.copy(CLIENT_NAMES[0])
    assert QGuiApplication.clipboard().text() == CLIENT_NAMES[0]
    shell.lock()
    assert QGuiApplication.clipboard().text() == ""


def test_unlock_as_the_same_user_returns_to_the_last_page(qtbot, shell) -> None:
    shell.window.show_page("cases")
    shell.lock()
    assert shell.panel.form.username.text() == "supervisor"
    sign_in(qtbot, shell, "supervisor", STAFF_PASSWORD)
    wait_unlocked(qtbot, shell)
    assert shell.window.current_key == "cases"
    assert _names_shown(shell)


def test_lock_collects_what_the_session_set_aside_and_unlock_sets_aside_again(
    qtbot, shell, monkeypatch
) -> None:
    import gc

    monkeypatch.setattr("safehaven.app.DELAY_MS", 10)
    freed = []

    class Session:  # a cycle of the open session, garbage by the time it is set aside
        def __init__(self) -> None:
            self.me = self

        def __del__(self) -> None:
            freed.append(True)

    Session()
    gc.freeze()
    shell.lock()
    qtbot.waitUntil(lambda: bool(freed), timeout=3000)
    assert gc.get_freeze_count() == 0
    sign_in(qtbot, shell, "supervisor", STAFF_PASSWORD)
    wait_unlocked(qtbot, shell)
    qtbot.waitUntil(lambda: gc.get_freeze_count() > 0, timeout=3000)
    shell.shutdown()
    assert gc.get_freeze_count() == 0


def test_a_warm_up_that_ends_after_a_lock_sets_nothing_aside(qtbot, shell) -> None:
    """The warm-up after sign-in reads in the background for a moment; a lock meanwhile hands
    every object back and collects them. The warm-up ending later must not set aside again
    what is alive then (before, it froze from its worker thread whatever the time)."""
    import gc

    from safehaven.ui.responsive.warm_up import DELAY_MS

    shell.lock()
    qtbot.wait(DELAY_MS + 500)  # the warm-up started at sign-in has fired and finished
    assert shell.ctx is None
    assert gc.get_freeze_count() == 0


def test_quick_unlock_pin_resumes_and_three_wrong_pins_turn_it_off(qtbot, shell) -> None:
    assert quick_unlock.keychain_available()
    assert shell.window.pin_action.isVisible()
    shell.set_quick_unlock_pin("2468")
    shell.lock()
    pin_form = shell.panel.pin
    assert shell.panel.stack.currentWidget() is pin_form
    pin_form.pin.setText("2468")
    qtbot.mouseClick(pin_form.ok_button, Qt.MouseButton.LeftButton)
    wait_unlocked(qtbot, shell)
    assert _names_shown(shell)
    shell.lock()
    for attempt in range(3):
        pin_form = shell.panel.pin
        pin_form.pin.setText(f"000{attempt}")
        qtbot.mouseClick(pin_form.ok_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda form=pin_form: form.isEnabled() and form.error.text() != "")
    assert shell.quick.disarmed
    assert shell.panel.stack.currentWidget() is shell.panel.form
    assert keyring.get_password(quick_unlock.KEYRING_SERVICE, shell.quick.entry) is None
    _assert_locked_and_clean(shell)


def test_quit_forgets_the_keychain_secret(shell) -> None:
    shell.set_quick_unlock_pin("97531")
    entry = shell.quick.entry
    assert keyring.get_password(quick_unlock.KEYRING_SERVICE, entry)
    shell.shutdown()
    assert keyring.get_password(quick_unlock.KEYRING_SERVICE, entry) is None


def test_without_a_keychain_the_pin_option_is_absent(qtbot, vault, staff, monkeypatch) -> None:
    from keyring.backends.fail import Keyring as FailKeyring

    keyring.set_keyring(FailKeyring())
    install_fake_pages(monkeypatch)
    vault.close()
    app = start_app(qtbot, vault.folder)
    try:
        sign_in(qtbot, app, "supervisor", STAFF_PASSWORD)
        wait_unlocked(qtbot, app)
        assert not app.window.pin_action.isVisible()
    finally:
        app.shutdown()


def test_open_dialogs_close_on_lock(qtbot, shell) -> None:
    from PySide6.QtWidgets import QDialog

    dialog = QDialog(shell.window)
    QLabel(CLIENT_NAMES[1], dialog)
    dialog.open()
    assert dialog.isVisible()
    shell.lock()
    assert not dialog.isVisible()


def test_the_real_case_pages_leave_no_name_after_lock(qtbot, vault, staff, monkeypatch) -> None:
    """The same guarantee with the application's own case list and case page."""
    pytest.importorskip("safehaven.ui.cases.case_list_page")
    pytest.importorskip("safehaven.ui.cases.case_page")
    ids = register_clients(vault, staff.caseworker)
    vault.close()
    app = start_app(qtbot, vault.folder)
    try:
        sign_in(qtbot, app, "supervisor", STAFF_PASSWORD)
        wait_unlocked(qtbot, app)
        app.window.show_page("cases")
        qtbot.waitUntil(lambda: _names_shown(app), timeout=10_000)
        page = app.window.open_case(ids[1])
        assert CLIENT_NAMES[1] in "\n".join(collect_texts(page))
        assert app.window.windowTitle().startswith("SH-")
        app.window.show_page("cases")
        app.lock()
        _assert_locked_and_clean(app)
    finally:
        app.shutdown()


def test_text_safehaven_copied_is_cleared_after_30_seconds(shell) -> None:
    shell.clipboard.copy("SH-2026-0001")
    assert shell.clipboard.timer.interval() == 30_000
    assert shell.clipboard.timer.isActive()
    shell.clipboard.timer.timeout.emit()
    assert QGuiApplication.clipboard().text() == ""


def test_screen_lock_or_sleep_reported_by_the_desktop_locks(shell) -> None:
    shell.watcher.on_screen_saver(False)
    assert not shell.is_locked
    shell.watcher.on_screen_saver(True)
    _assert_locked_and_clean(shell)


def test_pin_dialog_checks_the_pin_as_you_type(qtbot) -> None:
    from safehaven.ui.shell.pin_dialog import PinDialog

    dialog = PinDialog()
    qtbot.addWidget(dialog)
    assert "4 to 12" in dialog.problem.text()
    dialog.pin.setText("2468")
    assert "not the same" in dialog.problem.text()
    dialog.repeat.setText("2468")
    assert dialog.problem.text() == ""
    assert dialog.pin.accessibleName()
    assert dialog.repeat.accessibleName()
