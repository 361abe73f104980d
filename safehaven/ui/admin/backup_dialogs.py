"""Dialogs of the backup panel: the secret that opens a backup, the result of a key rotation."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safehaven.i18n import _
from safehaven.services.vault_ops.key_rotation import RotationResult
from safehaven.storage.files import write_atomic
from safehaven.ui.a11y.fields import label_field
from safehaven.ui.context import failure_text, present
from safehaven.ui.widgets import file_dialogs
from safehaven.ui.widgets.banner import Banner
from safehaven.ui.widgets.message_line import message_slot


class SecretDialog(QDialog):
    """A username and password (as they were when the backup was taken), or the recovery key."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Open the backup"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.use_recovery = QCheckBox(_("Use the &recovery key instead"), self)
        self.username = QLineEdit(self)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.username.setAccessibleName(_("Username"))
        self.password.setAccessibleName(_("Password or recovery key"))
        self.use_recovery.setAccessibleName(_("Use the recovery key instead"))
        form.addRow(_("&Username:"), self.username)
        form.addRow(_("&Password or recovery key:"), self.password)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout.addWidget(QLabel(_("Backups open with the passwords valid when they were taken.")))
        layout.addWidget(self.use_recovery)
        layout.addLayout(form)
        layout.addWidget(buttons)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.use_recovery.toggled.connect(self._update)
        self.username.textChanged.connect(self._update)
        self.password.textChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        self.username.setEnabled(not self.use_recovery.isChecked())
        ready = bool(self.password.text()) and (
            self.use_recovery.isChecked() or bool(self.username.text().strip())
        )
        self.ok_button.setEnabled(ready)
        self.ok_button.setToolTip("" if ready else _("Type a username and password first."))

    def secret(self) -> tuple[str | None, str]:
        if self.use_recovery.isChecked():
            return None, self.password.text()
        return self.username.text().strip(), self.password.text()


def _choose_pdf(parent: QWidget) -> str:
    return file_dialogs.save_file(
        parent, _("Save the recovery kit"), "recovery-kit.pdf", _("PDF files (*.pdf)")
    )


class RotationDialog(QDialog):
    """Shows the new recovery key and the temporary passwords once; saves the recovery kit."""

    def __init__(self, result: RotationResult, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.result_data = result
        self.choose_pdf: Callable[[QWidget], str] = _choose_pdf
        self.setWindowTitle(_("The key was rotated"))
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                _(
                    "Write these down now; they are not shown again. Give each person their "
                    "temporary password in person; they choose a new one when they next sign in."
                )
            )
        )
        lines = [_("New recovery key: {key}").format(key=result.recovery_key), ""]
        lines += [
            _("{username}: {password}").format(username=name, password=temporary)
            for name, temporary in sorted(result.temporary_passwords.items())
        ]
        self.text = QPlainTextEdit("\n".join(lines), self)
        self.text.setReadOnly(True)
        text_label = QLabel(self)
        label_field(text_label, self.text, _("New recovery key and temporary passwords"))
        self.save_button = QPushButton(_("&Save the recovery kit…"), self)
        self.save_button.setAccessibleName(_("Save the recovery kit"))
        self.error = Banner("error", self)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        layout.addWidget(text_label)
        layout.addWidget(self.text)
        layout.addWidget(self.save_button)
        layout.addWidget(message_slot(self, self.error))
        layout.addWidget(close)
        close.rejected.connect(self.reject)
        self.save_button.clicked.connect(self._on_save_clicked)
        self.finished.connect(lambda _code: self.text.clear())

    def _on_save_clicked(self) -> None:
        path = self.choose_pdf(self)
        if not path:
            return
        try:
            from pathlib import Path

            write_atomic(Path(path), self.result_data.recovery_kit_pdf)
        except OSError as exc:
            present(self.error, failure_text(exc))
            return
        self.save_button.setText(_("Recovery kit saved"))
