"""Received referrals: open a received file, then accept (creating or linking the client),
decline with a reason, set the appointment, or mark completed. Each answer writes a status file
for the sender."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safehaven.i18n import N_, _
from safehaven.models.exchange import INCOMING_TRANSITIONS
from safehaven.services.exchange.incoming import IncomingRow, list_incoming
from safehaven.services.exchange.receive import Opened, open_received_file
from safehaven.services.exchange.status import StatusSent, respond_to_referral
from safehaven.services.referrals.labels import FIELD_LABELS, SERVICE_LABELS
from safehaven.ui.a11y.fields import label_field
from safehaven.ui.context import UiContext
from safehaven.ui.exchange import choosers
from safehaven.ui.exchange.files import read_chosen
from safehaven.ui.models.record_table import RecordTableModel, TableColumn
from safehaven.ui.referrals.referral_dialog import decline_dialog
from safehaven.ui.widgets.banner import Banner
from safehaven.ui.widgets.dates import date_text, iso_editor
from safehaven.ui.widgets.message_line import message_slot
from safehaven.ui.widgets.tables import row_table

STATUS_LABELS = {
    "received": N_("Received"),
    "accepted": N_("Accepted"),
    "declined": N_("Declined"),
    "appointment": N_("Appointment set"),
    "completed": N_("Completed"),
}
COLUMNS: tuple[TableColumn[IncomingRow], ...] = (
    TableColumn(N_("Received"), lambda r: date_text(r.received_at)),
    TableColumn(N_("From"), lambda r: r.partner_name),
    TableColumn(N_("Their reference"), lambda r: r.sender_reference),
    TableColumn(N_("Service"), lambda r: _(SERVICE_LABELS.get(r.service_type, r.service_type))),
    TableColumn(N_("Status"), lambda r: _(STATUS_LABELS.get(r.status, r.status))),
)


class AppointmentDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Appointment set"))
        form = QFormLayout(self)
        self.when = QDateTimeEdit(QDateTime.currentDateTime().addDays(1), self)
        self.when.setCalendarPopup(True)
        iso_editor(self.when)
        when_label = QLabel(self)
        label_field(when_label, self.when, _("Appointment &date and time"))
        form.addRow(when_label, self.when)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def value(self) -> dt.datetime:
        local: dt.datetime = self.when.dateTime().toPython()  # type: ignore[assignment]
        return local.astimezone(dt.UTC)


class AcceptDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Accept the referral"))
        form = QFormLayout(self)
        form.addRow(
            QLabel(
                _("Leave the case number empty to register a new client with the shared details."),
                self,
            )
        )
        self.case_number = QLineEdit(self)
        self.case_number.setPlaceholderText("SH-2026-0042")
        self.case_number.setAccessibleName(_("Existing case number"))
        form.addRow(_("Existing case number"), self.case_number)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class IncomingPanel(QGroupBox):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(_("Received referrals"), parent)
        self.ctx = ctx
        self.choose_open: Callable[[QWidget], str] = lambda w: choosers.open_file(
            w, _("Open received file"), _("SafeHaven exchange files (*.shx)")
        )
        self.choose_folder: Callable[[QWidget], str] = choosers.folder
        self.last_dialog: QDialog | None = None
        self.last_status: StatusSent | None = None
        self._answering = False  # a status file is being written: no second answer meanwhile
        self._cleared = False  # locked: a result still on its way is not shown
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        self.model = RecordTableModel(COLUMNS, self)
        self.table = row_table(self.model, _("Received referrals"), self)
        layout.addWidget(self.table)
        self.details = QLabel("", self)
        self.details.setWordWrap(True)
        layout.addWidget(self.details)
        row = QHBoxLayout()
        self.open_button = QPushButton(_("&Open received file…"), self)
        self.accept_button = QPushButton(_("Acc&ept…"), self)
        self.decline_button = QPushButton(_("De&cline…"), self)
        self.appointment_button = QPushButton(_("Appoin&tment set…"), self)
        self.complete_button = QPushButton(_("Co&mpleted…"), self)
        for button in (
            self.open_button,
            self.accept_button,
            self.decline_button,
            self.appointment_button,
            self.complete_button,
        ):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        self.message = Banner("info", self)
        self.error = Banner("error", self)
        layout.addWidget(message_slot(self, self.message, self.error))

    def _connect_signals(self) -> None:
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._selection())
        self.open_button.clicked.connect(self.open_file)
        self.accept_button.clicked.connect(self._accept)
        self.decline_button.clicked.connect(self._decline)
        self.appointment_button.clicked.connect(self._appointment)
        self.complete_button.clicked.connect(lambda: self.answer("complete"))

    def refresh(self) -> None:
        self._cleared = False
        rows = self.ctx.call(lambda s: list_incoming(s, actor=self.ctx.actor), where=self.error)
        self.model.set_rows(rows or [])
        self._selection()

    def clear(self) -> None:
        self._cleared = True
        self.model.clear()
        self.details.clear()
        self.message.clear_message()
        self.error.clear_message()

    def selected(self) -> IncomingRow | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _selection(self) -> None:
        row = self.selected()
        allowed = (
            INCOMING_TRANSITIONS.get(row.status, frozenset())
            if row and not self._answering
            else frozenset()
        )
        for button, status in (
            (self.accept_button, "accepted"),
            (self.decline_button, "declined"),
            (self.appointment_button, "appointment"),
            (self.complete_button, "completed"),
        ):
            button.setEnabled(status in allowed)
        self.details.setText(shared_text(row) if row else "")

    def open_file(self) -> None:
        name = self.choose_open(self)
        if not name:
            return
        self.error.clear_message()
        data = read_chosen(Path(name), self.error)
        if data is None:
            return
        self.open_button.setEnabled(False)
        actor = self.ctx.actor
        self.ctx.call(
            lambda s: open_received_file(s, actor=actor, data=data),
            where=self.error,
            writes=True,
            on_done=self._opened,
            on_failed=lambda _exc: self.open_button.setEnabled(True),
        )

    def _opened(self, opened: Opened) -> None:
        self.open_button.setEnabled(True)
        if self._cleared:
            return
        if opened.incoming is not None:
            text = _("Referral {reference} received from {name}.").format(
                reference=opened.incoming.sender_reference, name=opened.partner.organization_name
            )
        else:
            text = _("Status received from {name}; your referral was updated.").format(
                name=opened.partner.organization_name
            )
        self.message.show_message(text)
        self.refresh()

    def _accept(self) -> None:
        dialog = AcceptDialog(self)
        self.last_dialog = dialog
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.answer("accept", link_case_number=dialog.case_number.text().strip() or None)

    def _decline(self) -> None:
        dialog = decline_dialog(self)
        self.last_dialog = dialog
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.answer(
                "decline",
                decline_reason=dialog.choice.value() or "",
                decline_note=dialog.note.text().strip() or None,
            )

    def _appointment(self) -> None:
        dialog = AppointmentDialog(self)
        self.last_dialog = dialog
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.answer("appointment", appointment_at=dialog.value())

    def answer(self, action: str, **kw: Any) -> None:
        row = self.selected()
        if row is None:
            return
        folder = self.choose_folder(self)
        if not folder:
            return
        self.error.clear_message()
        self._busy(True)
        actor, target = self.ctx.actor, Path(folder)
        self.ctx.call(
            lambda s: respond_to_referral(
                s, actor=actor, incoming_id=row.id, action=action, folder=target, **kw
            ),
            where=self.error,
            writes=True,
            on_done=lambda sent: self._answered(sent, row.partner_name),
            on_failed=lambda _exc: self._busy(False),
        )

    def _answered(self, sent: StatusSent, partner_name: str) -> None:
        self._busy(False)
        if self._cleared:
            return
        self.last_status = sent
        self.message.show_message(
            _("Status file saved as {file}; send it back to {name}.").format(
                file=sent.path.name, name=partner_name
            )
        )
        self.refresh()

    def _busy(self, answering: bool) -> None:
        self._answering = answering
        self._selection()


def shared_text(row: IncomingRow) -> str:
    """The shared fields; those this sign-in cannot read are named as restricted, never shown."""
    parts = [f"{_(FIELD_LABELS.get(f, f))}: {v}" for f, v in row.shared]
    parts += [f"{_(FIELD_LABELS.get(f, f))}: {_('Restricted')}" for f in row.withheld]
    return "; ".join(parts)
