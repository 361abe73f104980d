"""Dialogs of the employment tab: a placement (with the live same-sector warning), its end,
a retention check and a training enrollment."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import QCheckBox, QLabel, QPlainTextEdit, QWidget

from safehaven.i18n import _
from safehaven.models.employment_rules import (
    CONTACT_METHODS,
    EMPLOYMENT_TYPES,
    ENROLLMENT_STATUSES,
    PAY_FREQUENCIES,
    PLACEMENT_SOURCES,
    RETENTION_ISSUES,
    RETENTION_STATUSES,
    SECTORS,
    SEPARATION_REASONS,
    SUPPORTS,
    sector_warning,
)
from safehaven.services.employment.checks import validate_placement, validate_retention
from safehaven.services.employment.records import (
    EmployerRow,
    EnrollmentDraft,
    PlacementDraft,
    PlacementRow,
    RetentionCheckDraft,
    TrainingProgramRow,
)
from safehaven.ui.employment.labels import code_label, same_sector_text, sector_label
from safehaven.ui.style import BANNER_STYLES
from safehaven.ui.widgets.form_dialog import FormDialog as BaseFormDialog
from safehaven.ui.widgets.form_inputs import (
    AmountInput,
    CodeCombo,
    DateInput,
    NumberInput,
    text_or_none,
)


class FormDialog(BaseFormDialog):
    """The shared form dialog plus a group of check boxes for a list of codes."""

    def checks(self, label: str, codes: tuple[str, ...]) -> dict[str, QCheckBox]:
        boxes = {}
        self.form.addRow(QLabel(label, self))
        for code in codes:
            box = QCheckBox(code_label(code), self)
            self.form.addRow(box)
            boxes[code] = box
        return boxes


class PlacementDialog(FormDialog):
    def __init__(
        self,
        parent: QWidget | None,
        *,
        employers: list[EmployerRow],
        exploitation_sector: str | None,
        row: PlacementRow | None = None,
    ) -> None:
        super().__init__(_("Placement"), parent)
        self._exploited = exploitation_sector
        self.job_title = self.line(_("Job title"), "job_title")
        self.employer = EmployerCombo(employers, self)
        self.add(_("Employer"), self.employer, "employer_id")
        self.sector = CodeCombo(SECTORS, sector_label, _("Sector"), self)
        self.add(_("Sector"), self.sector, "sector")
        self.warning = QLabel(self)
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(BANNER_STYLES["warning"])
        self.form.addRow(self.warning)
        self.kind = CodeCombo(EMPLOYMENT_TYPES, code_label, _("Employment type"), self)
        self.add(_("Employment type"), self.kind, "employment_type")
        self.source = CodeCombo(PLACEMENT_SOURCES, code_label, _("Placement source"), self)
        self.add(_("Placement source"), self.source, "placement_source")
        self.city = self.line(_("Worksite city"), "worksite_city")
        self.start = DateInput(_("Start date"), self)
        self.add(_("Start date"), self.start, "start_date")
        self.hours = NumberInput(_("Hours per week"), self)
        self.add(_("Hours per week"), self.hours, "hours_per_week")
        self.wage = AmountInput(_("Wage"), self)
        self.add(_("Wage"), self.wage, "wage")
        self.pay = CodeCombo(PAY_FREQUENCIES, code_label, _("Pay frequency"), self)
        self.add(_("Pay frequency"), self.pay, "pay_frequency")
        self.contract = QCheckBox(
            _("Written contract in a language the survivor understands"), self
        )
        self.form.addRow(self.contract)
        self.paid_directly = QCheckBox(_("Paid directly to the survivor"), self)
        self.form.addRow(self.paid_directly)
        self.supports = self.checks(_("Supports provided"), SUPPORTS)
        self.sector.currentIndexChanged.connect(self._update_warning)
        self.employer.currentIndexChanged.connect(self._on_employer_changed)
        if row is not None:
            self._show(row)
        self._update_warning()

    def _show(self, row: PlacementRow) -> None:
        self.job_title.setText(row.job_title)
        self.employer.set_value(row.employer_id)
        self.sector.set_value(row.sector)
        self.kind.set_value(row.employment_type)
        self.source.set_value(row.placement_source)
        self.city.setText(row.worksite_city or "")
        self.start.set_value(row.start_date)
        self.hours.set_value(row.hours_per_week)
        self.wage.set_value(row.wage)
        self.pay.set_value(row.pay_frequency)
        self.contract.setChecked(bool(row.contract_understood))
        self.paid_directly.setChecked(bool(row.paid_directly))
        for code, box in self.supports.items():
            box.setChecked(code in row.supports)
        self._row = row

    _row: PlacementRow | None = None

    def _on_employer_changed(self) -> None:
        sector = self.employer.sector()
        if sector and self.sector.value() is None:
            self.sector.set_value(sector)

    def _update_warning(self) -> None:
        warning = sector_warning(self.sector.value(), self._exploited)
        self.warning.setVisible(warning is not None)
        self.warning.setText(
            same_sector_text(warning.placement_sector, warning.exploitation_sector)
            if warning
            else ""
        )

    def validate(self) -> Mapping[str, str]:
        return validate_placement(self.draft())

    def draft(self) -> PlacementDraft:
        base = self._row
        return PlacementDraft(
            job_title=self.job_title.text().strip(),
            start_date=self.start.value(),
            employer_id=self.employer.value(),
            sector=self.sector.value(),
            employment_type=self.kind.value(),
            placement_source=self.source.value(),
            worksite_city=text_or_none(self.city),
            hours_per_week=self.hours.value(),
            wage=self.wage.value(),
            pay_frequency=self.pay.value(),
            contract_understood=self.contract.isChecked(),
            paid_directly=self.paid_directly.isChecked(),
            supports=tuple(c for c, box in self.supports.items() if box.isChecked()),
            separation_date=base.separation_date if base else None,
            separation_reason=base.separation_reason if base else None,
            referred_back=base.referred_back if base else None,
        )


class EmployerCombo(CodeCombo):
    """Employers by name (stores the id); "none" first."""

    def __init__(self, employers: list[EmployerRow], parent: QWidget | None) -> None:
        self._employers = {e.id: e for e in employers}
        super().__init__([], lambda _c: _("No employer from the list"), _("Employer"), parent)
        for e in employers:
            vetted = _("vetted") if e.vetted else _("not vetted")
            self.addItem(f"{e.name} ({vetted})", e.id)

    def value(self) -> int | None:  # type: ignore[override]
        data = self.currentData()
        return None if data is None else int(data)

    def set_value(self, code: object) -> None:
        self.setCurrentIndex(max(self.findData(code), 0))

    def sector(self) -> str | None:
        found = self._employers.get(self.value() or -1)
        return found.sector if found else None


class SeparationDialog(FormDialog):
    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(_("End the placement"), parent)
        self.date = DateInput(_("End date"), self)
        self.add(_("End date"), self.date, "separation_date")
        self.reason = CodeCombo(SEPARATION_REASONS, code_label, _("Reason"), self, required=True)
        self.add(_("Reason"), self.reason, "separation_reason")
        self.referred_back = QCheckBox(_("Referred back to job development"), self)
        self.form.addRow(self.referred_back)

    def validate(self) -> Mapping[str, str]:
        return {"separation_date": "required"} if self.date.value() is None else {}


class RetentionDialog(FormDialog):
    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(_("Retention check"), parent)
        self.attempted = DateInput(_("Date attempted"), self)
        self.add(_("Date attempted"), self.attempted, "attempted_on")
        self.method = CodeCombo(CONTACT_METHODS, code_label, _("Contact method"), self)
        self.add(_("Contact method"), self.method, "contact_method")
        self.reached = QCheckBox(_("Survivor reached"), self)
        self.form.addRow(self.reached)
        self.status = CodeCombo(RETENTION_STATUSES, code_label, _("Employment status"), self)
        self.add(_("Employment status"), self.status, "status")
        self.hours = NumberInput(_("Hours per week"), self)
        self.add(_("Hours per week"), self.hours, "hours_per_week")
        self.wage = AmountInput(_("Current wage"), self)
        self.add(_("Current wage"), self.wage, "wage")
        self.issues = self.checks(_("Issues raised"), RETENTION_ISSUES)
        self.support = QPlainTextEdit(self)
        self.support.setTabChangesFocus(True)
        self.support.setMaximumHeight(70)
        self.add(_("Support given"), self.support)

    def validate(self) -> Mapping[str, str]:
        return validate_retention(self.draft())

    def draft(self) -> RetentionCheckDraft:
        return RetentionCheckDraft(
            attempted_on=self.attempted.value(),
            contact_method=self.method.value(),
            reached=self.reached.isChecked(),
            status=self.status.value() or ("unknown" if not self.reached.isChecked() else None),
            hours_per_week=self.hours.value(),
            wage=self.wage.value(),
            issues=tuple(c for c, box in self.issues.items() if box.isChecked()),
            support_given=self.support.toPlainText().strip() or None,
        )


class EnrollmentDialog(FormDialog):
    def __init__(self, parent: QWidget | None, programs: list[TrainingProgramRow]) -> None:
        super().__init__(_("Training enrollment"), parent)
        self.program = CodeCombo([], lambda _c: "", _("Training program"), self, required=True)
        for p in programs:
            self.program.addItem(p.name, p.id)
        self.add(_("Training program"), self.program, "program_id")
        self.start = DateInput(_("Start date"), self)
        self.add(_("Start date"), self.start, "start_date")
        self.status = CodeCombo(ENROLLMENT_STATUSES, code_label, _("Status"), self, required=True)
        self.add(_("Status"), self.status, "status")
        self.credential = QCheckBox(_("Credential attained"), self)
        self.form.addRow(self.credential)
        self.credential_date = DateInput(_("Credential date"), self)
        self.add(_("Credential date"), self.credential_date, "credential_date")

    def validate(self) -> Mapping[str, str]:
        self.draft()
        return {}

    def draft(self) -> EnrollmentDraft:
        return EnrollmentDraft(
            program_id=int(self.program.currentData() or 0),
            start_date=self.start.value(),
            status=self.status.value() or "enrolled",
            credential_attained=self.credential.isChecked(),
            credential_date=self.credential_date.value(),
        )
