"""The composition root: QApplication, first run or sign-in, then the main window.

`SafeHavenApp` owns everything for one run (task runner, windows, lock watcher, clipboard guard,
quick-unlock state) and passes what each part needs through constructors; tests drive it with
qtbot without `exec()`. Nothing here runs at import time.
"""

from __future__ import annotations

import logging
import sys
import weakref
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from safehaven import i18n
from safehaven.i18n import _
from safehaven.logs import setup_logging
from safehaven.services import settings as settings_service
from safehaven.services.accounts import quick_unlock
from safehaven.services.accounts.accounts import SignedIn
from safehaven.services.office.sign_in import OfficeSignedIn, ProfileChoice, saved_profiles
from safehaven.storage.keyslots import KdfParams
from safehaven.storage.vault import VaultPaths
from safehaven.ui.admin.auto_backup import AutoBackup, backup_before_close, close_in_background
from safehaven.ui.clipboard import ClipboardGuard
from safehaven.ui.context import UiContext
from safehaven.ui.icons import app_icon
from safehaven.ui.languages import last_language
from safehaven.ui.languages.direction import apply_interface_direction
from safehaven.ui.languages.qt_catalog import follow_language
from safehaven.ui.messages import explain
from safehaven.ui.responsive import gui_thread_gc
from safehaven.ui.responsive.warm_up import DELAY_MS, hold_preparation, prepare, warm_up
from safehaven.ui.shell.first_run import FirstRunWizard
from safehaven.ui.shell.lock import LockWatcher
from safehaven.ui.shell.main_window import MainWindow
from safehaven.ui.shell.office_password import OfficePasswordDialog
from safehaven.ui.shell.office_sign_in import EntryWindow, OfficeSignInPanel, StoreChoice
from safehaven.ui.shell.office_watch import OfficeWatch
from safehaven.ui.shell.pin_dialog import PinDialog
from safehaven.ui.shell.sign_in import SignInPanel, SignInWindow
from safehaven.ui.style import apply_style
from safehaven.ui.tasks import TaskRunner

log = logging.getLogger(__name__)
THAW_AFTER_MS = 50  # after lock: the dropped pages are deleted first


def _broadcast_language_change(app_ref: weakref.ref[SafeHavenApp], _lang: str) -> None:
    """Send Qt's LanguageChange to every window; each widget retranslates in changeEvent."""
    owner = app_ref()
    qapp = QCoreApplication.instance()
    if owner is not None and not owner.closed:
        last_language.remember(_lang)  # the next sign-in screen opens in it
    if isinstance(qapp, QApplication):
        follow_language(qapp, _lang)  # Qt's own dialogs and buttons, whatever window is open
    if owner is None or owner.closed or not isinstance(qapp, QApplication):
        return
    if owner.ctx is None and owner.window is None:
        owner.language_chosen = True  # picked on the sign-in screen: keep it after sign-in
    apply_interface_direction(qapp, _lang)  # right to left for an RTL language
    for widget in qapp.topLevelWidgets():
        QCoreApplication.sendEvent(widget, QEvent(QEvent.Type.LanguageChange))


class SafeHavenApp(QObject):
    """One run of the desktop application over the vault in `folder`."""

    def __init__(
        self, folder: Path, *, kdf: KdfParams | None = None, profile: ProfileChoice | None = None
    ) -> None:
        super().__init__()
        self.folder, self.kdf = Path(folder), kdf
        self.profile = profile  # set: signed in (or signing in) to an office server
        self.office_watch: OfficeWatch | None = None
        self.chosen = False  # the vault-or-office choice was made in this run
        self.runner = TaskRunner(self)
        self.clipboard = ClipboardGuard(QGuiApplication.clipboard(), self)
        self.window: MainWindow | None = None
        self.entry: QWidget | None = None  # the wizard or sign-in window before the main window
        self.ctx: UiContext | None = None
        self.watcher: LockWatcher | None = None
        self.quick: quick_unlock.QuickUnlock | None = None
        self.panel: SignInPanel | None = None
        self.password_dialog: OfficePasswordDialog | None = None  # office: my own password
        self.office_signed: OfficeSignedIn | None = None  # office: who is signed in, where
        self.closed = False
        self.language_chosen = False
        self.lock_hides_username = False  # the setting, read at each sign-in and save
        self.auto_backup = AutoBackup(lambda: self.ctx, self)
        ref = weakref.ref(self)
        i18n.on_language_changed(lambda lang: _broadcast_language_change(ref, lang))

    # -- start-up -------------------------------------------------------------------------------
    def start(self) -> QWidget:
        """Show the first-run wizard (no vault yet) or the sign-in window; returns it. With a
        profile, the office sign-in; with saved profiles, first the vault-or-office choice."""
        self._use_last_language()
        prepare(self.runner)
        profiles = [] if self.profile or self.chosen else saved_profiles(self.folder)
        if self.profile is not None:
            self.entry = EntryWindow(self._office_panel(self.profile))
        elif profiles:
            choice = StoreChoice(profiles)
            choice.vault_chosen.connect(lambda: self._switch_entry(None))
            choice.office_chosen.connect(self._switch_entry)
            self.entry = EntryWindow(choice)
        elif not VaultPaths(self.folder).exists():
            wizard = FirstRunWizard(self.folder, self.runner, kdf=self.kdf)
            wizard.completed.connect(self._on_signed_in)
            wizard.office_profile_saved.connect(self._switch_entry)  # chose the office server
            self.entry = wizard
        else:
            self.panel = SignInPanel(self.folder, self.runner)
            self.panel.signed_in.connect(self._on_signed_in)
            self.panel.signing_in.connect(hold_preparation)
            self.entry = SignInWindow(self.panel)
        self.entry.setWindowIcon(app_icon())
        self.entry.show()
        return self.entry

    def _use_last_language(self) -> None:
        """Open the sign-in screen in the language last used here; the vault's own setting
        still applies after sign-in (this is no choice made on the sign-in screen)."""
        last = last_language.last_language()
        if last and not self.language_chosen and last != i18n.current_language():
            i18n.set_language(last)
            self.language_chosen = False

    def _switch_entry(self, profile: ProfileChoice | None) -> None:
        """After the vault-or-office choice (or the first-run wizard saved an office profile):
        the vault's screens, or this office's sign-in."""
        old, self.entry = self.entry, None
        self.profile, self.chosen = profile, True
        self.start()
        if old is not None:
            old.close()
            old.deleteLater()

    def _office_panel(self, profile: ProfileChoice, **kw: Any) -> OfficeSignInPanel:
        panel = OfficeSignInPanel(profile, self.runner, **kw)
        panel.signed_in.connect(self._on_unlocked if kw.get("locked") else self._on_signed_in)
        return panel

    def _on_signed_in(self, signed: SignedIn) -> None:
        self.office_signed = signed if isinstance(signed, OfficeSignedIn) else None
        settings = self._load_settings(signed)
        self.lock_hides_username = bool(settings["lock_hides_username"])
        if not self.language_chosen:
            i18n.set_language(str(settings["language"]))
        self.ctx = UiContext(signed.vault, signed.actor, self.runner)
        self.window = MainWindow(self.ctx, demo=bool(settings["demo"]))
        self.window.setWindowIcon(app_icon())
        self.window.pin_action.setVisible(quick_unlock.keychain_available())
        self._connect_window(self.window)
        self.watcher = LockWatcher(
            minutes=int(settings["auto_lock_minutes"]),
            on_lock=lambda _reason: self.lock(),
            on_quick_hide=self.quick_hide,
            parent=self,
        )
        self.window.resume(self.ctx)
        self.window.show()
        warm_up(self.runner, settled=self._settle)
        self._start_store_tasks(self.window, self.ctx)
        if self.entry is not None:
            self.entry.close()
            self.entry.deleteLater()
            self.entry, self.panel = None, None

    def _connect_window(self, window: MainWindow) -> None:
        window.lock_requested.connect(self.lock)
        window.quick_hide_requested.connect(self.quick_hide)
        window.pin_requested.connect(self._on_pin_requested)
        window.password_requested.connect(self._on_password_requested)
        window.settings_saved.connect(self._on_settings_saved)

    def _load_settings(self, signed: SignedIn) -> dict[str, Any]:
        with signed.vault.session() as session:
            return settings_service.all_settings(session)

    # -- locking --------------------------------------------------------------------------------
    @property
    def is_locked(self) -> bool:
        return self.window is not None and self.ctx is None

    def lock(self) -> None:
        """Drop every page and model, clear SafeHaven's clipboard text, close the vault and show
        the unlock screen."""
        window, ctx = self.window, self.ctx
        if window is None or ctx is None:
            return
        window.blank_now()
        self._close_dialogs(window)
        window.keep_drafts(ctx.actor.user_id)
        window.drop_pages()
        self.clipboard.clear_if_ours()
        self.runner.cancel_all()
        self.auto_backup.stop()
        self.ctx, self.office_signed = None, None
        if self.office_watch is not None:
            self.office_watch.stop()
        if self.profile is None:
            close_in_background(ctx)
        else:
            ctx.vault.close()  # the office store: the connection pool is closed now
        if self.watcher is not None:
            self.watcher.pause()
        # The dropped pages are deleted on the next turn of the event loop; then everything
        # set aside from the cycle collector is collected, so no cycle of the session remains.
        QTimer.singleShot(THAW_AFTER_MS, self, gui_thread_gc.thaw_and_collect)
        shown = "" if self.lock_hides_username else ctx.actor.username
        if self.profile is not None:
            panel = self._office_panel(self.profile, username=shown, locked=True)
            window.show_lock_screen(panel)
            log.info("locked")
            return
        self.panel = SignInPanel(
            self.folder, self.runner, username=shown, locked=True, quick=self.quick
        )
        self.panel.signed_in.connect(self._on_unlocked)
        window.show_lock_screen(self.panel)
        log.info("locked")

    def quick_hide(self) -> None:
        """Blank the window at once, lock, and minimise it."""
        if self.window is None or self.ctx is None:
            return
        self.window.blank_now()
        self.window.repaint()
        self.lock()
        self.window.showMinimized()

    def _close_dialogs(self, window: QWidget) -> None:
        qapp = QApplication.instance()
        if not isinstance(qapp, QApplication):
            return
        for widget in qapp.topLevelWidgets():
            if widget is not window and isinstance(widget, QDialog) and widget.isVisible():
                widget.reject()

    def _on_unlocked(self, signed: SignedIn) -> None:
        window = self.window
        if window is None:
            signed.vault.close()
            return
        if self.quick is not None and signed.actor.user_id != self.quick.user_id:
            quick_unlock.disarm(self.quick)
            self.quick = None
        self.office_signed = signed if isinstance(signed, OfficeSignedIn) else None
        self.ctx = UiContext(signed.vault, signed.actor, self.runner)
        self.panel = None
        window.resume(self.ctx)
        window.pin_action.setEnabled(quick_unlock.keychain_available())
        if self.watcher is not None:
            self.watcher.resume()
        self._start_store_tasks(window, self.ctx)
        QTimer.singleShot(DELAY_MS, self, self._settle)

    def _settle(self) -> None:
        """After the warm-up of the first sign-in, and after an unlock: set what is alive aside
        from the cycle collector, unless the session was locked meanwhile (the lock handed
        everything back and collected it)."""
        if self.ctx is not None:
            gui_thread_gc.freeze_long_lived()

    def _start_store_tasks(self, window: MainWindow, ctx: UiContext) -> None:
        """The vault: automatic backups. An office server: the refresh poll and its watch on
        the connection (no backups or quick-unlock PIN on the laptop)."""
        if self.profile is None:
            self.auto_backup.start()
            return
        window.pin_action.setVisible(False)
        window.password_action.setVisible(True)
        if self.office_watch is None:
            self.office_watch = OfficeWatch(window, ctx)
        else:
            self.office_watch.resume(ctx)

    # -- quick unlock ---------------------------------------------------------------------------
    def set_quick_unlock_pin(self, pin: str) -> None:
        """Arm quick unlock for the signed-in user (raises ValidationFailed for a bad PIN)."""
        if self.ctx is None:
            return
        quick_unlock.disarm(self.quick)
        self.quick = quick_unlock.arm(self.ctx.vault, actor=self.ctx.actor, pin=pin)

    def _on_pin_requested(self) -> None:
        if self.window is None:
            return
        dialog = PinDialog(self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        pin = dialog.pin.text()
        try:
            self.set_quick_unlock_pin(pin)
        except Exception as exc:
            self.window.statusBar().showMessage(explain(exc), 8000)
            return
        self.window.statusBar().showMessage(_("Quick unlock is on until you quit SafeHaven."), 8000)

    def _on_password_requested(self) -> None:
        """Office mode: the signed-in person changes their own database password."""
        signed, window = self.office_signed, self.window
        if window is None or self.ctx is None or signed is None:
            return
        if self.password_dialog is not None:
            self.password_dialog.deleteLater()
        dialog = OfficePasswordDialog(signed, self.runner, window)
        self.password_dialog = dialog
        dialog.accepted.connect(
            lambda: window.statusBar().showMessage(_("Your password was changed."), 8000)
        )
        dialog.open()

    def _on_settings_saved(self, values: dict[str, object]) -> None:
        self.lock_hides_username = bool(values.get("lock_hides_username", False))
        minutes = values.get("auto_lock_minutes")
        if self.watcher is not None and isinstance(minutes, int):
            self.watcher.minutes = minutes

    # -- shutting down --------------------------------------------------------------------------
    def shutdown(self) -> None:
        """Quit: forget the quick-unlock secret, close the vault, clear the clipboard."""
        if self.closed:
            return
        self.closed = True
        quick_unlock.disarm(self.quick)
        self.quick = None
        if self.watcher is not None:
            self.watcher.stop()
        if self.window is not None:
            self.window.held = None  # drafts never outlive the run
            self.window.drop_pages()
        self.clipboard.clear_if_ours()
        self.runner.cancel_all()
        self.runner.wait_all(10_000)
        gui_thread_gc.thaw_and_collect()  # as at lock: no cycle of the session is left
        self.auto_backup.stop()
        if self.office_watch is not None:
            self.office_watch.stop()
        if self.ctx is not None:
            if self.profile is None:
                backup_before_close(self.ctx)
            self.ctx.vault.close()
            self.ctx, self.office_signed = None, None
        for widget in (self.window, self.entry):
            if widget is not None:
                widget.close()
                widget.deleteLater()
        self.window = self.entry = None


def run_app(data_dir: Path, profile: ProfileChoice | None = None) -> int:
    """Open the desktop application on `data_dir` (or on the office server of `profile`) and
    run until the last window closes."""
    existing = QApplication.instance()
    qapp = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    qapp.setApplicationName("SafeHaven")
    qapp.setApplicationDisplayName("SafeHaven")
    qapp.setOrganizationName("SafeHaven")
    qapp.setWindowIcon(app_icon())
    gui_thread_gc.install(qapp)
    setup_logging()
    apply_style(qapp)
    controller = SafeHavenApp(Path(data_dir), profile=profile)
    qapp.aboutToQuit.connect(controller.shutdown)
    controller.start()
    return int(qapp.exec())
