"""Deactivate an account: the choice to rotate the data key now, and what each choice protects."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from safehaven.i18n import _
from safehaven.services.vault_ops.revocation import rotation_recommended


class DeactivateDialog(QDialog):
    """Asks: left on bad terms? rotate now (default = bad terms)? and, to rotate, your password."""

    def __init__(self, username: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.username = username
        self._build_ui()
        self._connect_signals()
        self._update()

    def _build_ui(self) -> None:
        self.setWindowTitle(_("Deactivate an account"))
        layout = QVBoxLayout(self)
        question = _("Deactivate {username}? They will no longer be able to sign in.")
        intro = QLabel(question.format(username=self.username), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.bad_terms = QCheckBox(_("They left on &bad terms"), self)
        self.rotate = QCheckBox(
            _("&Rotate the data key now (recommended if they left on bad terms)"), self
        )
        self.explain = QLabel(self)
        self.explain.setWordWrap(True)
        form = QFormLayout()
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(_("Your password"))
        form.addRow(_("Your &password:"), self.password)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        for widget in (self.bad_terms, self.rotate, self.explain):
            layout.addWidget(widget)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.bad_terms.setAccessibleName(_("They left on bad terms"))
        self.rotate.setAccessibleName(_("Rotate the data key now"))

    def _connect_signals(self) -> None:
        self.bad_terms.toggled.connect(self._on_bad_terms_toggled)
        self.rotate.toggled.connect(self._update)
        self.password.textChanged.connect(self._update)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def _on_bad_terms_toggled(self, checked: bool) -> None:
        self.rotate.setChecked(rotation_recommended(left_on_bad_terms=checked))

    def _update(self, *_args: object) -> None:
        rotate = self.rotate.isChecked()
        self.password.setEnabled(rotate)
        if rotate:
            text = _(
                "Their key slot is removed from every copy in the vault folder, and the database "
                "is re-encrypted under a new key: a copy of the vault or a backup they may have "
                "taken earlier opens only the data as it was then, nothing written from now on. "
                "Everyone else gets a temporary password and there is a new recovery key."
            )
        else:
            text = _(
                "Their key slot is removed from every copy in the vault folder, so their password "
                "opens nothing there. A copy of the vault or a backup taken earlier (for example "
                "on a USB stick) still opens with their old password, including new data."
            )
        self.explain.setText(text)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(not rotate or bool(self.password.text()))
        ok.setToolTip(_("Type your password to rotate the key.") if not ok.isEnabled() else "")

    def choice(self) -> tuple[bool, str]:
        """(rotate now, the administrator's password when rotating)."""
        rotate = self.rotate.isChecked()
        return rotate, self.password.text() if rotate else ""
