"""The Referrals tab of a case: list, create and edit referrals, move them through their statuses,
and open the letter dialog. Sending asks the consent gate; a supervisor may override it with a
written reason."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safehaven.i18n import N_, _
from safehaven.models.permissions import Permission
from safehaven.models.referral import TRANSITIONS
from safehaven.services.directory import directory
from safehaven.services.errors import ConsentMissing
from safehaven.services.referrals import referrals as svc
from safehaven.services.referrals.labels import SERVICE_LABELS, STATUS_LABELS
from safehaven.services.referrals.referrals import ReferralRow
from safehaven.ui.a11y.fields import enable_with_reason
from safehaven.ui.context import UiContext, failure_text, present
from safehaven.ui.models.record_table import AnyIndex, RecordTableModel, TableColumn
from safehaven.ui.pages import CaseTabWidget
from safehaven.ui.referrals.messages import consent_problem_text
from safehaven.ui.referrals.referral_dialog import (
    OverrideDialog,
    ReferralDialog,
    decline_dialog,
    withdraw_dialog,
)
from safehaven.ui.responsive.page_load import PageLoad
from safehaven.ui.style import ERROR
from safehaven.ui.widgets.banner import Banner
from safehaven.ui.widgets.dates import date_text, date_time_text
from safehaven.ui.widgets.message_line import message_slot
from safehaven.ui.widgets.tables import wide_table


def flags_text(row: ReferralRow) -> str:
    flags = []
    if row.consent_flagged:
        flags.append(_("Consent withdrawn — review"))
    if row.overridden:
        flags.append(_("Consent overridden"))
    if row.overdue:
        flags.append(_("Overdue"))
    return "; ".join(flags)


REFERRAL_COLUMNS: tuple[TableColumn[ReferralRow], ...] = (
    TableColumn(N_("Reference"), lambda r: r.reference),
    TableColumn(N_("Organization"), lambda r: r.organization_name),
    TableColumn(N_("Service"), lambda r: _(SERVICE_LABELS.get(r.service_type, r.service_type))),
    TableColumn(N_("Status"), lambda r: _(STATUS_LABELS.get(r.status, r.status))),
    TableColumn(N_("Appointment"), lambda r: date_time_text(r.appointment_at)),
    TableColumn(N_("Follow up on"), lambda r: date_text(r.follow_up_due)),
    TableColumn(N_("Letters"), lambda r: str(r.letters_printed)),
    TableColumn(N_("Attention"), flags_text),
)


class ReferralModel(RecordTableModel[ReferralRow]):
    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid():
            row = self.row_at(index.row())
            if row is not None and (row.overdue or row.consent_flagged):
                return QColor(ERROR)
            return None
        return super().data(index, role)


class ReferralsTab(CaseTabWidget):
    loaded = Signal()  # the referrals read by the last refresh are shown

    def __init__(self, ctx: UiContext, client_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, client_id, parent)
        self.ctx = ctx
        self.client_id = client_id
        self.last_dialog: QDialog | None = None
        self._cleared = False
        self._build_ui()
        self._connect_signals()
        self.refresh()

    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        self.load = PageLoad(self.ctx, self)
        layout.addWidget(self.load.notice)
        self.model = ReferralModel(REFERRAL_COLUMNS, self)
        self.table = wide_table(self.model, _("Referrals"), self, stretch=1)
        layout.addWidget(self.table, 1)
        row1, row2 = QHBoxLayout(), QHBoxLayout()
        self.new_button = QPushButton(_("&New referral…"), self)
        self.edit_button = QPushButton(_("&Edit…"), self)
        self.letter_button = QPushButton(_("&Letter…"), self)
        self.secure_button = QPushButton(_("Send secure&ly…"), self)
        self.send_button = QPushButton(_("Mark &sent"), self)
        self.accept_button = QPushButton(_("&Accepted"), self)
        self.decline_button = QPushButton(_("&Declined…"), self)
        self.complete_button = QPushButton(_("&Completed"), self)
        self.withdraw_button = QPushButton(_("&Withdraw…"), self)
        for button in (self.new_button, self.edit_button, self.letter_button, self.secure_button):
            row1.addWidget(button)
        for button in (
            self.send_button,
            self.accept_button,
            self.decline_button,
            self.complete_button,
            self.withdraw_button,
        ):
            row2.addWidget(button)
        row1.addStretch(1)
        row2.addStretch(1)
        layout.addLayout(row1)
        layout.addLayout(row2)
        self.letter_button.setVisible(self.ctx.actor.can(Permission.PRINT_LETTER))
        self.secure_button.setVisible(  # signs with the organization's secret exchange keys
            self.ctx.actor.can(Permission.PRINT_LETTER)
            and self.ctx.actor.can(Permission.USE_EXCHANGE_KEYS)
        )
        self.message = Banner("info", self)
        self.error = Banner("error", self)
        layout.addWidget(message_slot(self, self.message, self.error))

    def _connect_signals(self) -> None:
        self.load.hold(self.new_button, self.edit_button, self.letter_button, self.secure_button)
        self.load.hold(*self._moves())
        self.load.loaded.connect(self._show_rows)
        self.load.failed.connect(lambda exc: present(self.error, failure_text(exc)))
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.new_button.clicked.connect(self.new_referral)
        self.edit_button.clicked.connect(self.edit_selected)
        self.letter_button.clicked.connect(self.open_letter)
        self.secure_button.clicked.connect(self.open_send_securely)
        self.send_button.clicked.connect(lambda: self.send_selected())
        self.accept_button.clicked.connect(
            lambda: self._act(
                lambda s, rid: svc.accept_referral(s, actor=self.ctx.actor, referral_id=rid)
            )
        )
        self.complete_button.clicked.connect(
            lambda: self._act(
                lambda s, rid: svc.complete_referral(s, actor=self.ctx.actor, referral_id=rid)
            )
        )
        self.decline_button.clicked.connect(self.decline_selected)
        self.withdraw_button.clicked.connect(self.withdraw_selected)

    def refresh(self) -> None:
        """Read the case's referrals on the read pool (the tab came into view); nothing can be
        done to a referral until they are shown."""
        if self._cleared:  # locked while a dialog was open: the vault is closed
            return
        actor, client_id = self.ctx.actor, self.client_id
        self.load.start(lambda s: svc.list_referrals(s, actor=actor, client_id=client_id))

    def _reload_now(self, *, keep_error: bool = False) -> None:
        """Read again at once, after the person's own change (its row must show before the
        next action) or after a refused one (`keep_error`: its reason stays on screen)."""
        if self._cleared:
            return
        rows = self.ctx.call(
            lambda s: svc.list_referrals(s, actor=self.ctx.actor, client_id=self.client_id),
            where=self.message if keep_error else self.error,
        )
        self._show_rows(rows or [], emit=False)

    def _show_rows(self, rows: list[ReferralRow], emit: bool = True) -> None:
        selected = self.selected()
        self.model.set_rows(rows)
        if selected is not None:
            for number, row in enumerate(rows):
                if row.id == selected.id:
                    self.table.selectRow(number)
        self._update_buttons()
        if emit:
            self.loaded.emit()

    def clear(self) -> None:
        self.load.cancel()
        self._cleared = True
        self.model.clear()
        self.message.clear_message()
        self.error.clear_message()
        if self.last_dialog is not None:
            self.last_dialog.reject()
            self.last_dialog.deleteLater()
            self.last_dialog = None

    def selected(self) -> ReferralRow | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def select_reference(self, referral_id: int) -> None:
        for number, row in enumerate(self.model.rows()):
            if row.id == referral_id:
                self.table.selectRow(number)

    def _update_buttons(self) -> None:
        """Each button enabled, or disabled with the reason in its tooltip and description."""
        row = self.selected()
        if row is None:
            choose = _("Choose a referral in the list first.")
            for button in (self.edit_button, self.letter_button, self.secure_button):
                enable_with_reason(button, choose)
            for button in self._moves():
                enable_with_reason(button, choose)
            self.load.keep_held()
            return
        now = _(STATUS_LABELS.get(row.status, row.status)).lower()
        letter = _("A letter is for a draft, sent or accepted referral; this one is {status}.")
        secure = _("Only a draft or sent referral can be sent securely; this one is {status}.")
        move = _("A referral that is {status} cannot become {target}.")
        enable_with_reason(self.edit_button, "")
        enable_with_reason(
            self.letter_button,
            "" if row.status in ("draft", "sent", "accepted") else letter.format(status=now),
        )
        enable_with_reason(
            self.secure_button,
            "" if row.status in ("draft", "sent") else secure.format(status=now),
        )
        allowed = TRANSITIONS.get(row.status, frozenset())
        for button, status in self._moves().items():
            target = _(STATUS_LABELS[status]).lower()
            enable_with_reason(
                button, "" if status in allowed else move.format(status=now, target=target)
            )
        self.load.keep_held()

    def _moves(self) -> dict[QPushButton, str]:
        return {
            self.send_button: "sent",
            self.accept_button: "accepted",
            self.decline_button: "declined",
            self.complete_button: "completed",
            self.withdraw_button: "withdrawn",
        }

    def _organizations(self) -> list[directory.OrganizationRow]:
        found = self.ctx.call(
            lambda s: directory.search_organizations(s, actor=self.ctx.actor), where=self.error
        )
        return found or []

    def new_referral(self) -> None:
        dialog = ReferralDialog(
            self._organizations(), None, self, ctx=self.ctx, client_id=self.client_id
        )
        self.last_dialog = dialog
        if dialog.exec() == QDialog.DialogCode.Accepted:
            draft, client_id = dialog.draft(), self.client_id
            self._run(
                lambda s: svc.create_referral(
                    s, actor=self.ctx.actor, client_id=client_id, draft=draft
                )
            )

    def edit_selected(self) -> None:
        row = self.selected()
        if row is None:
            return
        dialog = ReferralDialog(
            self._organizations(), row, self, ctx=self.ctx, client_id=self.client_id
        )
        self.last_dialog = dialog
        if dialog.exec() == QDialog.DialogCode.Accepted:
            draft = dialog.draft()
            self._run(
                lambda s: svc.update_referral(
                    s, actor=self.ctx.actor, referral_id=row.id, draft=draft
                )
            )

    def send_selected(self, override_reason: str | None = None) -> None:
        row = self.selected()
        if row is None or self._cleared:
            return
        self.error.clear_message()
        try:
            sent = self.ctx.attempt(
                lambda s: svc.send_referral(
                    s, actor=self.ctx.actor, referral_id=row.id, override_reason=override_reason
                ),
                where=self.error,
                passthrough=(ConsentMissing,),
            )
        except ConsentMissing as exc:
            self._consent_refused(exc)
            return
        if not sent:
            return
        self.message.show_message(
            _("Referral {reference} marked as sent.").format(reference=row.reference)
        )
        self._reload_now()

    def _consent_refused(self, exc: ConsentMissing) -> None:
        text = consent_problem_text(exc.reason)
        self.error.show_message(text)
        if not self.ctx.actor.can(Permission.OVERRIDE_CONSENT):
            return
        dialog = OverrideDialog(text, self)
        self.last_dialog = dialog
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.send_selected(override_reason=dialog.reason_text())

    def decline_selected(self) -> None:
        row = self.selected()
        dialog = decline_dialog(self)
        self.last_dialog = dialog
        if row is None or dialog.exec() != QDialog.DialogCode.Accepted:
            return
        reason, note = dialog.choice.value() or "", dialog.note.text().strip() or None
        self._act(
            lambda s, rid: svc.decline_referral(
                s, actor=self.ctx.actor, referral_id=rid, reason=reason, note=note
            )
        )

    def withdraw_selected(self) -> None:
        row = self.selected()
        if row is None:
            return
        dialog = withdraw_dialog(self, draft=row.status == "draft")
        self.last_dialog = dialog
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        outcome = dialog.choice.value()
        self._act(
            lambda s, rid: svc.withdraw_referral(
                s, actor=self.ctx.actor, referral_id=rid, outcome=outcome
            )
        )

    def open_letter(self) -> None:
        row = self.selected()
        if row is None:
            return
        from safehaven.ui.referrals.letter_dialog import LetterDialog

        dialog = LetterDialog(self.ctx, row.id, self)
        self.last_dialog = dialog
        dialog.exec()
        self._reload_now()

    def open_send_securely(self) -> None:
        row = self.selected()
        if row is None:
            return
        from safehaven.ui.exchange.send_dialog import SendDialog

        dialog = SendDialog(self.ctx, row.id, self)
        self.last_dialog = dialog
        dialog.exec()
        self._reload_now()

    def _act(self, action: Callable[[Any, int], object]) -> None:
        row = self.selected()
        if row is not None:
            self._run(lambda s: action(s, row.id))

    def _run(self, action: Callable[[Any], object]) -> object:
        if self._cleared:
            return None
        self.error.clear_message()
        try:
            result = self.ctx.call(action, where=self.error, passthrough=(ConsentMissing,))
        except ConsentMissing as exc:
            self.error.show_message(consent_problem_text(exc.reason))
            return None
        if result is None:  # refused: show the list as saved (a colleague may have answered)
            self._reload_now(keep_error=True)
            return None
        self.message.clear_message()
        self._reload_now()
        if isinstance(result, ReferralRow):
            self.select_reference(result.id)
        return result
