"""The Consent tab: the current answer for each purpose, the full history, and recording a grant,
a refusal or a withdrawal (one click; the date and the staff member are recorded).

Refusing one purpose never blocks anything else in the record: this tab only shows the answers.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from safehaven.i18n import _
from safehaven.services.consent import consent as consent_service
from safehaven.services.consent.consent import ConsentRow, ConsentStateRow
from safehaven.services.referrals.labels import FIELD_LABELS, SERVICE_LABELS
from safehaven.ui.consent.labels import CONSENT_STATUSES, METHODS
from safehaven.ui.consent.labels import PURPOSES as PURPOSE_LABELS
from safehaven.ui.consent.record_form import ConsentForm
from safehaven.ui.context import UiContext, failure_text, present
from safehaven.ui.messages import label
from safehaven.ui.models.rows_table import RowsTableModel
from safehaven.ui.pages import CaseTabWidget
from safehaven.ui.responsive.page_load import PageLoad
from safehaven.ui.widgets.dates import date_text, date_time_text
from safehaven.ui.widgets.scroll import scroll_body
from safehaven.ui.widgets.tables import ColumnFit


def when(at: dt.datetime | None) -> str:
    return date_time_text(at)


def until(expires_at: dt.datetime | None) -> str:
    """Consent is valid through the chosen day: stored as the start of the next day (UTC)."""
    if expires_at is None:
        return _("no expiry")
    return date_text((expires_at - dt.timedelta(seconds=1)).date())


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
    loaded = Signal()  # the consent read by the last refresh is shown

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
        """Read the consent state and history on the read pool; nothing can be recorded or
        withdrawn until they are shown."""
        actor, client_id = self.ctx.actor, self.client_id

        def load(session: Any) -> tuple[list[ConsentStateRow], list[ConsentRow]]:
            return (
                consent_service.consent_state(session, actor=actor, client_id=client_id),
                consent_service.consent_history(session, actor=actor, client_id=client_id),
            )

        self.load.start(load)

    def _on_loaded(self, result: tuple[list[ConsentStateRow], list[ConsentRow]]) -> None:
        state, history = result
        self.state_model.set_rows([self._state_cells(r) for r in state], state)
        self.history_model.set_rows([self._history_cells(r) for r in history], history)
        self._update_withdraw()
        self.loaded.emit()

    def _on_load_failed(self, exc: BaseException) -> None:
        present(self.message, failure_text(exc))

    def clear(self) -> None:
        self.load.cancel()
        self.state_model.clear()
        self.history_model.clear()
        self.message.clear()
        self.form.message.clear_message()

    # -- building ----------------------------------------------------------------------------

    def _build_ui(self) -> None:
        body = QWidget(self)  # scrolls when the window is small (down to 1024×640)
        layout = QVBoxLayout(body)
        note = QLabel(
            _("Consent is never a condition of service: a refusal only stops that one use."), self
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        self.load = PageLoad(self.ctx, body)
        layout.addWidget(self.load.notice)
        self.state_view = self._table(self.state_model, _("Current consent per purpose"))
        layout.addWidget(QLabel(_("Current state"), self))
        layout.addWidget(self.state_view, 1)
        self.form = ConsentForm(self.ctx, self.client_id, self)
        layout.addWidget(self.form)
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
        ColumnFit(view)
        return view

    def _connect_signals(self) -> None:
        self.load.hold(self.form.record_button, self.withdraw_button)
        self.load.loaded.connect(self._on_loaded)
        self.load.failed.connect(self._on_load_failed)
        self.form.recorded.connect(self._on_form_recorded)
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

    def _on_form_recorded(self, _row: ConsentRow) -> None:
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
        self.load.keep_held()

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
