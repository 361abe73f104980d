"""Sign-in: username + password, Caps Lock warning, one message for every failure, a growing wait
after repeated failures, the "must change password" step, the recovery key and quick unlock.

Used for the first sign-in (inside `SignInWindow`) and as the unlock screen after a lock.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from safehaven.i18n import _, ngettext
from safehaven.services.accounts import accounts, quick_unlock
from safehaven.services.accounts.accounts import SignedIn
from safehaven.storage import attempts
from safehaven.storage.errors import WrongCredentials
from safehaven.ui.messages import explain
from safehaven.ui.shell.sign_in_form import SignInForm
from safehaven.ui.shell.sign_in_forms import ChangePasswordForm, PinForm, RecoveryForm
from safehaven.ui.tasks import TaskRunner
from safehaven.ui.widgets.window_size import fit_to_screen


class SignInPanel(QWidget):
    """Emits `signed_in(SignedIn)` once the vault is open and no password change is pending."""

    signed_in = Signal(object)
    signing_in = Signal()  # the password (or PIN, or recovery key) is being checked

    def __init__(
        self,
        folder: Path,
        runner: TaskRunner,
        *,
        username: str = "",
        locked: bool = False,
        quick: quick_unlock.QuickUnlock | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.folder, self.runner, self.quick = Path(folder), runner, quick
        self._pending: SignedIn | None = None
        self._current_password = ""
        self._wait_left = 0
        self._build_ui(locked)
        self._connect_signals()
        self.form.username.setText(username)
        self._start()

    def _build_ui(self, locked: bool) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.stack = QStackedWidget(self)
        self.form = SignInForm(locked=locked, parent=self)
        self.change = ChangePasswordForm(self)
        self.recovery = RecoveryForm(self)
        self.pin = PinForm(self)
        for page in (self.form, self.change, self.recovery, self.pin):
            self.stack.addWidget(page)
        layout.addWidget(self.stack)
        self.countdown = QTimer(self)
        self.countdown.setInterval(1000)

    def _connect_signals(self) -> None:
        self.form.submitted.connect(self._on_form_submitted)
        self.form.recovery_requested.connect(lambda: self._show(self.recovery))
        self.recovery.submitted.connect(self._on_recovery_submitted)
        self.recovery.cancelled.connect(lambda: self._show(self.form))
        self.change.submitted.connect(self._on_change_submitted)
        self.change.cancelled.connect(self._on_change_cancelled)
        self.pin.submitted.connect(self._on_pin_submitted)
        self.pin.cancelled.connect(self._forget_quick_unlock)
        self.countdown.timeout.connect(self._on_countdown_tick)

    def _start(self) -> None:
        armed = self.quick is not None and not self.quick.disarmed
        self._show(self.pin if armed else self.form)

    def _show(self, page: QWidget) -> None:
        self.stack.setCurrentWidget(page)
        focus: QWidget = {self.form: self.form.username, self.pin: self.pin.pin}.get(page, page)
        if page is self.form and self.form.username.text():
            focus = self.form.password
        if page is self.recovery:
            focus = self.recovery.key
        focus.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- running the work off the GUI thread ----------------------------------------------------
    def _run(self, job: Callable[[], Any], on_done: Callable[[Any], None], form: QWidget) -> None:
        form.setEnabled(False)
        self.signing_in.emit()

        def done(result: Any) -> None:
            self._stop_countdown(form)
            on_done(result)

        def failed(exc: BaseException) -> None:
            self._stop_countdown(form)
            self._on_failed(exc, form)

        self.runner.run(
            lambda _p, _c: job(), writes=True, show_progress=False, on_done=done, on_error=failed
        )

    def _stop_countdown(self, form: QWidget) -> None:
        self.countdown.stop()
        self.form.wait.clear_message()
        form.setEnabled(True)

    def _on_failed(self, exc: BaseException, form: QWidget) -> None:
        if isinstance(exc, WrongCredentials):
            message = _("The username or password is not correct.")
            if form is self.pin:
                message = _("That PIN is not correct.")
            elif form is self.recovery:
                message = _("The recovery key or the administrator username is not correct.")
            delay = int(attempts.delay_for(len(attempts.failures(self.folder))))
            if delay and form is self.form:
                message += " " + ngettext(
                    "After several failed attempts, the next one waits {n} second.",
                    "After several failed attempts, the next one waits {n} seconds.",
                    delay,
                ).format(n=delay)
        else:
            message = explain(exc)
        getattr(form, "error", self.form.error).show_message(message)
        if form is self.form:
            self.form.password.clear()
            self.form.password.setFocus()
        if form is self.pin:
            self.pin.pin.clear()
            if self.quick is None or self.quick.disarmed:
                self._forget_quick_unlock()
                self.form.error.show_message(_("Quick unlock is off. Sign in with your password."))

    # -- sign-in --------------------------------------------------------------------------------
    def _on_form_submitted(self, username: str, password: str) -> None:
        self.form.error.clear_message()
        self._wait_left = int(attempts.delay_for(len(attempts.failures(self.folder))))
        if self._wait_left:
            self._on_countdown_tick()
            self.countdown.start()
        self._current_password = password
        self._run(
            lambda: accounts.sign_in(self.folder, username, password), self._on_opened, self.form
        )

    def _on_countdown_tick(self) -> None:
        if self._wait_left <= 0:
            self.countdown.stop()
            self.form.wait.show_message(_("Checking…"))
            return
        self.form.wait.show_message(
            ngettext("Please wait {n} second…", "Please wait {n} seconds…", self._wait_left).format(
                n=self._wait_left
            )
        )
        self._wait_left -= 1

    def _on_opened(self, signed: SignedIn) -> None:
        self.form.password.clear()
        if signed.must_change_password:
            self._pending = signed
            self.change.prepare(signed.actor.username, after_recovery=signed.via_recovery)
            self._show(self.change)
            return
        self._current_password = ""
        self.signed_in.emit(signed)

    # -- recovery, password change, PIN ---------------------------------------------------------
    def _on_recovery_submitted(self, key: str, username: str) -> None:
        self.recovery.error.clear_message()
        job = lambda: accounts.sign_in_with_recovery(self.folder, key, as_username=username)  # noqa: E731
        self._run(job, self._on_recovered, self.recovery)

    def _on_recovered(self, signed: SignedIn) -> None:
        self.recovery.key.clear()
        self._on_opened(signed)

    def _on_change_submitted(self, new_password: str) -> None:
        signed, current = self._pending, self._current_password
        if signed is None:
            return
        if signed.via_recovery:
            job = lambda: accounts.set_password_after_recovery(  # noqa: E731
                signed.vault, actor=signed.actor, new_password=new_password
            )
        else:
            job = lambda: accounts.change_own_password(  # noqa: E731
                signed.vault,
                actor=signed.actor,
                current_password=current,
                new_password=new_password,
            )
        self._run(job, lambda _r: self._on_password_changed(signed), self.change)

    def _on_password_changed(self, signed: SignedIn) -> None:
        self._pending, self._current_password = None, ""
        self.signed_in.emit(SignedIn(signed.vault, signed.actor, False, signed.via_recovery))

    def _on_change_cancelled(self) -> None:
        if self._pending is not None:
            self._pending.vault.close()
        self._pending, self._current_password = None, ""
        self._show(self.form)

    def _on_pin_submitted(self, pin: str) -> None:
        state = self.quick
        if state is None:
            return
        self.pin.error.clear_message()
        self._run(lambda: quick_unlock.unlock_with_pin(state, pin), self._on_opened, self.pin)

    def _forget_quick_unlock(self) -> None:
        quick_unlock.disarm(self.quick)
        self._show(self.form)

    def clear(self) -> None:
        """Drop anything typed (called when the panel is replaced)."""
        self.form.password.clear()
        self.pin.pin.clear()
        self.recovery.key.clear()


class SignInWindow(QWidget):
    """The first window after start-up when a vault exists."""

    def __init__(self, panel: SignInPanel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.panel = panel
        self.setWindowTitle("SafeHaven")
        layout = QVBoxLayout(self)
        card = QWidget(self)
        card.setObjectName("card")
        card.setMinimumWidth(440)
        card.setMaximumWidth(560)
        inner = QVBoxLayout(card)
        inner.addWidget(panel)
        layout.addStretch(1)
        layout.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        fit_to_screen(self, "sign_in", QSize(720, 560))
