"""One editor per profile field: text, date, whole number or a coded choice, with its error label.

Coded choices always offer "Not collected" (None) and, where the code list has them, "Doesn't
know" and "Prefers not to answer".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from safehaven.i18n import _, current_language
from safehaven.services.languages.codes import codes_from_names, display_name
from safehaven.ui.a11y.fields import mark_invalid
from safehaven.ui.cases.labels import NOT_COLLECTED, code_label, country_names, field_label
from safehaven.ui.style import ERROR


class Kind(Enum):
    TEXT = "text"
    DATE = "date"
    NUMBER = "number"
    CHOICE = "choice"  # codes; None = not collected
    YES_NO = "yes_no"
    COUNTRY = "country"
    STAFF = "staff"  # caseworker id; None = unassigned
    LANGUAGES = "languages"  # "es,ar" stored, "Spanish, Arabic" shown in the interface language
    LANGUAGE = "language"  # one language code, shown by name


class FormatError(ValueError):
    """The text cannot be read as this field's type; `code` names the problem."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class FieldSpec:
    name: str
    kind: Kind = Kind.TEXT
    codes: tuple[str, ...] = ()
    restricted: bool = False
    required: bool = False
    placeholder: str = ""


class FieldEditor(QObject):
    """Holds the input widget and its error label for one form row."""

    changed = Signal()

    def __init__(self, spec: FieldSpec, parent: QWidget) -> None:
        super().__init__(parent)
        self.spec = spec
        # Combo values live here, not in item data: PySide6 6.12 on CPython 3.11 drops a reference
        # to None each time an empty QVariant comes back to Python (currentData() of a None item).
        self._values: list[Any] = []
        self._named_in = current_language()  # the language that language names are shown in
        self.input: QLineEdit | QComboBox = self._make_input(parent)
        self.error = QLabel(parent)
        self.error.setStyleSheet(f"color:{ERROR};")
        self.error.setWordWrap(True)
        self.error.setVisible(False)

    def _make_input(self, parent: QWidget) -> QLineEdit | QComboBox:
        if self.spec.kind in (Kind.TEXT, Kind.DATE, Kind.NUMBER, Kind.LANGUAGES, Kind.LANGUAGE):
            line = QLineEdit(parent)
            if self.spec.kind is Kind.DATE:
                line.setPlaceholderText(self.spec.placeholder or _("YYYY-MM-DD"))
            elif self.spec.placeholder:
                line.setPlaceholderText(_(self.spec.placeholder))
            line.textChanged.connect(self.changed)
            return line
        combo = QComboBox(parent)
        # Sized to a short name, not the longest country: the form must fit a laptop at 150 %.
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(12)
        self.input = combo
        if self.spec.kind is not Kind.STAFF and not self.spec.required:
            self._add(_(NOT_COLLECTED), None)
        if self.spec.kind is Kind.CHOICE:
            for code in self.spec.codes:
                self._add(code_label(code), code)
        elif self.spec.kind is Kind.YES_NO:
            self._add(_("Yes"), True)
            self._add(_("No"), False)
        elif self.spec.kind is Kind.COUNTRY:
            for code, name in country_names():
                self._add(f"{name} ({code})", code)
        combo.currentIndexChanged.connect(self.changed)
        return combo

    def _add(self, label: str, value: Any) -> None:
        assert isinstance(self.input, QComboBox)  # noqa: S101 - narrows a type; never guards a permission
        if value is None or isinstance(value, bool):
            self.input.addItem(label)
        else:
            self.input.addItem(label, value)
        self._values.append(value)

    def _find(self, value: Any) -> int:
        for number, known in enumerate(self._values):
            if known == value and type(known) is type(value):
                return number
        return -1

    def set_staff(self, choices: list[tuple[int, str]]) -> None:
        assert isinstance(self.input, QComboBox)  # noqa: S101 - narrows a type; never guards a permission
        self.input.clear()
        self._values.clear()
        self._add(_("Unassigned"), None)
        for staff_id, name in choices:
            self._add(name, staff_id)

    def set_value(self, value: Any) -> None:
        box = self.input
        if isinstance(box, QLineEdit) and self.spec.kind in (Kind.LANGUAGES, Kind.LANGUAGE):
            box.setText(_language_names(value or ""))
            return
        if isinstance(box, QLineEdit):
            box.setText("" if value is None else str(value))
            return
        found = self._find(value)
        if found < 0:  # a code this build does not list: keep it visible, not lost
            self._add(str(value), value)
            found = box.count() - 1
        box.setCurrentIndex(found)

    def value(self) -> Any:
        """The typed value; raises FormatError when the text cannot be read."""
        box = self.input
        if isinstance(box, QComboBox):
            number = box.currentIndex()
            return self._values[number] if 0 <= number < len(self._values) else None
        text = box.text().strip()
        if not text:
            return "" if self.spec.required else None
        if self.spec.kind is Kind.DATE:
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                raise FormatError("bad_date") from None
        if self.spec.kind is Kind.NUMBER:
            if not text.isdigit():
                raise FormatError("not_a_number")
            return int(text)
        if self.spec.kind in (Kind.LANGUAGES, Kind.LANGUAGE):
            return self._language_codes(text, current_language())
        return box.text()

    def _language_codes(self, text: str, in_language: str) -> str | None:
        try:
            codes = codes_from_names(text, in_language)
        except ValueError:
            raise FormatError("unknown_language") from None
        if self.spec.kind is Kind.LANGUAGE and len(codes) > 1:
            raise FormatError("one_language")
        return ",".join(codes) or None

    def show_error(self, message: str, *, keep_room: bool = True) -> None:
        """Show `message` under the field, naming the field, and mark the field invalid. Once
        shown, the line keeps its room while the user edits (a message coming and going as they
        type must not make the rows below bounce); `keep_room=False` gives the room back."""
        named = _("{field}: {problem}").format(field=field_label(self.spec.name), problem=message)
        self.error.setText(named if message else "")
        self.error.setVisible(bool(message) or (keep_room and not self.error.isHidden()))
        mark_invalid(self.input, message)

    def clear(self) -> None:
        box = self.input
        if isinstance(box, QLineEdit):
            box.clear()
        else:
            box.setCurrentIndex(0)
        self.show_error("", keep_room=False)

    def retranslate(self) -> None:
        """Word the choices again in the current language (staff names stay as they are)."""
        box = self.input
        if self.spec.kind in (Kind.LANGUAGES, Kind.LANGUAGE):
            self._rename_languages()
        if not isinstance(box, QComboBox):
            if self.spec.kind is Kind.DATE:
                box.setPlaceholderText(_("YYYY-MM-DD"))
            elif self.spec.placeholder:
                box.setPlaceholderText(_(self.spec.placeholder))
            return
        countries = dict(country_names()) if self.spec.kind is Kind.COUNTRY else {}
        for number, value in enumerate(self._values):
            if value is None:
                none = _("Unassigned") if self.spec.kind is Kind.STAFF else _(NOT_COLLECTED)
                box.setItemText(number, none)
            elif isinstance(value, bool):
                box.setItemText(number, _("Yes") if value else _("No"))
            elif self.spec.kind is Kind.CHOICE:
                box.setItemText(number, code_label(value))
            elif value in countries:
                box.setItemText(number, f"{countries[value]} ({value})")

    def _rename_languages(self) -> None:
        """Show the names typed or shown in the previous interface language in the new one."""
        assert isinstance(self.input, QLineEdit)  # noqa: S101 - narrows a type; never guards a permission
        before, self._named_in = self._named_in, current_language()
        if before == self._named_in or not self.input.text().strip():
            return
        try:
            codes = self._language_codes(self.input.text(), before)
        except FormatError:
            return  # not readable yet: leave what the person typed alone
        self.input.setText(_language_names(codes or ""))

    def set_editable(self, editable: bool) -> None:
        if isinstance(self.input, QLineEdit):
            self.input.setReadOnly(not editable)
        else:
            self.input.setEnabled(editable)


def _language_names(codes: str) -> str:
    """ "es,ar" -> "Spanish, Arabic" in the interface language."""
    language = current_language()
    return ", ".join(display_name(code, language) for code in codes.split(",") if code)
