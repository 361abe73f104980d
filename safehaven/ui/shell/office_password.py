"""Change my own password on the office server: the current one, then the new one twice.

The current password is proved by a separate sign-in before anything changes (a window left
open is not enough to take over the login); afterwards the open store connects with the new
one. Failures are one sentence in the dialog; nothing typed outlives it.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QVBoxLayout, QWidget

from safehaven.i18n import _
from safehaven.services.office.sign_in import OfficeSignedIn, change_office_password
from safehaven.ui.a11y.fields import name_fields_by_labels
from safehaven.ui.messages import explain
from safehaven.ui.shell.sign_in_forms import ChangePasswordForm
from safehaven.ui.tasks import TaskRunner


class OfficePasswordDialog(QDialog):
    """Accepted once the server holds the new password."""

    def __init__(
        self, signed: OfficeSignedIn, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store, self.actor, self.runner = signed.vault, signed.actor, runner
        self._build_ui()
        self._connect_signals()
        self.setWindowTitle(_("Change my password"))
        self.current.setFocus()

    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        self.setMinimumWidth(460)
        self.change = ChangePasswordForm(self)
        self.current = QLineEdit(self.change)
        self.current.setEchoMode(QLineEdit.EchoMode.Password)
        self.current_label = QLabel(_("&Current password"), self.change)
        self.current_label.setBuddy(self.current)
        self.change.form.insertRow(0, self.current_label, self.current)  # read first, then new
        self.change.prepare(self.actor.username, after_recovery=False, own_choice=True)
        self.change.ok_button.setText(_("&Change password"))
        layout.addWidget(self.change)
        name_fields_by_labels(self)
        self.setTabOrder(self.current, self.change.new_password.edit)

    def _connect_signals(self) -> None:
        self.change.submitted.connect(self._on_change_submitted)
        self.change.cancelled.connect(self.reject)

    def _on_change_submitted(self, new_password: str) -> None:
        current = self.current.text()
        if not current:
            self.change.error.show_message(_("Type your current password first."))
            self.current.setFocus()
            return
        self.change.error.clear_message()
        self.setEnabled(False)
        store, actor = self.store, self.actor
        self.runner.run(
            lambda _p, _c: change_office_password(
                store, actor=actor, current_password=current, new_password=new_password
            ),
            writes=True,
            show_progress=False,
            on_done=self._on_changed,
            on_error=self._on_failed,
        )

    def _on_changed(self, _result: object) -> None:
        self.setEnabled(True)
        self._forget()
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self.setEnabled(True)
        self.change.error.show_message(explain(exc))
        self.current.clear()
        self.current.setFocus()

    def _forget(self) -> None:
        self.current.clear()
        self.change.new_password.clear()
        self.change.confirm.clear()

    def reject(self) -> None:
        self._forget()
        super().reject()
