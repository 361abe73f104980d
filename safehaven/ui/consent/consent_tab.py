"""The Consent tab: the current answer for each purpose, the full history, and recording a grant,
a refusal or a withdrawal (one click; the date and the staff member are recorded).

Refusing one purpose never blocks anything else in the record: this tab only shows the answers.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from safehaven.i18n import _
from safehaven.models.consent import PURPOSES
from safehaven.models.permissions import Permission
from safehaven.models.referral import LETTER_FIELDS, SERVICE_TYPES
from safehaven.services.consent import consent as consent_service
from safehaven.services.consent.consent import ConsentRow, ConsentStateRow
from safehaven.services.directory.directory import search_organizations
from safehaven.services.referrals.labels import FIELD_LABELS, SERVICE_LABELS
from safehaven.ui.a11y.fields import label_field
from safehaven.ui.consent.labels import CONSENT_STATUSES, METHODS
from safehaven.ui.consent.labels import PURPOSES as PURPOSE_LABELS
from safehaven.ui.context import UiContext
from safehaven.ui.languages.consent_explanation import ConsentExplanation
from safehaven.ui.messages import label
from safehaven.ui.models.rows_table import RowsTableModel
from safehaven.ui.pages import CaseTabWidget
from safehaven.ui.widgets.scroll import scroll_body

DEFAULT_SHARED = ("chosen_name", "pronouns", "languages", "interpreter_needed", "case_number")


def when(at: dt.datetime | None) -> str:
    return at.astimezone().strftime("%Y-%m-%d %H:%M") if at is not None else ""


def until(expires_at: dt.datetime | None) -> str:
    """Consent is valid through the chosen day: stored as the start of the next day (UTC)."""
    if expires_at is None:
        return _("no expiry")
    return (expires_at - dt.timedelta(seconds=1)).date().isoformat()


def scope(row: ConsentRow | ConsentStateRow) -> str:
    if row.service_type:
        return label(SERVICE_LABELS, row.service_type)
    if row.organization_id is not None:
        name = row.organization_name if isinstance(row, ConsentRow) else None
        if name is None and isinstance(row, ConsentStateRow) and row.current is not None:
            name = row.current.organization_name
        return name or _("Organization {id}").format(id=row.organization_id)
    return ""


class ConsentTab(CaseTabWidget):
    def __init__(self, ctx: UiContext, client_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, client_id, parent)
        self.ctx = ctx
        self.client_id = client_id
        self.state_model = RowsTableModel(
            [_("Purpose"), _("For"), _("Status"), _("How"), _("Recorded"), _("Valid until")], self
        )
        self.history_model = RowsTableModel(
            [
                _("Recorded"),
                _("Purpose"),
                _("For"),
                _("Decision"),
                _("How"),
                _("By"),
                _("Valid until"),
                _("Withdrawn"),
                _("Now"),
                _("May be shared"),
            ],
            self,
        )
        self._build_ui()
        self._connect_signals()
        self.refresh()

    # -- tab protocol ------------------------------------------------------------------------

    def refresh(self) -> None:
        def load(session: Any) -> tuple[list[ConsentStateRow], list[ConsentRow]]:
            actor, client_id = self.ctx.actor, self.client_id
            return (
                consent_service.consent_state(session, actor=actor, client_id=client_id),
                consent_service.consent_history(session, actor=actor, client_id=client_id),
            )

        result = self.ctx.call(load, where=self.message)
        if result is None:
            return
        state, history = result
        self.state_model.set_rows([self._state_cells(r) for r in state], state)
        self.history_model.set_rows([self._history_cells(r) for r in history], history)
        self._update_withdraw()

    def clear(self) -> None:
        self.state_model.clear()
        self.history_model.clear()
        self.message.clear()

    # -- building ----------------------------------------------------------------------------

    def _build_ui(self) -> None:
        body = QWidget(self)  # scrolls when the window is small (down to 1024×640)
        layout = QVBoxLayout(body)
        note = QLabel(
            _("Consent is never a condition of service: a refusal only stops that one use."), self
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        self.state_view = self._table(self.state_model, _("Current consent per purpose"))
        layout.addWidget(QLabel(_("Current state"), self))
        layout.addWidget(self.state_view, 1)
        layout.addWidget(self._form())
        layout.addWidget(QLabel(_("History"), self))
        self.history_view = self._table(self.history_model, _("Consent history"))
        layout.addWidget(self.history_view, 1)
        row = QHBoxLayout()
        self.withdraw_button = QPushButton(_("&Withdraw selected consent"), self)
        self.withdraw_button.setEnabled(False)
        row.addWidget(self.withdraw_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        scroll_body(self, body)

    def _table(self, model: RowsTableModel, name: str) -> QTableView:
        view = QTableView(self)
        view.setTabKeyNavigation(False)  # Tab leaves; arrows move inside
        view.setModel(model)
        view.setAccessibleName(name)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.verticalHeader().setVisible(False)
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        return view

    def _form(self) -> QGroupBox:
        box = QGroupBox(_("Record a decision"), self)
        form = QFormLayout(box)
        self.purpose_combo = QComboBox(box)
        for code in PURPOSES:
            self.purpose_combo.addItem(label(PURPOSE_LABELS, code), code)
        form.addRow(_("&Purpose:"), self.purpose_combo)
        self.explanation = ConsentExplanation(self.ctx, self.client_id, box)
        form.addRow(self.explanation)
        self.service_combo = QComboBox(box)
        for code in SERVICE_TYPES:
            self.service_combo.addItem(label(SERVICE_LABELS, code), code)
        self.service_label = QLabel(_("&Service type:"), box)
        self.service_label.setBuddy(self.service_combo)
        form.addRow(self.service_label, self.service_combo)
        self.organization_combo = QComboBox(box)
        self.organization_label = QLabel(_("&Organization:"), box)
        self.organization_label.setBuddy(self.organization_combo)
        form.addRow(self.organization_label, self.organization_combo)
        self.fields_label = QLabel(_("May be shared:"), box)
        self.fields_box = self._fields_box(box)
        form.addRow(self.fields_label, self.fields_box)
        self.granted_radio = QRadioButton(_("&Granted"), box)
        self.refused_radio = QRadioButton(_("Re&fused"), box)
        self.written_radio = QRadioButton(_("W&ritten"), box)
        self.verbal_radio = QRadioButton(_("&Verbal"), box)
        for pair in (
            (self.granted_radio, self.refused_radio),
            (self.written_radio, self.verbal_radio),
        ):
            group = QButtonGroup(box)
            line = QHBoxLayout()
            for radio in pair:
                group.addButton(radio)
                line.addWidget(radio)
            line.addStretch(1)
            form.addRow(_("Decision:") if pair[0] is self.granted_radio else _("How:"), line)
        self.granted_radio.setChecked(True)
        self.written_radio.setChecked(True)
        self.expires_check = QCheckBox(_("&Expires on"), box)
        self.expires_check.setChecked(True)
        self.expires_edit = QDateEdit(QDate.currentDate().addYears(1), box)
        self.expires_edit.setCalendarPopup(True)
        self.expires_edit.setDisplayFormat("yyyy-MM-dd")
        self.expires_edit.setAccessibleName(_("Expiry date"))
        line = QHBoxLayout()
        line.addWidget(self.expires_check)
        line.addWidget(self.expires_edit)
        line.addStretch(1)
        form.addRow(_("Valid until:"), line)
        valid_until = form.labelForField(line)
        if isinstance(valid_until, QLabel):
            label_field(valid_until, self.expires_edit, _("Valid until:"))
        self.record_button = QPushButton(_("&Record decision"), box)
        form.addRow(self.record_button)
        self._on_purpose_changed()
        return box

    def _fields_box(self, parent: QWidget) -> QWidget:
        """The client fields a referral letter may carry under this consent (minimum checked)."""
        box = QWidget(parent)
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
        self.purpose_combo.currentIndexChanged.connect(lambda _i: self._on_purpose_changed())
        self.granted_radio.toggled.connect(lambda _c: self._on_purpose_changed())
        self.expires_check.toggled.connect(self.expires_edit.setEnabled)
        self.record_button.clicked.connect(self._on_record_clicked)
        self.withdraw_button.clicked.connect(self._on_withdraw_clicked)
        selection = self.history_view.selectionModel()
        selection.selectionChanged.connect(lambda *_a: self._update_withdraw())

    # -- cells -------------------------------------------------------------------------------

    def _state_cells(self, row: ConsentStateRow) -> tuple[str, ...]:
        current = row.current
        return (
            label(PURPOSE_LABELS, row.purpose),
            scope(row),
            label(CONSENT_STATUSES, row.status),
            label(METHODS, current.method) if current else "",
            when(current.recorded_at) if current else "",
            until(current.expires_at) if current and current.granted else "",
        )

    def _history_cells(self, row: ConsentRow) -> tuple[str, ...]:
        withdrawn = ""
        if row.withdrawn_at is not None:
            withdrawn = _("{when} by {who}").format(
                when=when(row.withdrawn_at), who=row.withdrawn_by or ""
            )
        return (
            when(row.recorded_at),
            label(PURPOSE_LABELS, row.purpose),
            scope(row),
            label(CONSENT_STATUSES, "granted" if row.granted else "refused"),
            label(METHODS, row.method),
            row.recorded_by,
            until(row.expires_at) if row.granted else "",
            withdrawn,
            label(CONSENT_STATUSES, row.status),
            ", ".join(label(FIELD_LABELS, f) for f in row.shareable_fields),
        )

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
        if organization and self.organization_combo.count() == 0:
            self._load_organizations()
        granted = self.granted_radio.isChecked()
        self.expires_check.setEnabled(granted)
        self.expires_edit.setEnabled(granted and self.expires_check.isChecked())

    def _load_organizations(self) -> None:
        if not self.ctx.actor.can(Permission.VIEW_DIRECTORY):
            return
        rows = (
            self.ctx.call(
                lambda s: search_organizations(s, actor=self.ctx.actor), where=self.message
            )
            or []
        )
        for org in rows:
            self.organization_combo.addItem(org.name, org.id)

    def _on_record_clicked(self) -> None:
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
        if (
            self.ctx.call(lambda s: consent_service.record_consent(s, **kwargs), where=self.message)
            is not None
        ):
            self.refresh()
            self.message.setText(_("Recorded."))

    def selected_history(self) -> ConsentRow | None:
        rows = self.history_view.selectionModel().selectedRows()
        payload = self.history_model.payload(rows[0].row()) if rows else None
        return payload if isinstance(payload, ConsentRow) else None

    def _update_withdraw(self) -> None:
        row = self.selected_history()
        self.withdraw_button.setEnabled(
            row is not None and row.granted and row.withdrawn_at is None
        )

    def _on_withdraw_clicked(self) -> None:
        row = self.selected_history()
        if row is None:
            return
        done = self.ctx.call(
            lambda s: consent_service.withdraw_consent(s, actor=self.ctx.actor, consent_id=row.id),
            where=self.message,
        )
        if done is not None:
            self.refresh()
            self.message.setText(_("Withdrawn."))


def _py_date(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())
