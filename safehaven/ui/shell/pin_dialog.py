"""Choose a quick-unlock PIN (typed twice), checked as you type."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from safehaven.i18n import _
from safehaven.services.accounts.quick_unlock import PIN_MAX, PIN_MIN
from safehaven.ui.a11y.fields import name_fields_by_labels
from safehaven.ui.widgets.banner import Banner, gate_ok
from safehaven.ui.widgets.message_line import message_slot


class PinDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Quick-unlock PIN"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            _(
                "Choose a PIN of 4 to 12 characters. After an automatic lock you can continue with "
                "it; three wrong PINs turn quick unlock off."
            ),
            self,
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        self.pin, self.repeat = QLineEdit(self), QLineEdit(self)
        for edit, label, name in (
            (self.pin, _("&PIN"), _("Quick-unlock PIN")),
            (self.repeat, _("&Repeat it"), _("Repeat the PIN")),
        ):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setMaxLength(PIN_MAX)
            edit.setAccessibleName(name)
            edit.textChanged.connect(self._update)
            form.addRow(label, edit)
        self.problem = Banner("info", self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(intro)
        layout.addWidget(message_slot(self, self.problem))
        layout.insertLayout(1, form)
        layout.addWidget(self.buttons)
        name_fields_by_labels(self)
        self._update()

    def blocking_reason(self) -> str:
        pin = self.pin.text()
        if len(pin) < PIN_MIN or any(ch.isspace() for ch in pin):
            return _("Use 4 to 12 characters without spaces.")
        if self.repeat.text() != pin:
            return _("The two PINs are not the same.")
        return ""

    def _update(self) -> None:
        gate_ok(self.buttons, self.problem, self.blocking_reason())
