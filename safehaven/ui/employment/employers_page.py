"""The Employers page: the employers placements are made with (sector, contact, vetting) and the
training programs clients can be enrolled in. No client data is shown here."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from safehaven.i18n import N_, _
from safehaven.models.employment_rules import SECTORS
from safehaven.services.employment import employers as employer_service
from safehaven.services.employment.records import (
    EmployerDraft,
    EmployerRow,
    TrainingProgramDraft,
    TrainingProgramRow,
)
from safehaven.ui.context import UiContext, failure_text, present
from safehaven.ui.employment.dialogs import FormDialog
from safehaven.ui.employment.labels import field_label, sector_label, yes_no
from safehaven.ui.models.record_table import ROW_ROLE, RecordTableModel, TableColumn
from safehaven.ui.pages import PageWidget
from safehaven.ui.responsive.page_load import PageLoad
from safehaven.ui.widgets.form_inputs import (
    CodeCombo,
    DateInput,
    NumberInput,
    text_or_none,
)
from safehaven.ui.widgets.status_line import say
from safehaven.ui.widgets.tables import row_table, table_group

EMPLOYER_COLUMNS: tuple[TableColumn[EmployerRow], ...] = (
    TableColumn(N_("Name"), lambda r: r.name),
    TableColumn(N_("Sector"), lambda r: sector_label(r.sector) if r.sector else ""),
    TableColumn(N_("City"), lambda r: r.city or ""),
    TableColumn(N_("Contact"), lambda r: r.contact_name or ""),
    TableColumn(N_("Vetted"), lambda r: yes_no(r.vetted)),
    TableColumn(N_("Vetted on"), lambda r: "" if r.vetted_on is None else str(r.vetted_on)),
)
PROGRAM_COLUMNS: tuple[TableColumn[TrainingProgramRow], ...] = (
    TableColumn(N_("Name"), lambda r: r.name),
    TableColumn(N_("Provider"), lambda r: r.provider or ""),
    TableColumn(N_("Sector"), lambda r: sector_label(r.sector) if r.sector else ""),
    TableColumn(N_("Credential"), lambda r: r.credential or ""),
)


class EmployerDialog(FormDialog):
    def __init__(self, parent: QWidget | None, row: EmployerRow | None = None) -> None:
        super().__init__(_("Employer"), parent)
        self.name = self.line(_("Name"), "name")
        self.sector = CodeCombo(SECTORS, sector_label, _("Sector"), self)
        self.add(_("Sector"), self.sector, "sector")
        self.contact = self.line(_("Contact person"), "contact_name")
        self.phone = self.line(_("Phone"), "phone")
        self.email = self.line(_("Email"), "email")
        self.city = self.line(_("City"), "city")
        self.vetted = QCheckBox(_("Vetted (labour rights, no recruitment fees)"), self)
        self.form.addRow(self.vetted)
        self.vetted_on = DateInput(_("Vetted on"), self)
        self.add(_("Vetted on"), self.vetted_on, "vetted_on")
        self.notes = QPlainTextEdit(self)
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(70)
        self.add(_("Notes"), self.notes)
        if row is not None:
            self.name.setText(row.name)
            self.sector.set_value(row.sector)
            for edit, value in (
                (self.contact, row.contact_name),
                (self.phone, row.phone),
                (self.email, row.email),
                (self.city, row.city),
            ):
                edit.setText(value or "")
            self.vetted.setChecked(row.vetted)
            self.vetted_on.set_value(row.vetted_on)
            self.notes.setPlainText(row.notes or "")

    def validate(self) -> Mapping[str, str]:
        return employer_service.validate_employer(self.draft())

    def draft(self) -> EmployerDraft:
        return EmployerDraft(
            name=self.name.text().strip(),
            sector=self.sector.value(),
            contact_name=text_or_none(self.contact),
            phone=text_or_none(self.phone),
            email=text_or_none(self.email),
            city=text_or_none(self.city),
            vetted=self.vetted.isChecked(),
            vetted_on=self.vetted_on.value(),
            notes=self.notes.toPlainText().strip() or None,
        )


class ProgramDialog(FormDialog):
    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(_("Training program"), parent)
        self.name = self.line(_("Name"), "name")
        self.provider = self.line(_("Provider"), "provider")
        self.sector = CodeCombo(SECTORS, sector_label, _("Sector"), self)
        self.add(_("Sector"), self.sector, "sector")
        self.credential = self.line(_("Credential"), "credential")
        self.weeks = NumberInput(_("Duration in weeks"), self)
        self.add(_("Duration in weeks"), self.weeks, "duration_weeks")

    def validate(self) -> Mapping[str, str]:
        return employer_service.validate_program(self.draft())

    def draft(self) -> TrainingProgramDraft:
        return TrainingProgramDraft(
            name=self.name.text().strip(),
            provider=text_or_none(self.provider),
            sector=self.sector.value(),
            credential=text_or_none(self.credential),
            duration_weeks=self.weeks.value(),
        )


class EmployersPage(PageWidget):
    loaded = Signal()  # the rows read by the last refresh are shown

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.ctx = ctx
        self._build_ui()
        self._connect_signals()
        self.refresh()

    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        self.load = PageLoad(self.ctx, self)
        layout.addWidget(self.load.notice)
        self.employers: RecordTableModel[EmployerRow] = RecordTableModel(EMPLOYER_COLUMNS, self)
        self.employer_proxy = QSortFilterProxyModel(self)
        self.employer_proxy.setSourceModel(self.employers)
        self.employer_table = self._table(self.employer_proxy, _("Employers"))
        self.add_employer_button = QPushButton(_("&Add employer…"), self)
        self.edit_employer_button = QPushButton(_("&Edit employer…"), self)
        layout.addWidget(
            table_group(
                _("Employers"),
                self.employer_table,
                (self.add_employer_button, self.edit_employer_button),
                self,
            )
        )
        self.programs: RecordTableModel[TrainingProgramRow] = RecordTableModel(
            PROGRAM_COLUMNS, self
        )
        self.program_table = self._table(self.programs, _("Training programs"))
        self.add_program_button = QPushButton(_("Add &training program…"), self)
        layout.addWidget(
            table_group(
                _("Training programs"), self.program_table, (self.add_program_button,), self
            )
        )
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)

    def _table(self, model: Any, name: str) -> QTableView:
        table = row_table(model, name, self)
        table.setSortingEnabled(True)
        return table

    def _connect_signals(self) -> None:
        self.load.hold(self.add_employer_button, self.edit_employer_button, self.add_program_button)
        self.load.loaded.connect(self._on_loaded)
        self.load.failed.connect(lambda exc: present(self.status, failure_text(exc, field_label)))
        self.add_employer_button.clicked.connect(lambda: self._on_employer_dialog(None))
        self.edit_employer_button.clicked.connect(
            lambda: self._on_employer_dialog(self.selected_employer())
        )
        self.add_program_button.clicked.connect(self._on_program_dialog)

    def refresh(self) -> None:
        """Read the employers and programs on the read pool; nothing can be added or edited
        until they are shown."""
        actor = self.ctx.actor
        self.load.start(
            lambda s: (
                employer_service.list_employers(s, actor=actor, include_inactive=True),
                employer_service.list_training_programs(s, actor=actor),
            )
        )

    def _on_loaded(self, result: tuple[list[EmployerRow], list[TrainingProgramRow]]) -> None:
        self.employers.set_rows(result[0])
        self.programs.set_rows(result[1])
        self.loaded.emit()

    def clear(self) -> None:
        self.load.cancel()
        self.employers.clear()
        self.programs.clear()
        self.status.clear()

    def save_employer(self, draft: EmployerDraft, employer_id: int | None = None) -> bool:
        row = self.ctx.call(
            lambda s: employer_service.save_employer(
                s, actor=self.ctx.actor, draft=draft, employer_id=employer_id
            ),
            where=self.status,
            label=field_label,
        )
        if row is not None:
            self._say(_("Employer saved."))
            self.refresh()
        return row is not None

    def save_program(self, draft: TrainingProgramDraft) -> bool:
        row = self.ctx.call(
            lambda s: employer_service.save_training_program(s, actor=self.ctx.actor, draft=draft),
            where=self.status,
            label=field_label,
        )
        if row is not None:
            self._say(_("Training program saved."))
            self.refresh()
        return row is not None

    def selected_employer(self) -> EmployerRow | None:
        rows = self.employer_table.selectionModel().selectedRows()
        if not rows:
            return None
        found = self.employer_proxy.data(rows[0], ROW_ROLE)
        return found if isinstance(found, EmployerRow) else None

    def _say(self, text: str, *, error: bool = False) -> None:
        say(self.status, text, error=error)

    def _on_employer_dialog(self, row: EmployerRow | None) -> None:
        dialog = EmployerDialog(self, row)
        while dialog.exec():
            if self.save_employer(dialog.draft(), row.id if row else None):
                return
            dialog.error.setText(self.status.text())

    def _on_program_dialog(self) -> None:
        dialog = ProgramDialog(self)
        while dialog.exec():
            if self.save_program(dialog.draft()):
                return
            dialog.error.setText(self.status.text())
