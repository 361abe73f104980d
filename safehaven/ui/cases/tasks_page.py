"""The Tasks page: open and overdue follow-ups of the cases the user may open (complete one; a
double-click opens the case), and the cross-case list of open referrals with an overdue filter."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from safehaven.i18n import N_, _
from safehaven.models.permissions import Permission
from safehaven.services.referrals.labels import (
    SERVICE_LABELS,
    STATUS_LABELS,
    TASK_KIND_LABELS,
)
from safehaven.services.referrals.overview import list_open_referrals
from safehaven.services.referrals.referrals import ReferralRow
from safehaven.services.tasks import TaskRow, complete_task, list_tasks
from safehaven.ui.context import UiContext, failure_text, present
from safehaven.ui.models.record_table import AnyIndex, RecordTableModel, TableColumn
from safehaven.ui.pages import PageWidget
from safehaven.ui.referrals.referrals_tab import flags_text
from safehaven.ui.responsive.background_load import BackgroundLoad
from safehaven.ui.style import ERROR
from safehaven.ui.widgets.banner import Banner
from safehaven.ui.widgets.dates import date_text
from safehaven.ui.widgets.message_line import message_slot
from safehaven.ui.widgets.tables import wide_table


def _due(row: TaskRow) -> str:
    return date_text(row.due_date) + ("  " + _("(overdue)") if row.overdue else "")


TASK_COLUMNS: tuple[TableColumn[TaskRow], ...] = (
    TableColumn(N_("Due"), _due),
    TableColumn(N_("Task"), lambda r: _(TASK_KIND_LABELS.get(r.kind, r.kind))),
    TableColumn(N_("Case"), lambda r: r.case_number),
    TableColumn(N_("Name"), lambda r: r.chosen_name),
    TableColumn(N_("Done"), lambda r: date_text(r.completed_at)),
)
OPEN_REFERRAL_COLUMNS: tuple[TableColumn[ReferralRow], ...] = (
    TableColumn(N_("Follow up on"), lambda r: date_text(r.follow_up_due)),
    TableColumn(N_("Case"), lambda r: r.case_number),
    TableColumn(N_("Reference"), lambda r: r.reference),
    TableColumn(N_("Organization"), lambda r: r.organization_name),
    TableColumn(N_("Service"), lambda r: _(SERVICE_LABELS.get(r.service_type, r.service_type))),
    TableColumn(N_("Status"), lambda r: _(STATUS_LABELS.get(r.status, r.status))),
    TableColumn(N_("Attention"), flags_text),
)


class _Highlighting(RecordTableModel[Any]):
    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid():
            row = self.row_at(index.row())
            return QColor(ERROR) if getattr(row, "overdue", False) else None
        return super().data(index, role)


class TasksPage(PageWidget):
    loaded = Signal()  # the rows of the last refresh are shown

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.ctx = ctx
        self._load = BackgroundLoad(ctx.runner, self)
        self._load.loaded.connect(self._on_load_loaded)
        self._load.failed.connect(self._on_load_failed)
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget(self)
        tasks = QWidget(self.tabs)
        tasks_layout = QVBoxLayout(tasks)
        filters = QHBoxLayout()
        self.overdue_only = QCheckBox(_("&Overdue only"), tasks)
        self.include_done = QCheckBox(_("Show &completed"), tasks)
        self.done_button = QPushButton(_("&Mark done"), tasks)
        self.open_button = QPushButton(_("Open &case"), tasks)
        for widget in (self.overdue_only, self.include_done, self.done_button, self.open_button):
            filters.addWidget(widget)
        filters.addStretch(1)
        tasks_layout.addLayout(filters)
        self.task_model = _Highlighting(TASK_COLUMNS, self)
        self.task_table = wide_table(self.task_model, _("Tasks"), tasks, stretch=3, keep=(0,))
        tasks_layout.addWidget(self.task_table, 1)
        self.tabs.addTab(tasks, _("Tasks"))
        referrals = QWidget(self.tabs)
        ref_layout = QVBoxLayout(referrals)
        self.referrals_overdue = QCheckBox(_("Overdue &referrals only"), referrals)
        ref_layout.addWidget(self.referrals_overdue)
        self.referral_model = _Highlighting(OPEN_REFERRAL_COLUMNS, self)
        self.referral_table = wide_table(self.referral_model, _("Open referrals"), referrals)
        ref_layout.addWidget(self.referral_table, 1)
        if self.ctx.actor.can(Permission.MANAGE_REFERRALS):
            self.tabs.addTab(referrals, _("Open referrals"))
        layout.addWidget(self.tabs, 1)
        self.message = Banner("info", self)
        self.error = Banner("error", self)
        layout.addWidget(message_slot(self, self.message, self.error))

    def _connect_signals(self) -> None:
        self.overdue_only.toggled.connect(lambda _on: self.refresh())
        self.include_done.toggled.connect(lambda _on: self.refresh())
        self.referrals_overdue.toggled.connect(lambda _on: self.refresh())
        self.done_button.clicked.connect(self.complete_selected)
        self.open_button.clicked.connect(lambda: self._open(self.task_table.currentIndex()))
        self.task_table.doubleClicked.connect(self._open)
        self.referral_table.doubleClicked.connect(self._open_referral)

    def refresh(self) -> None:
        """Read the tasks and open referrals on the read pool (at 100,000 clients the open
        referrals alone take a few hundred milliseconds)."""
        self.error.clear_message()
        vault, actor, today = self.ctx.vault, self.ctx.actor, dt.date.today()
        include_done, overdue = self.include_done.isChecked(), self.overdue_only.isChecked()
        referrals_overdue = self.referrals_overdue.isChecked()

        def read() -> tuple[list[TaskRow], list[ReferralRow]]:
            with vault.session() as session:
                tasks = list_tasks(
                    session,
                    actor=actor,
                    include_done=include_done,
                    overdue_only=overdue,
                    today=today,
                )
                referrals: list[ReferralRow] = []
                if actor.can(Permission.MANAGE_REFERRALS):
                    referrals = list_open_referrals(
                        session, actor=actor, overdue_only=referrals_overdue
                    )
            return tasks, referrals

        self._load.start(read)

    def _on_load_failed(self, exc: BaseException) -> None:
        present(self.error, failure_text(exc))

    def _on_load_loaded(self, result: tuple[list[TaskRow], list[ReferralRow]]) -> None:
        tasks, referrals = result
        self.task_model.set_rows(tasks)
        self.referral_model.set_rows(referrals)
        overdue = sum(1 for t in tasks if t.overdue)
        self.message.show_message(
            _("{count} tasks, {overdue} overdue.").format(count=len(tasks), overdue=overdue)
        )
        self.loaded.emit()

    def clear(self) -> None:
        self._load.cancel()
        self.task_model.clear()
        self.referral_model.clear()
        self.message.clear_message()

    def complete_selected(self) -> None:
        row = self.task_model.row_at(self.task_table.currentIndex().row())
        if row is None:
            return
        if self.ctx.attempt(
            lambda s: complete_task(s, actor=self.ctx.actor, task_id=row.id), where=self.error
        ):
            self.refresh()

    def _open(self, index: QModelIndex) -> None:
        row = self.task_model.row_at(index.row()) if index.isValid() else None
        if row is not None and row.client_id is not None:
            self.open_case_requested.emit(row.client_id)

    def _open_referral(self, index: QModelIndex) -> None:
        row = self.referral_model.row_at(index.row()) if index.isValid() else None
        if row is not None:
            self.open_case_requested.emit(row.client_id)
