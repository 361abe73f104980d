"""Small typed inputs for the reunification and employment forms: a coded choice (first entry
"not answered" = None), a date typed as YYYY-MM-DD (empty = None), a whole number, a decimal.

`value()` raises `InputError(code)` when the text cannot be read; the form shows the message.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal, InvalidOperation

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from safehaven.i18n import N_, _
from safehaven.messages import field_error
from safehaven.ui.widgets.dates import date_text

EXTRA_FIELD_ERRORS = {
    "wishes_first": N_("Ask the survivor's wishes (section A) first."),
    "before_start": N_("This date is before the start date."),
}
INPUT_ERRORS = {
    "bad_date": N_("Use the form YYYY-MM-DD, e.g. 2026-03-31."),
    "not_a_number": N_("Enter a whole number."),
    "not_an_amount": N_("Enter an amount such as 15.50."),
}


class InputError(ValueError):
    def __init__(self, code: str, field: str = "") -> None:
        super().__init__(code, field)
        self.code = code
        self.field = field


def input_error_text(code: str) -> str:
    return _(INPUT_ERRORS.get(code, "This value is not valid."))


def problem_text(code: str) -> str:
    """The sentence for a refused field's code (unreadable input, area rule or common rule)."""
    if code in INPUT_ERRORS:
        return input_error_text(code)
    return _(EXTRA_FIELD_ERRORS[code]) if code in EXTRA_FIELD_ERRORS else field_error(code)


def validation_text(errors: dict[str, str], label: Callable[[str], str]) -> str:
    """ "Please check: <field label>: <message>; …" with this area's field labels."""
    parts = [f"{label(name)}: {problem_text(code)}" for name, code in sorted(errors.items())]
    return _("Please check: {fields}").format(fields="; ".join(parts))


class CodeCombo(QComboBox):
    """Choose one code; the first entry stands for "not answered" (None) unless `required`."""

    def __init__(
        self,
        codes: Sequence[str],
        label: Callable[[str | None], str],
        accessible_name: str,
        parent: QWidget | None = None,
        *,
        required: bool = False,
    ) -> None:
        super().__init__(parent)
        if not required:
            self.addItem(label(None), None)
        for code in codes:
            self.addItem(label(code), code)
        self.setAccessibleName(accessible_name)

    def value(self) -> str | None:
        data = self.currentData()
        return None if data is None else str(data)

    def set_value(self, code: str | None) -> None:
        index = self.findData(code)
        self.setCurrentIndex(max(index, 0))


class DateInput(QLineEdit):
    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(_("YYYY-MM-DD"))
        self.setAccessibleName(accessible_name)
        self.setMaximumWidth(140)

    def value(self) -> dt.date | None:
        text = self.text().strip()
        if not text:
            return None
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise InputError("bad_date", self.objectName()) from None

    def set_value(self, value: dt.date | None) -> None:
        self.setText(date_text(value))


class NumberInput(QLineEdit):
    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(accessible_name)
        self.setMaximumWidth(100)

    def value(self) -> int | None:
        text = self.text().strip()
        if not text:
            return None
        try:
            return int(text)
        except ValueError:
            raise InputError("not_a_number", self.objectName()) from None

    def set_value(self, value: int | None) -> None:
        self.setText("" if value is None else str(value))


class AmountInput(QLineEdit):
    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(accessible_name)
        self.setMaximumWidth(120)

    def value(self) -> Decimal | None:
        text = self.text().strip().replace(",", ".")
        if not text:
            return None
        try:
            return Decimal(text)
        except InvalidOperation:
            raise InputError("not_an_amount", self.objectName()) from None

    def set_value(self, value: Decimal | None) -> None:
        self.setText("" if value is None else f"{value:.2f}")


def text_or_none(widget: QLineEdit) -> str | None:
    return widget.text().strip() or None
