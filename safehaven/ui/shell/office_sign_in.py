"""Signing in to an office server, and the choice between this laptop's vault and an office.

`OfficeSignInPanel` takes the person's own database name and password for one saved connection
profile and emits `signed_in` with the open office store; every failure is one sentence (wrong
name or password, a server that is down, one that does not prove itself over TLS). A login
with a temporary password chooses a new one first (the window opens only after). Nothing
typed is kept once the panel is done. `StoreChoice` is shown at start when profiles are saved.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QComboBox, QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from safehaven.i18n import _
from safehaven.services.office.sign_in import (
    OfficeSignedIn,
    ProfileChoice,
    change_office_password,
    sign_in_office,
)
from safehaven.ui.messages import explain
from safehaven.ui.shell.sign_in_form import SignInForm
from safehaven.ui.shell.sign_in_forms import ChangePasswordForm
from safehaven.ui.tasks import TaskRunner


class OfficeSignInPanel(QWidget):
    """Emits `signed_in(OfficeSignedIn)` once connected as the person who signed in."""

    signed_in = Signal(object)

    def __init__(
        self,
        profile: ProfileChoice,
        runner: TaskRunner,
        *,
        username: str = "",
        locked: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.profile, self.runner = profile, runner
        self._pending: OfficeSignedIn | None = None  # signed in, new password still to choose
        self._current_password = ""
        self._build_ui(locked)
        self._connect_signals()
        self._retranslate()
        self.form.username.setText(username)
        (self.form.password if username else self.form.username).setFocus()

    def _build_ui(self, locked: bool) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.form = SignInForm(locked=locked, parent=self)
        self.form.recovery_button.setVisible(False)  # recovery keys belong to vaults
        self.change = ChangePasswordForm(self)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.form)
        self.stack.addWidget(self.change)
        self.server = QLabel(self)
        self.server.setWordWrap(True)
        layout.addWidget(self.server)
        layout.addWidget(self.stack)

    def _connect_signals(self) -> None:
        self.form.submitted.connect(self._on_form_submitted)
        self.change.submitted.connect(self._on_change_submitted)
        self.change.cancelled.connect(self._on_change_cancelled)

    def _retranslate(self) -> None:
        self.server.setText(_("Office server: {where}").format(where=self.profile.label))
        self.server.setAccessibleName(self.server.text())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _on_form_submitted(self, username: str, password: str) -> None:
        self.form.error.clear_message()
        self.form.wait.show_message(_("Connecting to the office server…"))
        self.form.setEnabled(False)
        self._current_password = password
        path = self.profile.path
        self.runner.run(
            lambda _p, _c: sign_in_office(path, username, password),
            writes=False,
            show_progress=False,
            on_done=self._on_connected,
            on_error=self._on_failed,
        )

    def _on_connected(self, signed: OfficeSignedIn) -> None:
        self.form.wait.clear_message()
        self.form.setEnabled(True)
        self.form.password.clear()
        if signed.must_change_password:
            self._pending = signed
            self.change.prepare(signed.actor.username, after_recovery=False)
            self.stack.setCurrentWidget(self.change)
            self.change.new_password.setFocus()
            return
        self._current_password = ""
        self.signed_in.emit(signed)

    def _on_failed(self, exc: BaseException) -> None:
        self.form.wait.clear_message()
        self.form.setEnabled(True)
        self._current_password = ""
        self.form.error.show_message(explain(exc))
        self.form.password.clear()
        self.form.password.setFocus()

    # -- a temporary password replaced before the window opens ----------------------------------
    def _on_change_submitted(self, new_password: str) -> None:
        signed, current = self._pending, self._current_password
        if signed is None:
            return
        self.change.error.clear_message()
        self.change.setEnabled(False)
        self.runner.run(
            lambda _p, _c: change_office_password(
                signed.vault,
                actor=signed.actor,
                current_password=current,
                new_password=new_password,
            ),
            writes=True,
            show_progress=False,
            on_done=lambda _r: self._on_password_changed(signed),
            on_error=self._on_change_failed,
        )

    def _on_password_changed(self, signed: OfficeSignedIn) -> None:
        self.change.setEnabled(True)
        self.change.new_password.clear()
        self.change.confirm.clear()
        self._pending, self._current_password = None, ""
        self.signed_in.emit(OfficeSignedIn(signed.vault, signed.actor))

    def _on_change_failed(self, exc: BaseException) -> None:
        self.change.setEnabled(True)
        self.change.error.show_message(explain(exc))

    def _on_change_cancelled(self) -> None:
        """Back to the sign-in form: the connection made with the temporary password closes."""
        if self._pending is not None:
            self._pending.vault.close()
        self._pending, self._current_password = None, ""
        self.change.new_password.clear()
        self.change.confirm.clear()
        self.stack.setCurrentWidget(self.form)
        self.form.password.setFocus()

    def clear(self) -> None:
        self.form.password.clear()
        self.change.new_password.clear()
        self.change.confirm.clear()


class StoreChoice(QWidget):
    """ "This laptop's vault" or "An office server" (with the saved profile to use)."""

    vault_chosen = Signal()
    office_chosen = Signal(object)  # ProfileChoice

    def __init__(self, profiles: list[ProfileChoice], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.profiles = profiles
        self._build_ui()
        self._connect_signals()
        self._retranslate()

    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        self.heading = QLabel(self)
        self.heading.setObjectName("heading")
        self.vault_button = QPushButton(self)
        self.office_button = QPushButton(self)
        self.profile_box = QComboBox(self)
        for choice in self.profiles:
            self.profile_box.addItem(choice.label, choice.path)
        self.profile_box.setVisible(len(self.profiles) > 1)
        for widget in (self.heading, self.vault_button, self.profile_box, self.office_button):
            layout.addWidget(widget)

    def _connect_signals(self) -> None:
        self.vault_button.clicked.connect(self.vault_chosen)
        self.office_button.clicked.connect(self._on_office_clicked)

    def _retranslate(self) -> None:
        self.heading.setText(_("Where are your cases?"))
        self.vault_button.setText(_("This laptop's &vault"))
        self.vault_button.setAccessibleName(_("This laptop's vault"))
        self.office_button.setText(_("An &office server"))
        self.office_button.setAccessibleName(_("An office server"))
        self.profile_box.setAccessibleName(_("Office server"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _on_office_clicked(self) -> None:
        index = max(self.profile_box.currentIndex(), 0)
        self.office_chosen.emit(self.profiles[index])


class EntryWindow(QWidget):
    """The first window for the vault-or-office choice and the office sign-in: one card."""

    def __init__(self, panel: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.panel = panel
        self.setWindowTitle("SafeHaven")
        layout = QVBoxLayout(self)
        card = QWidget(self)
        card.setObjectName("card")
        card.setMinimumWidth(440)
        card.setMaximumWidth(560)
        QVBoxLayout(card).addWidget(panel)
        layout.addStretch(1)
        layout.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        self.resize(720, 560)
