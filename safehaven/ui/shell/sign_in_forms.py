"""The smaller steps of signing in: new password after a reset, recovery key, quick-unlock PIN.

Each form only collects input and emits `submitted`/`cancelled`; `SignInPanel` does the work.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safehaven.i18n import _
from safehaven.ui.a11y.fields import name_fields_by_labels
from safehaven.ui.widgets.banner import Banner
from safehaven.ui.widgets.password_field import PasswordField


class _Form(QWidget):
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layout_ = QVBoxLayout(self)
        self.heading = QLabel(self)
        self.heading.setObjectName("heading")
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.form = QFormLayout()
        self.error = Banner("error", self)
        self.ok_button = QPushButton(self)
        self.ok_button.setDefault(True)
        self.back_button = QPushButton(self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.ok_button)
        for item in (self.heading, self.intro):
            self.layout_.addWidget(item)
        self.layout_.addLayout(self.form)
        self.layout_.addWidget(self.error)
        self.layout_.addLayout(buttons)
        self.back_button.clicked.connect(self.cancelled)

    def set_busy(self, busy: bool) -> None:
        self.setEnabled(not busy)

    def show_error(self, text: str) -> None:
        self.error.show_message(text)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        for widget in (self.ok_button, self.back_button):
            widget.setAccessibleName(widget.text().replace("&", ""))


class ChangePasswordForm(_Form):
    """A new password (strength shown as you type) typed twice."""

    submitted = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.new_password = PasswordField(with_meter=True, parent=self)
        self.confirm = QLineEdit(self)
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self.why_disabled = QLabel(self)
        self.why_disabled.setObjectName("subheading")
        self.why_disabled.setWordWrap(True)
        self.new_label, self.confirm_label = QLabel(self), QLabel(self)
        self.new_label.setBuddy(self.new_password.edit)
        self.confirm_label.setBuddy(self.confirm)
        self.form.addRow(self.new_label, self.new_password)
        self.form.addRow(self.confirm_label, self.confirm)
        self.layout_.insertWidget(3, self.why_disabled)
        self.new_password.changed.connect(self._update)
        self.confirm.textChanged.connect(self._update)
        self.ok_button.clicked.connect(self._on_ok_clicked)
        self._retranslate()

    def prepare(self, username: str, *, after_recovery: bool, own_choice: bool = False) -> None:
        """Empty the fields for `username`; the intro says why: a reset, the recovery key, or
        (`own_choice`) the person asked to change it."""
        self.new_password.username = username
        self.new_password.clear()
        self.confirm.clear()
        self.error.clear_message()
        self._after_recovery = after_recovery
        self._own_choice = own_choice
        self._retranslate()
        self.new_password.setFocus()

    def _retranslate(self) -> None:
        self.heading.setText(_("Choose a new password"))
        if getattr(self, "_after_recovery", False):
            self.intro.setText(_("You used the recovery key. Set a new password to continue."))
        elif getattr(self, "_own_choice", False):
            self.intro.setText(_("Type your current password, then your new password twice."))
        else:
            self.intro.setText(_("Your password was reset. Choose a new password to continue."))
        self.new_label.setText(_("&New password"))
        self.confirm_label.setText(_("&Repeat it"))
        self.new_password.set_accessible_name(_("New password"))
        name_fields_by_labels(self)
        self.ok_button.setText(_("&Save and continue"))
        self.back_button.setText(_("Cancel"))
        self._update()
        super()._retranslate()

    def blocking_reason(self) -> str:
        strength = self.new_password.strength()
        if not self.new_password.text():
            return _("Type a new password.")
        if not strength.acceptable:
            return _("The new password is not strong enough yet.")
        if self.confirm.text() != self.new_password.text():
            return _("The two passwords are not the same.")
        return ""

    def _update(self) -> None:
        reason = self.blocking_reason()
        self.ok_button.setEnabled(not reason)
        self.ok_button.setToolTip(reason)
        self.why_disabled.setText(reason)
        self.why_disabled.setVisible(bool(reason))

    def _on_ok_clicked(self) -> None:
        if not self.blocking_reason():
            self.submitted.emit(self.new_password.text())


class RecoveryForm(_Form):
    """The printed recovery key and the administrator account it will act as."""

    submitted = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = QLineEdit(self)
        self.username = QLineEdit(self)
        self.key_label, self.username_label = QLabel(self), QLabel(self)
        self.key_label.setBuddy(self.key)
        self.username_label.setBuddy(self.username)
        self.form.addRow(self.key_label, self.key)
        self.form.addRow(self.username_label, self.username)
        self.ok_button.clicked.connect(self._on_ok_clicked)
        self.key.returnPressed.connect(self._on_ok_clicked)
        self.username.returnPressed.connect(self._on_ok_clicked)
        self._retranslate()

    def _retranslate(self) -> None:
        self.heading.setText(_("Use the recovery key"))
        self.intro.setText(
            _(
                "Type the key from the recovery kit (dashes optional) and the username of an "
                "administrator. You will then set a new password for that account."
            )
        )
        self.key_label.setText(_("Recovery &key"))
        self.username_label.setText(_("&Administrator username"))
        self.key.setAccessibleName(_("Recovery key"))
        self.username.setAccessibleName(_("Administrator username"))
        self.ok_button.setText(_("&Continue"))
        self.back_button.setText(_("&Back to sign-in"))
        super()._retranslate()

    def _on_ok_clicked(self) -> None:
        if not self.key.text().strip() or not self.username.text().strip():
            self.show_error(_("Enter the recovery key and an administrator's username."))
            return
        self.submitted.emit(self.key.text(), self.username.text().strip())


class PinForm(_Form):
    """Quick unlock: the short PIN chosen after the last full sign-in."""

    submitted = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pin = QLineEdit(self)
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_label = QLabel(self)
        self.pin_label.setBuddy(self.pin)
        self.form.addRow(self.pin_label, self.pin)
        self.ok_button.clicked.connect(self._on_ok_clicked)
        self.pin.returnPressed.connect(self._on_ok_clicked)
        self._retranslate()

    def _retranslate(self) -> None:
        self.heading.setText(_("SafeHaven is locked"))
        self.intro.setText(_("Enter your quick-unlock PIN to continue where you left off."))
        self.pin_label.setText(_("&PIN"))
        name_fields_by_labels(self)
        self.ok_button.setText(_("&Unlock"))
        self.back_button.setText(_("Sign in with &password instead"))
        super()._retranslate()

    def _on_ok_clicked(self) -> None:
        if self.pin.text():
            self.submitted.emit(self.pin.text())
