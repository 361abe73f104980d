"""Create or edit a referral; checked as you type. Also the small dialogs of the status actions
(decline with a reason, withdraw with an outcome, supervisor override with a written reason)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDateTime, QSize, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from safehaven.i18n import N_, _
from safehaven.models.referral import (
    DECLINE_REASONS,
    OUTCOMES,
    REASONS,
    SERVICE_TYPES,
    TIMEFRAMES,
    URGENCIES,
)
from safehaven.services.directory.directory import OrganizationRow
from safehaven.services.referrals.consent_gate import MIN_OVERRIDE_REASON
from safehaven.services.referrals.labels import (
    DECLINE_LABELS,
    IMPORT_ERRORS,
    OUTCOME_LABELS,
    REASON_LABELS,
    SERVICE_LABELS,
    TIMEFRAME_LABELS,
    URGENCY_LABELS,
)
from safehaven.services.referrals.referrals import ReferralDraft, ReferralRow, validate_referral
from safehaven.ui.a11y.fields import (
    enable_with_reason,
    focus_first_invalid,
    label_field,
    mark_fields,
    name_fields_by_labels,
)
from safehaven.ui.context import UiContext
from safehaven.ui.referrals.consent_notice import ConsentNotice
from safehaven.ui.widgets.banner import Banner
from safehaven.ui.widgets.dates import iso_editor
from safehaven.ui.widgets.form_inputs import CodeCombo, DateInput, InputError, input_error_text
from safehaven.ui.widgets.message_line import message_slot
from safehaven.ui.widgets.window_size import fit_to_screen

FIELD_TITLES = {
    "organization_id": N_("Organization"),
    "service_type": N_("Service"),
    "reason": N_("Reason"),
    "reason_detail": N_("Details of the reason"),
    "urgency": N_("Urgency"),
    "timeframe": N_("Respond within"),
    "appointment_at": N_("Appointment"),
    "appointment_location": N_("Appointment place"),
    "notes_to_org": N_("Notes to the organization"),
    "follow_up_due": N_("Follow up on"),
}


def labeller(mapping: dict[str, str], empty: str = N_("Not set")) -> Callable[[str | None], str]:
    def label(code: str | None) -> str:
        return _(empty) if code is None else _(mapping.get(code, code))

    return label


class ReferralDialog(QDialog):
    def __init__(
        self,
        organizations: list[OrganizationRow],
        row: ReferralRow | None = None,
        parent: QWidget | None = None,
        *,
        ctx: UiContext | None = None,
        client_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self._organizations = organizations
        self._locked = row is not None and row.status != "draft"
        self.consent: ConsentNotice | None = None
        if ctx is not None and client_id is not None:
            self.consent = ConsentNotice(ctx, client_id, self)
        self._build_ui()
        self._connect_signals()
        if row is not None:
            self._load(row)
        self._validate()
        self._check_consent()

    def _build_ui(self) -> None:
        self.setWindowTitle(_("Referral"))
        fit_to_screen(self, "referral", QSize(520, 560))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self._make_inputs()
        rows = (
            (N_("Organization"), self.organization),
            (N_("Service"), self.service),
            (N_("Reason"), self.reason),
            (N_("Details of the reason"), self.reason_detail),
            (N_("Urgency"), self.urgency),
            (N_("Respond within"), self.timeframe),
            ("", self.has_appointment),
            (N_("Appointment"), self.appointment),
            (N_("Appointment place"), self.location),
            (N_("Notes to the organization"), self.notes),
            (N_("Follow up on"), self.follow_up),
        )
        for title, widget in rows:
            form.addRow(_(title) if title else "", widget)
            if widget is self.service and self.consent is not None:
                form.addRow("", self.consent)  # right under what it is about
        layout.addLayout(form)
        layout.addStretch(1)
        name_fields_by_labels(self)
        hint = QLabel(
            _("Notes are printed on the letter: write only what the survivor agreed to share."),
            self,
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.error = Banner("error", self)
        layout.addWidget(message_slot(self, self.error))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        layout.addWidget(self.buttons)
        self.organization.setEnabled(not self._locked)
        self.service.setEnabled(not self._locked)

    def _make_inputs(self) -> None:
        self.organization = QComboBox(self)
        self.organization.setAccessibleName(_("Organization"))
        self.organization.addItem(_("Not chosen yet"), None)
        for org in self._organizations:
            mark = " ⚠" if org.stale or org.verify_before_use else ""
            self.organization.addItem(f"{org.display_name}{mark}", org.id)
        self.service = CodeCombo(
            SERVICE_TYPES, labeller(SERVICE_LABELS, N_("Choose a service")), _("Service"), self
        )
        self.reason = CodeCombo(REASONS, labeller(REASON_LABELS), _("Reason"), self, required=True)
        self.reason_detail = QLineEdit(self)
        self.reason_detail.setAccessibleName(_("Details of the reason"))
        self.urgency = CodeCombo(
            URGENCIES, labeller(URGENCY_LABELS), _("Urgency"), self, required=True
        )
        self.urgency.set_value("medium")
        self.timeframe = CodeCombo(
            tuple(TIMEFRAMES), labeller(TIMEFRAME_LABELS), _("Respond within"), self
        )
        self.has_appointment = QCheckBox(_("An appointment is booked"), self)
        self.appointment = QDateTimeEdit(self)
        self.appointment.setCalendarPopup(True)
        iso_editor(self.appointment)
        self.appointment.setAccessibleName(_("Appointment date and time"))
        self.appointment.setDateTime(QDateTime.currentDateTime().addDays(1))
        self.appointment.setEnabled(False)
        self.location = QLineEdit(self)
        self.location.setAccessibleName(_("Appointment place"))
        self.notes = QPlainTextEdit(self)
        self.notes.setAccessibleName(_("Notes to the organization"))
        self.notes.setMaximumHeight(90)
        self.follow_up = DateInput(_("Follow up on"), self)
        self.fields: dict[str, QWidget] = {  # in form order: the focus goes to the first
            "organization_id": self.organization,
            "service_type": self.service,
            "reason": self.reason,
            "reason_detail": self.reason_detail,
            "urgency": self.urgency,
            "timeframe": self.timeframe,
            "appointment_at": self.appointment,
            "appointment_location": self.location,
            "notes_to_org": self.notes,
            "follow_up_due": self.follow_up,
        }

    def _connect_signals(self) -> None:
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.has_appointment.toggled.connect(self.appointment.setEnabled)
        for combo in (self.organization, self.service, self.reason, self.urgency, self.timeframe):
            combo.currentIndexChanged.connect(self._validate)
        for edit in (self.reason_detail, self.location, self.follow_up):
            edit.textChanged.connect(self._validate)
        self.notes.textChanged.connect(self._validate)
        for combo in (self.organization, self.service):
            combo.currentIndexChanged.connect(lambda _i: self._check_consent())

    def _check_consent(self) -> None:
        """Say at once whether consent covers the chosen organization (and service)."""
        if self.consent is None:
            return
        org = self.organization.currentData()
        self.consent.check(int(org) if org is not None else None, self.service.value() or "")

    def _load(self, row: ReferralRow) -> None:
        self.organization.setCurrentIndex(max(self.organization.findData(row.organization_id), 0))
        self.service.set_value(row.service_type)
        self.reason.set_value(row.reason)
        self.reason_detail.setText(row.reason_detail or "")
        self.urgency.set_value(row.urgency)
        self.timeframe.set_value(row.timeframe)
        if row.appointment_at is not None:
            self.has_appointment.setChecked(True)
            self.appointment.setDateTime(
                QDateTime.fromSecsSinceEpoch(int(row.appointment_at.timestamp()))
            )
        self.location.setText(row.appointment_location or "")
        self.notes.setPlainText(row.notes_to_org or "")
        self.follow_up.set_value(row.follow_up_due)

    def draft(self) -> ReferralDraft:
        appointment = None
        if self.has_appointment.isChecked():
            local = self.appointment.dateTime().toPython()
            appointment = local.astimezone(dt.UTC) if isinstance(local, dt.datetime) else None
        org = self.organization.currentData()
        return ReferralDraft(
            organization_id=int(org) if org is not None else None,
            service_type=self.service.value() or "",
            reason=self.reason.value() or "additional_services",
            reason_detail=self.reason_detail.text(),
            urgency=self.urgency.value() or "medium",
            timeframe=self.timeframe.value(),
            appointment_at=appointment,
            appointment_location=self.location.text(),
            notes_to_org=self.notes.toPlainText(),
            follow_up_due=self.follow_up.value(),
        )

    def _validate(self) -> None:
        """Mark every refused field, name them all in the error line; Save says why it is off."""
        try:
            errors = validate_referral(self.draft())
            problems = {name: _(IMPORT_ERRORS.get(code, code)) for name, code in errors.items()}
        except InputError as exc:
            problems = {"follow_up_due": input_error_text(exc.code)}  # the one typed date
        mark_fields(self.fields, problems)
        summary = "; ".join(
            _("{field}: {problem}").format(field=_(FIELD_TITLES.get(name, name)), problem=problem)
            for name, problem in sorted(problems.items())
        )
        if summary:
            self._refuse(summary)
            return
        self.error.clear_message()
        enable_with_reason(self.save_button, "")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter while Save is off takes the keyboard to the first field to correct."""
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and not self.save_button.isEnabled() and focus_first_invalid(self.fields.values()):
            return
        super().keyPressEvent(event)

    def reject(self) -> None:
        if self.consent is not None:  # also on lock: nothing about the survivor stays
            self.consent.clear()
        super().reject()

    def _refuse(self, message: str) -> None:
        self.error.show_message(message)
        enable_with_reason(self.save_button, message)


class ChoiceDialog(QDialog):
    """Pick a coded reason (decline reason or outcome), with an optional note."""

    def __init__(
        self,
        title: str,
        codes: tuple[str, ...],
        labels: dict[str, str],
        parent: QWidget | None = None,
        *,
        optional: bool = False,
        with_note: bool = True,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QFormLayout(self)
        empty = N_("No outcome (just stop the referral)") if optional else N_("Choose")
        self.choice = CodeCombo(codes, labeller(labels, empty), title, self, required=False)
        layout.addRow(title, self.choice)
        self.note = QLineEdit(self)
        self.note.setAccessibleName(_("Note"))
        if with_note:
            layout.addRow(_("Note"), self.note)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addRow(self.buttons)
        if not optional:
            self.choice.currentIndexChanged.connect(
                lambda _i: self.ok_button.setEnabled(self.choice.value() is not None)
            )
            self.ok_button.setEnabled(False)


def decline_dialog(parent: QWidget | None) -> ChoiceDialog:
    return ChoiceDialog(_("Reason for declining"), DECLINE_REASONS, DECLINE_LABELS, parent)


def withdraw_dialog(parent: QWidget | None, *, draft: bool) -> ChoiceDialog:
    codes = OUTCOMES if draft else ()
    return ChoiceDialog(
        _("Withdraw the referral"), codes, OUTCOME_LABELS, parent, optional=True, with_note=False
    )


class OverrideDialog(QDialog):
    """A supervisor shares without consent in force: a written reason (audited) is required."""

    def __init__(self, problem: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Override consent"))
        layout = QVBoxLayout(self)
        explanation = _(
            "As a supervisor you may go ahead anyway. Write why; the reason and your name are "
            "kept in the audit trail. No client details are printed without consent."
        )
        text = QLabel(problem + "\n\n" + explanation, self)
        text.setWordWrap(True)
        layout.addWidget(text)
        self.reason = QPlainTextEdit(self)
        self.reason.setMaximumHeight(90)
        reason_label = QLabel(self)
        label_field(reason_label, self.reason, _("Reason for the override"))
        layout.addWidget(reason_label)
        layout.addWidget(self.reason)
        self.hint = Banner("info", self)
        layout.addWidget(message_slot(self, self.hint))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_("Override and continue"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.reason.textChanged.connect(self._check)
        self._check()

    def reason_text(self) -> str:
        return self.reason.toPlainText().strip()

    def _check(self) -> None:
        ok = len(self.reason_text()) >= MIN_OVERRIDE_REASON
        self.ok_button.setEnabled(ok)
        self.hint.show_message(
            "" if ok else _("Write at least {n} characters.").format(n=MIN_OVERRIDE_REASON)
        )
