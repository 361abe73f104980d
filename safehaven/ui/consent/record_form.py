"""Recording a consent decision: the form of the Consent tab, and the same form as a dialog
opened from a referral or a letter, pre-filled with the organization and the service.

The form records through `consent.record_consent` (the date and the staff member are recorded)
and emits `recorded(ConsentRow)`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from safehaven.i18n import _
from safehaven.models.consent import PURPOSES
from safehaven.models.permissions import Permission
from safehaven.models.referral import LETTER_FIELDS, SERVICE_TYPES
from safehaven.services.consent import consent as consent_service
from safehaven.services.consent.consent import ConsentRow
from safehaven.services.directory.directory import search_organizations
from safehaven.services.referrals.labels import FIELD_LABELS, SERVICE_LABELS
from safehaven.ui.a11y.fields import label_field
from safehaven.ui.consent.labels import PURPOSES as PURPOSE_LABELS
from safehaven.ui.context import UiContext, failure_text, present
from safehaven.ui.languages.consent_explanation import ConsentExplanation
from safehaven.ui.messages import label
from safehaven.ui.responsive.page_load import PageLoad
from safehaven.ui.widgets.banner import Banner
from safehaven.ui.widgets.dates import iso_editor
from safehaven.ui.widgets.message_line import message_slot

DEFAULT_SHARED = ("chosen_name", "pronouns", "languages", "interpreter_needed", "case_number")


class ConsentForm(QGroupBox):
    """Purpose, scope (service type or organization), the fields that may be shared, the
    decision, how it was given and until when; then Record."""

    recorded = Signal(object)  # the new ConsentRow

    def __init__(self, ctx: UiContext, client_id: int, parent: QWidget | None = None) -> None:
        super().__init__(_("Record a decision"), parent)
        self.ctx = ctx
        self.client_id = client_id
        self._organizations: list[tuple[str, int]] | None = None  # read on the read pool
        self._preset_organization: int | None = None
        self._build_ui()
        self._connect_signals()
        self._on_purpose_changed()
        self._start_read()

    def _build_ui(self) -> None:
        form = QFormLayout(self)
        self.purpose_combo = QComboBox(self)
        for code in PURPOSES:
            self.purpose_combo.addItem(label(PURPOSE_LABELS, code), code)
        form.addRow(_("&Purpose:"), self.purpose_combo)
        self.explanation = ConsentExplanation(self.ctx, self.client_id, self)
        form.addRow(self.explanation)
        self.load = PageLoad(self.ctx, self)
        form.addRow(self.load.notice)
        self.service_combo = QComboBox(self)
        for code in SERVICE_TYPES:
            self.service_combo.addItem(label(SERVICE_LABELS, code), code)
        self.service_label = QLabel(_("&Service type:"), self)
        self.service_label.setBuddy(self.service_combo)
        form.addRow(self.service_label, self.service_combo)
        self.organization_combo = QComboBox(self)
        self.organization_label = QLabel(_("&Organization:"), self)
        self.organization_label.setBuddy(self.organization_combo)
        form.addRow(self.organization_label, self.organization_combo)
        self.fields_label = QLabel(_("May be shared:"), self)
        self.fields_box = self._fields_box()
        form.addRow(self.fields_label, self.fields_box)
        self._decision_rows(form)
        self._expiry_row(form)
        self.record_button = QPushButton(_("&Record decision"), self)
        form.addRow(self.record_button)
        self.message = Banner("error", self)
        form.addRow(message_slot(self, self.message))

    def _decision_rows(self, form: QFormLayout) -> None:
        self.granted_radio = QRadioButton(_("&Granted"), self)
        self.refused_radio = QRadioButton(_("Re&fused"), self)
        self.written_radio = QRadioButton(_("W&ritten"), self)
        self.verbal_radio = QRadioButton(_("&Verbal"), self)
        for title, pair in (
            (_("Decision:"), (self.granted_radio, self.refused_radio)),
            (_("How:"), (self.written_radio, self.verbal_radio)),
        ):
            group = QButtonGroup(self)
            line = QHBoxLayout()
            for radio in pair:
                group.addButton(radio)
                line.addWidget(radio)
            line.addStretch(1)
            form.addRow(title, line)
        self.granted_radio.setChecked(True)
        self.written_radio.setChecked(True)

    def _expiry_row(self, form: QFormLayout) -> None:
        self.expires_check = QCheckBox(_("&Expires on"), self)
        self.expires_check.setChecked(True)
        self.expires_edit = QDateEdit(QDate.currentDate().addYears(1), self)
        self.expires_edit.setCalendarPopup(True)
        iso_editor(self.expires_edit)
        self.expires_edit.setAccessibleName(_("Expiry date"))
        line = QHBoxLayout()
        line.addWidget(self.expires_check)
        line.addWidget(self.expires_edit)
        line.addStretch(1)
        form.addRow(_("Valid until:"), line)
        valid_until = form.labelForField(line)
        if isinstance(valid_until, QLabel):
            label_field(valid_until, self.expires_edit, _("Valid until:"))

    def _fields_box(self) -> QWidget:
        """The client fields a referral letter may carry under this consent (minimum checked)."""
        box = QWidget(self)
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        self.field_checks: dict[str, QCheckBox] = {}
        for n, name in enumerate(LETTER_FIELDS):
            check = QCheckBox(label(FIELD_LABELS, name), box)
            check.setChecked(name in DEFAULT_SHARED)
            self.field_checks[name] = check
            grid.addWidget(check, n // 4, n % 4)
        return box

    def _connect_signals(self) -> None:
        self.load.hold(self.record_button)
        self.load.loaded.connect(self._on_loaded)
        self.load.failed.connect(self._on_load_failed)
        self.purpose_combo.currentIndexChanged.connect(lambda _i: self._on_purpose_changed())
        self.granted_radio.toggled.connect(lambda _c: self._on_purpose_changed())
        self.expires_check.toggled.connect(self.expires_edit.setEnabled)
        self.record_button.clicked.connect(self._on_record_clicked)

    # -- pre-filling -------------------------------------------------------------------------

    def preset(
        self, purpose: str, *, service_type: str = "", organization_id: int | None = None
    ) -> None:
        """Choose the purpose and its scope (an unknown service or organization is left as is)."""
        self.purpose_combo.setCurrentIndex(max(self.purpose_combo.findData(purpose), 0))
        if service_type:
            index = self.service_combo.findData(service_type)
            if index >= 0:
                self.service_combo.setCurrentIndex(index)
        if organization_id is not None:
            self._preset_organization = organization_id
            self._choose_organization()

    def _start_read(self) -> None:
        """The survivor-language suggestion and the organizations, in one read on the read
        pool; recording waits for it."""
        preselection = self.explanation.read_preselection()
        actor = self.ctx.actor
        directory = actor.can(Permission.VIEW_DIRECTORY)
        self.load.start(
            lambda s: (
                preselection(s),
                [(o.display_name, o.id) for o in search_organizations(s, actor=actor)]
                if directory
                else [],
            )
        )

    def _on_loaded(self, found: tuple[Any, list[tuple[str, int]]]) -> None:
        preselection, self._organizations = found
        self.explanation.preselect(preselection)
        self.organization_combo.clear()
        for name, organization_id in self._organizations:
            self.organization_combo.addItem(name, organization_id)
        self._choose_organization()

    def _on_load_failed(self, exc: BaseException) -> None:
        self.explanation.preselect(None)
        present(self.message, failure_text(exc))

    def _choose_organization(self) -> None:
        index = self.organization_combo.findData(self._preset_organization)
        if self._preset_organization is not None and index >= 0:
            self.organization_combo.setCurrentIndex(index)

    # -- actions -----------------------------------------------------------------------------

    def _on_purpose_changed(self) -> None:
        purpose = self.purpose_combo.currentData()
        self.explanation.show_purpose(str(purpose))
        service = purpose == "referral_service"
        organization = purpose == "referral_organization"
        for widget in (self.service_label, self.service_combo):
            widget.setVisible(service)
        for widget in (self.organization_label, self.organization_combo):
            widget.setVisible(organization)
        self.fields_label.setVisible(service or organization)
        self.fields_box.setVisible(service or organization)
        granted = self.granted_radio.isChecked()
        self.expires_check.setEnabled(granted)
        self.expires_edit.setEnabled(granted and self.expires_check.isChecked())

    def _on_record_clicked(self) -> None:
        kwargs = self._record_arguments()
        self.message.clear_message()
        row = self.ctx.call(
            lambda s: consent_service.record_consent(s, **kwargs), where=self.message
        )
        if row is not None:
            self.recorded.emit(row)

    def _record_arguments(self) -> dict[str, Any]:
        purpose = self.purpose_combo.currentData()
        granted = self.granted_radio.isChecked()
        expires = None
        if granted and self.expires_check.isChecked():
            day = _py_date(self.expires_edit.date())
            expires = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), dt.UTC)
        kwargs: dict[str, Any] = {
            "actor": self.ctx.actor,
            "client_id": self.client_id,
            "purpose": purpose,
            "granted": granted,
            "method": "written" if self.written_radio.isChecked() else "verbal",
            "expires_at": expires,
        }
        if purpose == "referral_service":
            kwargs["service_type"] = self.service_combo.currentData()
        if purpose == "referral_organization":
            kwargs["organization_id"] = self.organization_combo.currentData()
        if purpose in ("referral_service", "referral_organization") and granted:
            kwargs["shareable_fields"] = tuple(
                name for name, check in self.field_checks.items() if check.isChecked()
            )
        return kwargs


class RecordConsentDialog(QDialog):
    """The Consent tab's form on its own, opened where consent is missing (a referral, a letter)
    and pre-filled with that organization and service. Accepted once a decision is recorded."""

    def __init__(
        self,
        ctx: UiContext,
        client_id: int,
        *,
        organization_id: int | None,
        service_type: str = "",
        organization_name: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Record consent"))
        self.recorded_row: ConsentRow | None = None
        layout = QVBoxLayout(self)
        if organization_name:
            about = QLabel(_about(organization_name, service_type), self)
            about.setWordWrap(True)
            layout.addWidget(about)
        self.form = ConsentForm(ctx, client_id, self)
        purpose = "referral_organization" if organization_id is not None else "referral_service"
        self.form.preset(purpose, service_type=service_type, organization_id=organization_id)
        layout.addWidget(self.form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        layout.addWidget(self.buttons)
        self.buttons.rejected.connect(self.reject)
        self.form.recorded.connect(self._on_form_recorded)

    def _on_form_recorded(self, row: ConsentRow) -> None:
        self.recorded_row = row
        self.accept()


def _about(organization_name: str, service_type: str) -> str:
    if not service_type:
        return _("For the referral to {organization}").format(organization=organization_name)
    return _("For the referral to {organization}: {service}").format(
        organization=organization_name, service=label(SERVICE_LABELS, service_type)
    )


def _py_date(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())
