"""The Employment tab of a case: baseline, training, placements (with the same-sector warning)
and the retention checks of the selected placement.

What the tab shows is read on the read pool when it is shown (`PageLoad`), its actions held
until the answer is on screen; writes run directly (a few rows each); errors show in the tab.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safehaven.i18n import N_, _
from safehaven.services.employment import employers as employer_service
from safehaven.services.employment import employment as employment_service
from safehaven.services.employment import retention_checks as retention_service
from safehaven.services.employment import training as training_service
from safehaven.services.employment.records import (
    EnrollmentDraft,
    EnrollmentRow,
    PlacementDraft,
    PlacementRow,
    RetentionCheckDraft,
    RetentionCheckRow,
)
from safehaven.ui.context import UiContext, failure_text, present
from safehaven.ui.employment.baseline import BaselineBox
from safehaven.ui.employment.dialogs import (
    EnrollmentDialog,
    PlacementDialog,
    RetentionDialog,
    SeparationDialog,
)
from safehaven.ui.employment.labels import (
    code_label,
    field_label,
    money,
    same_sector_text,
    sector_label,
)
from safehaven.ui.employment.tab_read import EmploymentView, read_employment
from safehaven.ui.models.record_table import RecordTableModel, TableColumn
from safehaven.ui.pages import CaseTabWidget
from safehaven.ui.responsive.page_load import PageLoad
from safehaven.ui.style import BANNER_STYLES
from safehaven.ui.widgets.scroll import scroll_body
from safehaven.ui.widgets.status_line import say
from safehaven.ui.widgets.tables import row_table, table_group


def _day(value: object) -> str:
    return "" if value is None else str(value)


PLACEMENT_COLUMNS: tuple[TableColumn[PlacementRow], ...] = (
    TableColumn(N_("Job title"), lambda r: r.job_title),
    TableColumn(N_("Employer"), lambda r: r.employer_name or ""),
    TableColumn(N_("Sector"), lambda r: sector_label(r.sector) if r.sector else ""),
    TableColumn(N_("Start"), lambda r: _day(r.start_date)),
    TableColumn(N_("Wage"), lambda r: money(r.wage)),
    TableColumn(
        N_("Same sector as exploitation"),
        lambda r: _("Yes") if r.same_sector_as_exploitation else "",
    ),
    TableColumn(N_("Ended"), lambda r: _day(r.separation_date)),
)
CHECK_COLUMNS: tuple[TableColumn[RetentionCheckRow], ...] = (
    TableColumn(N_("Day"), lambda r: str(r.due_day)),
    TableColumn(N_("Due"), lambda r: _day(r.due_date)),
    TableColumn(N_("Attempted"), lambda r: _day(r.attempted_on)),
    TableColumn(
        N_("Reached"), lambda r: "" if r.reached is None else (_("Yes") if r.reached else _("No"))
    ),
    TableColumn(N_("Status"), lambda r: code_label(r.status) if r.status else ""),
)
ENROLLMENT_COLUMNS: tuple[TableColumn[EnrollmentRow], ...] = (
    TableColumn(N_("Training program"), lambda r: r.program_name),
    TableColumn(N_("Start"), lambda r: _day(r.start_date)),
    TableColumn(N_("Status"), lambda r: code_label(r.status)),
)


class EmploymentTab(CaseTabWidget):
    def __init__(self, ctx: UiContext, client_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, client_id, parent)
        self.ctx = ctx
        self._client_id = client_id
        self._select: int | None = None  # the placement to select once the read is shown
        self._build_ui()
        self._connect_signals()
        self.refresh()

    # -- building ----------------------------------------------------------------------------

    def _build_ui(self) -> None:
        body = QWidget(self)
        layout = QVBoxLayout(body)
        self.load = PageLoad(self.ctx, body)
        layout.addWidget(self.load.notice)
        self.baseline = BaselineBox(body)
        layout.addWidget(self.baseline)
        self.warning = QLabel(body)
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(BANNER_STYLES["warning"])
        self.warning.hide()
        layout.addWidget(self.warning)
        self.placements: RecordTableModel[PlacementRow] = RecordTableModel(PLACEMENT_COLUMNS, body)
        self.placement_table = row_table(self.placements, _("Placements"), body, max_height=160)
        self.add_button = QPushButton(_("&Add placement…"), body)
        self.edit_button = QPushButton(_("&Edit placement…"), body)
        self.end_button = QPushButton(_("E&nd placement…"), body)
        layout.addWidget(
            table_group(
                _("Placements"),
                self.placement_table,
                (self.add_button, self.edit_button, self.end_button),
                body,
            )
        )
        self.checks: RecordTableModel[RetentionCheckRow] = RecordTableModel(CHECK_COLUMNS, body)
        self.check_table = row_table(self.checks, _("Retention checks"), body, max_height=160)
        self.record_button = QPushButton(_("&Record retention check…"), body)
        layout.addWidget(
            table_group(
                _("Retention checks of the selected placement"),
                self.check_table,
                (self.record_button,),
                body,
            )
        )
        self.enrollments: RecordTableModel[EnrollmentRow] = RecordTableModel(
            ENROLLMENT_COLUMNS, body
        )
        self.enrollment_table = row_table(self.enrollments, _("Training"), body, max_height=160)
        self.enroll_button = QPushButton(_("Enro&ll in training…"), body)
        layout.addWidget(
            table_group(_("Training"), self.enrollment_table, (self.enroll_button,), body)
        )
        self.status = QLabel(body)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        scroll_body(self, body)

    def _connect_signals(self) -> None:
        self.load.hold(
            self.baseline.save_button,
            self.add_button,
            self.edit_button,
            self.end_button,
            self.record_button,
            self.enroll_button,
        )
        self.load.loaded.connect(self._on_loaded)
        self.load.failed.connect(lambda exc: present(self.status, failure_text(exc, field_label)))
        self.baseline.save_button.clicked.connect(self.save_baseline)
        self.placement_table.selectionModel().selectionChanged.connect(self._on_placement_selected)
        self.add_button.clicked.connect(lambda: self._on_placement_dialog(None))
        self.edit_button.clicked.connect(lambda: self._on_placement_dialog(self.selected()))
        self.end_button.clicked.connect(self._on_end_clicked)
        self.record_button.clicked.connect(self._on_record_clicked)
        self.enroll_button.clicked.connect(self._on_enroll_clicked)

    # -- tab protocol ------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the baseline, placements and training on the read pool; the placement on show
        stays selected (or the one just saved)."""
        if self._select is None and (shown := self.selected()) is not None:
            self._select = shown.id
        actor, cid = self.ctx.actor, self._client_id
        self.load.start(lambda s: read_employment(s, actor=actor, client_id=cid))

    def _on_loaded(self, view: EmploymentView) -> None:
        keep, self._select = self._select, None
        self.baseline.show_row(view.baseline)
        self.placements.set_rows(view.placements)
        self.enrollments.set_rows(view.enrollments)
        rows = view.placements
        found = next((i for i, r in enumerate(rows) if r.id == keep), len(rows) - 1)
        if rows:
            self.placement_table.selectRow(found)
        self._on_placement_selected()

    def clear(self) -> None:
        self.load.cancel()
        self._select = None
        self.placements.clear()
        self.checks.clear()
        self.enrollments.clear()
        self.baseline.show_row(None)
        self.warning.hide()
        self.status.clear()

    # -- actions -----------------------------------------------------------------------------

    def save_baseline(self) -> None:
        draft = self.baseline.draft()
        row = self.ctx.call(
            lambda s: employment_service.save_baseline(
                s, actor=self.ctx.actor, client_id=self._client_id, draft=draft
            ),
            where=self.status,
            label=field_label,
        )
        if row is not None:
            self._say(_("Baseline saved."))
            self.refresh()

    def save_placement(self, draft: PlacementDraft, placement_id: int | None = None) -> bool:
        actor, cid = self.ctx.actor, self._client_id
        if placement_id is None:
            row = self.ctx.call(
                lambda s: employment_service.add_placement(
                    s, actor=actor, client_id=cid, draft=draft
                ),
                where=self.status,
                label=field_label,
            )
        else:
            row = self.ctx.call(
                lambda s: employment_service.update_placement(
                    s, actor=actor, placement_id=placement_id, draft=draft
                ),
                where=self.status,
                label=field_label,
            )
        if row is None:
            return False
        self._say(_("Placement saved."))
        self._select_after_refresh(row.id)
        self._show_warning(row)
        return True

    def end_placement(self, placement_id: int, dialog: SeparationDialog) -> None:
        day, reason = dialog.date.value(), dialog.reason.value() or "other"
        assert day is not None  # noqa: S101 - narrows a type; never guards a permission
        row = self.ctx.call(
            lambda s: employment_service.separate_placement(
                s,
                actor=self.ctx.actor,
                placement_id=placement_id,
                separation_date=day,
                reason=reason,
                referred_back=dialog.referred_back.isChecked(),
            ),
            where=self.status,
            label=field_label,
        )
        if row is not None:
            self._select_after_refresh(row.id)

    def record_check(self, check_id: int, draft: RetentionCheckDraft) -> bool:
        row = self.ctx.call(
            lambda s: retention_service.record_retention_check(
                s, actor=self.ctx.actor, check_id=check_id, draft=draft
            ),
            where=self.status,
            label=field_label,
        )
        if row is not None:
            self._say(_("Retention check recorded."))
            placement = self.selected()
            self._select_after_refresh(placement.id if placement else None)
        return row is not None

    def enroll(self, draft: EnrollmentDraft) -> bool:
        row = self.ctx.call(
            lambda s: training_service.save_enrollment(
                s, actor=self.ctx.actor, client_id=self._client_id, draft=draft
            ),
            where=self.status,
            label=field_label,
        )
        if row is not None:
            self.refresh()
        return row is not None

    # -- helpers -----------------------------------------------------------------------------

    def selected(self) -> PlacementRow | None:
        rows = self.placement_table.selectionModel().selectedRows()
        return self.placements.row_at(rows[0].row()) if rows else None

    def _select_after_refresh(self, placement_id: int | None) -> None:
        self._select = placement_id
        self.refresh()

    def _show_warning(self, row: PlacementRow | None) -> None:
        warning = row.warnings[0] if row and row.warnings else None
        self.warning.setVisible(warning is not None)
        self.warning.setText(
            same_sector_text(warning.placement_sector, warning.exploitation_sector)
            if warning
            else ""
        )

    def _on_placement_selected(self, *_args: object) -> None:
        row = self.selected()
        self.checks.set_rows(list(row.retention_checks) if row else [])
        self._show_warning(row)
        for button in (self.edit_button, self.end_button, self.record_button):
            button.setEnabled(row is not None)
        self.load.keep_held()

    def _say(self, text: str, *, error: bool = False) -> None:
        say(self.status, text, error=error)

    def _on_placement_dialog(self, row: PlacementRow | None) -> None:
        employers = self.ctx.call(
            lambda s: employer_service.list_employers(s, actor=self.ctx.actor),
            where=self.status,
            label=field_label,
        )
        dialog = PlacementDialog(
            self,
            employers=employers or [],
            exploitation_sector=self.baseline.exploitation_sector,
            row=row,
        )
        while dialog.exec():
            if self.save_placement(dialog.draft(), row.id if row else None):
                return
            dialog.error.setText(self.status.text())

    def _on_end_clicked(self) -> None:
        row = self.selected()
        dialog = SeparationDialog(self)
        if row is not None and dialog.exec():
            self.end_placement(row.id, dialog)

    def _on_record_clicked(self) -> None:
        rows = self.check_table.selectionModel().selectedRows()
        check = (
            self.checks.row_at(rows[0].row())
            if rows
            else next((c for c in self.checks.rows() if not c.recorded), None)
        )
        if check is None:
            self._say(_("Choose a retention check first."), error=True)
            return
        dialog = RetentionDialog(self)
        while dialog.exec():
            if self.record_check(check.id, dialog.draft()):
                return
            dialog.error.setText(self.status.text())

    def _on_enroll_clicked(self) -> None:
        programs = self.ctx.call(
            lambda s: employer_service.list_training_programs(s, actor=self.ctx.actor),
            where=self.status,
            label=field_label,
        )
        if not programs:
            self._say(_("There are no training programs yet (Employers page)."), error=True)
            return
        dialog = EnrollmentDialog(self, programs)
        while dialog.exec():
            if self.enroll(dialog.draft()):
                return
            dialog.error.setText(self.status.text())
