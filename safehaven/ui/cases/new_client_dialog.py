"""Quick registration: a chosen name (or an alias) is all that is needed; the rest can wait."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
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
from safehaven.services.cases.clients import ClientDraft, register_client, validate_draft
from safehaven.services.errors import ValidationFailed
from safehaven.ui.a11y.fields import name_fields_by_labels
from safehaven.ui.cases.labels import FORM_ERRORS
from safehaven.ui.context import UiContext
from safehaven.ui.messages import field_error
from safehaven.ui.style import ERROR, MUTED
from safehaven.ui.widgets.message_line import reserve_line


class NewClientDialog(QDialog):
    registered = Signal(int)  # the new client's id

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.client_id: int | None = None
        self._saving = False
        self._discarded = False
        self._build_ui()
        self._connect_signals()
        self._validate()

    def _build_ui(self) -> None:
        self.setWindowTitle(_("New client"))
        self.chosen_name = QLineEdit(self)
        self.chosen_name.setAccessibleName(_("Chosen name or alias"))
        self.chosen_name.setPlaceholderText(_("The name the person wants to be called"))
        self.other_names = QLineEdit(self)
        self.other_names.setAccessibleName(_("Other names"))
        self.pronouns = QLineEdit(self)
        self.pronouns.setAccessibleName(_("Pronouns"))
        self.intake_date = QLineEdit(self)
        self.intake_date.setAccessibleName(_("Intake date"))
        self.intake_date.setPlaceholderText(_("Today if left empty (YYYY-MM-DD)"))
        self.name_error = _error_label(self)
        self.date_error = _error_label(self)
        form = QFormLayout()
        form.addRow(_("&Chosen name or alias *"), self.chosen_name)
        form.addRow("", self.name_error)
        form.addRow(_("&Other names"), self.other_names)
        form.addRow(_("&Pronouns"), self.pronouns)
        form.addRow(_("&Intake date"), self.intake_date)
        form.addRow("", self.date_error)
        hint = QLabel(_("Only a chosen name or alias is needed now; add the rest later."), self)
        hint.setWordWrap(True)
        hint.setStyleSheet(f"color:{MUTED};")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_reason = QLabel(self)
        self.save_reason.setWordWrap(True)
        self.save_reason.setStyleSheet(f"color:{MUTED};")
        reserve_line(self.save_reason)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(self.save_reason)
        layout.addWidget(self.buttons)
        name_fields_by_labels(self)
        self.setMinimumWidth(440)

    def _connect_signals(self) -> None:
        for field in (self.chosen_name, self.other_names, self.pronouns, self.intake_date):
            field.textChanged.connect(self._validate)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

    def draft(self) -> tuple[ClientDraft, dict[str, str]]:
        errors: dict[str, str] = {}
        intake: dt.date | None = None
        text = self.intake_date.text().strip()
        if text:
            try:
                intake = dt.date.fromisoformat(text)
            except ValueError:
                errors["intake_date"] = "bad_date"
        draft = ClientDraft(
            chosen_name=self.chosen_name.text(),
            other_names=self.other_names.text() or None,
            pronouns=self.pronouns.text() or None,
            intake_date=intake,
        )
        if intake is not None and intake > dt.date.today():
            errors["intake_date"] = "out_of_range"
        return draft, {**validate_draft(draft), **errors}

    def _validate(self) -> dict[str, str]:
        _draft, errors = self.draft()
        untouched = not self.chosen_name.isModified()  # no red "required" before any typing
        shown = None if untouched else errors.get("chosen_name")
        self.name_error.setText(_message(shown))
        self.date_error.setText(_message(errors.get("intake_date")))
        if "chosen_name" in errors and not self.chosen_name.text().strip():
            reason = _("Enter a chosen name or alias to save.")
        elif errors:
            reason = _("Correct the fields marked in red to save.")
        else:
            reason = ""
        self.save_reason.setText(reason)
        self.save_button.setToolTip(reason)
        self.save_button.setEnabled(not errors and not self._saving)
        return errors

    def save(self) -> None:
        draft, errors = self.draft()
        if errors or self._saving:
            self._validate()
            return
        self._saving = True
        self.save_button.setEnabled(False)
        self.ctx.call(
            lambda s: register_client(s, actor=self.ctx.actor, draft=draft).id,
            where=self.save_reason,
            on_done=self._on_saved,
            on_failed=self._on_failed,
            writes=True,
        )

    def discard(self) -> None:
        """Forget what was typed and close (on lock); a save on its way is ignored."""
        self._discarded = True
        for field in (self.chosen_name, self.other_names, self.pronouns, self.intake_date):
            field.clear()
        self.reject()

    def _on_saved(self, client_id: int) -> None:
        self._saving = False
        if self._discarded:
            return
        self.client_id = client_id
        self.registered.emit(client_id)
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self._saving = False
        if isinstance(exc, ValidationFailed):
            self.name_error.setText(_message(exc.errors.get("chosen_name")))
        self.save_button.setEnabled(True)


def _error_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setStyleSheet(f"color:{ERROR};")
    label.setWordWrap(True)
    return reserve_line(label)


def _message(code: str | None) -> str:
    if code is None:
        return ""
    if code in FORM_ERRORS:
        return _(FORM_ERRORS[code])
    return field_error(code)
