"""A dialog with a form, an error line and OK/Cancel; OK checks the fields first.

A field added with a `field` name (the draft's field, as the rules and services name it) is
marked when a check refuses it: a red frame, the problem in its accessible description, its
label in the error line, and the keyboard focus on the first such field.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from safehaven.ui.a11y.announce import announce
from safehaven.ui.a11y.fields import focus_first_invalid, mark_fields, spoken
from safehaven.ui.style import ERROR
from safehaven.ui.widgets.form_inputs import InputError, problem_text, validation_text
from safehaven.ui.widgets.message_line import reserve_line


class FormDialog(QDialog):
    """Subclasses add rows to `form` and override `validate`, which returns the refused fields
    (name → code) or raises InputError for a field that cannot be read; either keeps the
    dialog open with the fields marked."""

    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.fields: dict[str, QWidget] = {}  # in form order: the focus goes to the first
        self._labels: dict[str, str] = {}
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

    def add(self, label: str, widget: QWidget, field: str = "") -> QWidget:
        """Add a labelled row; the label doubles as the accessible name unless one is set.
        With `field`, the row is marked when that field is refused."""
        if not widget.accessibleName():
            widget.setAccessibleName(label)
        self.form.addRow(label, widget)
        if field:
            widget.setObjectName(field)  # the inputs raise InputError with it
            self.fields[field] = widget
            self._labels[field] = spoken(label)
        return widget

    def line(self, label: str, field: str = "") -> QLineEdit:
        edit = QLineEdit(self)
        self.add(label, edit, field)
        return edit

    def validate(self) -> Mapping[str, str]:
        """Read every field once: the refused ones (name → code); raises InputError."""
        return {}

    def show_problems(self, errors: Mapping[str, str]) -> None:
        """Mark the refused fields (clear the others), name them in the error line and move the
        focus to the first one."""
        mark_fields(self.fields, {name: problem_text(code) for name, code in errors.items()})
        text = validation_text(dict(errors), lambda n: self._labels.get(n, n)) if errors else ""
        self.error.setText(text)
        if text:
            announce(self.error, text)
            focus_first_invalid(self.fields.values())

    def _on_accept(self) -> None:
        try:
            errors = self.validate()
        except InputError as exc:
            errors = {exc.field: exc.code}
        self.show_problems(errors)
        if not errors:
            self.accept()
