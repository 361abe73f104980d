"""A dialog with a form, an error line and OK/Cancel; OK checks the fields first."""

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

from safehaven.ui.style import ERROR
from safehaven.ui.widgets.form_inputs import InputError, input_error_text
from safehaven.ui.widgets.message_line import reserve_line


class FormDialog(QDialog):
    """Subclasses add rows to `form` and override `validate`; a field that cannot be read
    raises InputError, which is shown in the error line and keeps the dialog open."""

    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.error = QLabel(self)
        self.error.setStyleSheet(f"color:{ERROR}")
        self.error.setWordWrap(True)
        reserve_line(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._on_accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def add(self, label: str, widget: QWidget) -> QWidget:
        """Add a labelled row; the label doubles as the accessible name unless one is set."""
        if not widget.accessibleName():
            widget.setAccessibleName(label)
        self.form.addRow(label, widget)
        return widget

    def line(self, label: str) -> QLineEdit:
        edit = QLineEdit(self)
        self.add(label, edit)
        return edit

    def validate(self) -> None:
        """Read every field once; raises InputError."""

    def _on_accept(self) -> None:
        try:
            self.validate()
        except InputError as exc:
            self.error.setText(input_error_text(exc.code))
            return
        self.accept()
