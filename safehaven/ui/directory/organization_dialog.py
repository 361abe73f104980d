"""Add or edit a directory entry; checked as you type, the Save button says why it is disabled."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from safehaven.i18n import N_, _
from safehaven.models.directory import ORG_TYPES, SCOPES, split_codes
from safehaven.models.referral import SERVICE_TYPES
from safehaven.services.directory.directory import (
    OrganizationDraft,
    OrganizationRow,
    validate_organization,
)
from safehaven.services.referrals.labels import (
    IMPORT_ERRORS,
    ORG_TYPE_LABELS,
    SCOPE_LABELS,
    SERVICE_LABELS,
)
from safehaven.ui.a11y.fields import enable_with_reason, focus_first_invalid, mark_fields
from safehaven.ui.widgets.banner import Banner
from safehaven.ui.widgets.form_inputs import CodeCombo, DateInput, InputError, input_error_text
from safehaven.ui.widgets.message_line import message_slot
from safehaven.ui.widgets.window_size import fit_to_screen

_TEXT_FIELDS = (
    ("name", N_("Name")),
    ("address", N_("Address")),
    ("city", N_("City")),
    ("state", N_("State or region")),
    ("country", N_("Country code")),
    ("phone", N_("Phone")),
    ("email", N_("Email")),
    ("website", N_("Website")),
    ("hours", N_("Opening hours")),
    ("contact_name", N_("Contact person")),
    ("contact_email", N_("Contact email")),
    ("contact_phone", N_("Contact phone")),
)


def field_title(name: str) -> str:
    return _(dict(_TEXT_FIELDS).get(name, FIELD_EXTRA.get(name, name)))


FIELD_EXTRA = {
    "org_type": N_("Type"),
    "scope": N_("Scope"),
    "services": N_("Services offered"),
    "languages": N_("Languages"),
    "eligibility": N_("Eligibility"),
    "notes": N_("Notes"),
    "agreement_date": N_("Agreement date"),
    "last_verified": N_("Last verified"),
}


class OrganizationDialog(QDialog):
    """`draft()` is the edited entry after `exec()` returns Accepted."""

    def __init__(
        self,
        row: OrganizationRow | None = None,
        parent: QWidget | None = None,
        *,
        read_only: bool = False,
    ) -> None:
        super().__init__(parent)
        self._read_only = read_only
        self._touched = False  # no red "required" before the user edits a field or saves
        self._build_ui()
        self._connect_signals()
        self._load(row or OrganizationRow())
        self._touched = False
        self._validate()

    def _build_ui(self) -> None:
        self.setWindowTitle(_("Directory entry"))
        fit_to_screen(self, "organization", QSize(560, 720))
        outer = QVBoxLayout(self)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        body = QWidget(scroll)
        form = QFormLayout(body)
        self.inputs: dict[str, QLineEdit] = {}
        self._add_texts(form, body, _TEXT_FIELDS[:1])
        self.org_type = CodeCombo(ORG_TYPES, _type_label, _("Type"), body, required=True)
        self.scope = CodeCombo(SCOPES, _scope_label, _("Scope"), body, required=True)
        form.addRow(_("Type"), self.org_type)
        form.addRow(_("Scope"), self.scope)
        self._add_texts(form, body, _TEXT_FIELDS[1:])
        self._add_details(form, body)
        self.fields: dict[str, QWidget] = {  # in form order
            "name": self.inputs["name"],
            "org_type": self.org_type,
            "scope": self.scope,
            **self.inputs,
            "services": self.services,
            "languages": self.languages,
            "eligibility": self.eligibility,
            "agreement_date": self.agreement_date,
            "last_verified": self.last_verified,
            "notes": self.notes,
        }
        for name, field in self.fields.items():
            field.setObjectName(name)  # a date that cannot be read names its field
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        self.error = Banner("error", self)
        outer.addWidget(message_slot(self, self.error))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        outer.addWidget(self.buttons)
        if self._read_only:
            body.setEnabled(False)
            self.save_button.setVisible(False)

    def _add_texts(
        self, form: QFormLayout, body: QWidget, specs: tuple[tuple[str, str], ...]
    ) -> None:
        for name, title in specs:
            edit = QLineEdit(body)
            edit.setAccessibleName(_(title))
            self.inputs[name] = edit
            form.addRow(_(title), edit)

    def _add_details(self, form: QFormLayout, body: QWidget) -> None:
        self.services = QListWidget(body)
        self.services.setTabKeyNavigation(False)  # Tab leaves; arrows move inside
        self.services.setAccessibleName(_("Services offered"))
        for code in SERVICE_TYPES:
            item = QListWidgetItem(_(SERVICE_LABELS[code]), self.services)
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.services.setMaximumHeight(150)
        form.addRow(_("Services offered"), self.services)
        self.languages = QLineEdit(body)
        self.languages.setPlaceholderText(_("Language codes, e.g. en, es, vi"))
        self.languages.setAccessibleName(_("Languages"))
        form.addRow(_("Languages"), self.languages)
        self.eligibility = QPlainTextEdit(body)
        self.eligibility.setAccessibleName(_("Eligibility"))
        self.eligibility.setMaximumHeight(60)
        form.addRow(_("Eligibility"), self.eligibility)
        self.trafficking = QCheckBox(
            _("Serves trafficking survivors (trafficking-competent)"), body
        )
        self.agreement = QCheckBox(_("Referral agreement on file"), body)
        self.agreement_date = DateInput(_("Agreement date"), body)
        self.last_verified = DateInput(_("Last verified"), body)
        self.verify_flag = QCheckBox(_("Verify before use"), body)
        form.addRow("", self.trafficking)
        form.addRow("", self.agreement)
        form.addRow(_("Agreement date"), self.agreement_date)
        form.addRow(_("Last verified"), self.last_verified)
        form.addRow("", self.verify_flag)
        self.notes = QPlainTextEdit(body)
        self.notes.setAccessibleName(_("Notes"))
        self.notes.setMaximumHeight(70)
        form.addRow(_("Notes"), self.notes)

    def _connect_signals(self) -> None:
        self.buttons.accepted.connect(self._on_save_pressed)
        self.buttons.rejected.connect(self.reject)
        for edit in (
            *self.inputs.values(),
            self.languages,
            self.agreement_date,
            self.last_verified,
        ):
            edit.textChanged.connect(self._on_edited)
        self.services.itemChanged.connect(self._on_edited)
        self.org_type.currentIndexChanged.connect(self._on_edited)
        self.scope.currentIndexChanged.connect(self._on_edited)

    def _load(self, row: OrganizationRow) -> None:
        for name, edit in self.inputs.items():
            edit.setText(getattr(row, name) or "")
        self.org_type.set_value(row.org_type)
        self.scope.set_value(row.scope)
        for i in range(self.services.count()):
            item = self.services.item(i)
            checked = item.data(Qt.ItemDataRole.UserRole) in row.services
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.languages.setText(", ".join(row.languages))
        self.eligibility.setPlainText(row.eligibility or "")
        self.notes.setPlainText(row.notes or "")
        self.trafficking.setChecked(bool(row.trafficking_competent))
        self.agreement.setChecked(row.agreement_on_file)
        self.agreement_date.set_value(row.agreement_date)
        self.last_verified.set_value(row.last_verified)
        self.verify_flag.setChecked(row.verify_before_use)

    def draft(self) -> OrganizationDraft:
        """The entry as typed; raises InputError for an unreadable date."""
        services = tuple(
            str(self.services.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.services.count())
            if self.services.item(i).checkState() == Qt.CheckState.Checked
        )
        texts: dict[str, Any] = {name: edit.text() for name, edit in self.inputs.items()}
        return replace(
            OrganizationDraft(**texts),
            org_type=self.org_type.value() or "ngo",
            scope=self.scope.value() or "local",
            services=services,
            languages=split_codes(self.languages.text()),
            eligibility=self.eligibility.toPlainText(),
            notes=self.notes.toPlainText(),
            trafficking_competent=self.trafficking.isChecked() or None,
            agreement_on_file=self.agreement.isChecked(),
            agreement_date=self.agreement_date.value(),
            last_verified=self.last_verified.value(),
            verify_before_use=self.verify_flag.isChecked(),
        )

    def _on_edited(self, *_args: object) -> None:
        self._touched = True
        self._validate()

    def _on_save_pressed(self) -> None:
        self._touched = True
        if self._validate():
            self.accept()
        else:
            focus_first_invalid(self.fields.values())

    def _validate(self) -> bool:
        """Check the entry; True when it can be saved. Problems show once the user has edited a
        field or pressed Save (until then Save stays enabled and pressing it shows them): every
        refused field is marked and named in the error line, and Save says why it is off."""
        try:
            errors = validate_organization(self.draft(), today=dt.date.today())
            problems = {name: _(IMPORT_ERRORS.get(code, code)) for name, code in errors.items()}
        except InputError as exc:
            problems = {exc.field: input_error_text(exc.code)}
        if not self._touched:
            problems = {}
        mark_fields(self.fields, problems)
        summary = "; ".join(
            _("{field}: {problem}").format(field=field_title(name), problem=problem)
            for name, problem in sorted(problems.items())
        )
        if summary:
            self.error.show_message(summary)
        else:
            self.error.clear_message()
        enable_with_reason(self.save_button, summary)
        return not summary

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter while Save is off takes the keyboard to the first field to correct."""
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and not self.save_button.isEnabled() and focus_first_invalid(self.fields.values()):
            return
        super().keyPressEvent(event)


def _type_label(code: str | None) -> str:
    return _(ORG_TYPE_LABELS.get(code or "", code or ""))


def _scope_label(code: str | None) -> str:
    return _(SCOPE_LABELS.get(code or "", code or ""))


def error_list_text(errors: list[tuple[int, str, str]]) -> str:
    """`Row 3, scope: Unknown code.` lines for the import error list."""
    lines = []
    for row, column, code in errors:
        problem = _(IMPORT_ERRORS.get(code, code))
        if row == 0:
            lines.append(problem)
        elif column:
            lines.append(
                _("Row {row}, column {column}: {problem}").format(
                    row=row, column=column, problem=problem
                )
            )
        else:
            lines.append(_("Row {row}: {problem}").format(row=row, problem=problem))
    return "\n".join(lines)
