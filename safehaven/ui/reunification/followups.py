"""The reunification record and follow-up visits of one approved assessment."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from safehaven.i18n import N_, _
from safehaven.models.reunification_rules import REUNIFY
from safehaven.services.reunification import followup as followup_service
from safehaven.services.reunification.records import (
    AssessmentRow,
    FollowUpDraft,
    FollowUpRow,
    ReunificationDraft,
    ReunificationRow,
)
from safehaven.ui.context import UiContext
from safehaven.ui.models.record_table import RecordTableModel, TableColumn
from safehaven.ui.reunification.dialogs import FollowUpDialog, ReunificationDialog
from safehaven.ui.reunification.labels import code_label, item_label
from safehaven.ui.widgets.dates import date_text


def _day(value: object) -> str:
    return "" if value is None else str(value)


FOLLOW_UP_COLUMNS: tuple[TableColumn[FollowUpRow], ...] = (
    TableColumn(N_("Due"), lambda r: _day(r.due_date)),
    TableColumn(N_("Visited"), lambda r: _day(r.visited_on)),
    TableColumn(N_("Wellbeing"), lambda r: code_label(r.wellbeing) if r.visited_on else ""),
    TableColumn(
        N_("Re-trafficking concern"), lambda r: _("Yes") if r.retrafficking_concern else ""
    ),
)


class FollowUpPanel(QGroupBox):
    case_reopened = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(_("G–H. Reunification and follow-up visits"), parent)
        self.ctx = ctx
        self._assessment: AssessmentRow | None = None
        self._record: ReunificationRow | None = None
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.model: RecordTableModel[FollowUpRow] = RecordTableModel(FOLLOW_UP_COLUMNS, self)
        self.table = QTableView(self)
        self.table.setTabKeyNavigation(False)  # Tab leaves; arrows move inside
        self.table.setModel(self.model)
        self.table.setAccessibleName(_("Follow-up visits"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setMaximumHeight(170)
        layout.addWidget(self.table)
        row = QHBoxLayout()
        self.record_button = QPushButton(_("Record the &reunification…"), self)
        self.visit_button = QPushButton(_("Record a follow-up v&isit…"), self)
        row.addWidget(self.record_button)
        row.addWidget(self.visit_button)
        row.addStretch(1)
        layout.addLayout(row)

    def _connect_signals(self) -> None:
        self.record_button.clicked.connect(self._on_record_clicked)
        self.visit_button.clicked.connect(self._on_visit_clicked)

    def show_assessment(
        self,
        assessment: AssessmentRow | None,
        *,
        records: list[ReunificationRow] | None = None,
    ) -> None:
        """Show `assessment`'s reunification and follow-ups; `records`: the client's
        reunification records when the caller has just read them (otherwise read here)."""
        self._assessment = assessment
        self._record = None
        if assessment is not None and assessment.has_record:
            client_id = assessment.client_id
            records = records or (
                self.ctx.call(
                    lambda s: followup_service.list_reunifications(
                        s, actor=self.ctx.actor, client_id=client_id
                    ),
                    where=self.summary,
                )
                or []
            )
            self._record = next((r for r in records if r.assessment_id == assessment.id), None)
        self._refresh()

    def _refresh(self) -> None:
        a, record = self._assessment, self._record
        can_record = (
            a is not None
            and a.status == "approved"
            and a.recommendation in REUNIFY
            and record is None
        )
        self.record_button.setEnabled(can_record)
        self.visit_button.setEnabled(record is not None)
        self.model.set_rows(list(record.follow_ups) if record else [])
        if record is not None:
            self.summary.setText(
                _("Reunified on {date} ({kind}).").format(
                    date=date_text(record.reunified_on), kind=code_label(record.reunification_type)
                )
            )
        elif can_record:
            self.summary.setText(_("Approved: the reunification can be recorded."))
        else:
            self.summary.setText(_("Available once a reunification is approved."))

    def clear(self) -> None:
        self._assessment, self._record = None, None
        self.model.clear()
        self.summary.clear()

    def record_reunification(self, draft: ReunificationDraft) -> bool:
        assert self._assessment is not None  # noqa: S101 - narrows a type; never guards a permission
        assessment_id = self._assessment.id
        record = self.ctx.call(
            lambda s: followup_service.record_reunification(
                s, actor=self.ctx.actor, assessment_id=assessment_id, draft=draft
            ),
            where=self.summary,
            label=item_label,
        )
        if record is None:
            return False
        self._record = record
        self._refresh()
        return True

    def record_visit(self, draft: FollowUpDraft, follow_up_id: int | None) -> bool:
        assert self._record is not None  # noqa: S101 - narrows a type; never guards a permission
        record_id = self._record.id
        record = self.ctx.call(
            lambda s: followup_service.record_follow_up(
                s,
                actor=self.ctx.actor,
                record_id=record_id,
                follow_up_id=follow_up_id,
                draft=draft,
            ),
            where=self.summary,
            label=item_label,
        )
        if record is None:
            return False
        self._record = record
        reopened = self._record.case_reopened
        self._refresh()
        if reopened:
            self.summary.setText(_("Re-trafficking concern recorded: the case was reopened."))
            self.case_reopened.emit()
        return True

    def selected_visit(self) -> FollowUpRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _on_record_clicked(self) -> None:
        dialog = ReunificationDialog(self)
        while dialog.exec():
            if self.record_reunification(dialog.draft()):
                return
            dialog.error.setText(self.summary.text())

    def _on_visit_clicked(self) -> None:
        visit = self.selected_visit()
        dialog = FollowUpDialog(self)
        done = visit is not None and visit.visited_on is not None
        while dialog.exec():
            if self.record_visit(dialog.draft(), None if visit is None or done else visit.id):
                return
            dialog.error.setText(self.summary.text())
