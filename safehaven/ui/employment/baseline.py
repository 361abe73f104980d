"""The employment baseline at intake (status, education, skills, work authorization, goals and
the sector of the exploitation, which drives the same-sector warning on placements)."""

from __future__ import annotations

from dataclasses import fields, replace

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from safehaven.i18n import N_, _
from safehaven.models.employment_rules import (
    BASELINE_TYPES,
    EMPLOYED_ANSWERS,
    NOT_EMPLOYED_REASONS,
    SECTORS,
    WORK_AUTHORIZATION,
)
from safehaven.services.employment.records import BaselineDraft
from safehaven.ui.employment.labels import code_label, sector_label
from safehaven.ui.widgets.form_inputs import CodeCombo, text_or_none

BASELINE_CHOICES = (
    ("employed", N_("Employed at intake"), EMPLOYED_ANSWERS),
    ("employment_type", N_("If employed: type"), BASELINE_TYPES),
    ("not_employed_reason", N_("If not: why"), NOT_EMPLOYED_REASONS),
    ("work_authorization", N_("Work authorization"), WORK_AUTHORIZATION),
)


class BaselineBox(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Baseline at intake"), parent)
        self._row: BaselineDraft | None = None
        self._build_ui()

    def _build_ui(self) -> None:
        form = QFormLayout(self)
        self.choices: dict[str, CodeCombo] = {}
        for name, label, codes in BASELINE_CHOICES:
            combo = CodeCombo(codes, code_label, _(label), self)
            self.choices[name] = combo
            form.addRow(_(label), combo)
        self.sector = CodeCombo(SECTORS, sector_label, _("Sector of the exploitation"), self)
        form.addRow(_("Sector of the exploitation"), self.sector)
        self.last_grade = QLineEdit(self)
        self.last_grade.setAccessibleName(_("Last grade completed"))
        form.addRow(_("Last grade completed"), self.last_grade)
        self.skills = self._text(_("Skills and prior occupations"))
        form.addRow(_("Skills and prior occupations"), self.skills)
        self.goals = self._text(_("Employment goals"))
        form.addRow(_("Employment goals"), self.goals)
        self.save_button = QPushButton(_("&Save baseline"), self)
        form.addRow(self.save_button)

    def _text(self, name: str) -> QPlainTextEdit:
        edit = QPlainTextEdit(self)
        edit.setAccessibleName(name)
        edit.setTabChangesFocus(True)
        edit.setMaximumHeight(60)
        return edit

    @property
    def exploitation_sector(self) -> str | None:
        """The saved sector of the exploitation (not what is typed but not saved yet)."""
        return self._row.exploitation_sector if self._row else None

    def show_row(self, row: BaselineDraft | None) -> None:
        self._row = row
        for name, combo in self.choices.items():
            combo.set_value(getattr(row, name) if row else None)
        self.sector.set_value(row.exploitation_sector if row else None)
        self.last_grade.setText((row.last_grade if row else None) or "")
        self.skills.setPlainText((row.skills if row else None) or "")
        self.goals.setPlainText((row.goals if row else None) or "")

    def draft(self) -> BaselineDraft:
        """What the form shows; fields it does not show keep their saved values."""
        kept = self._row or BaselineDraft()
        base = BaselineDraft(**{f.name: getattr(kept, f.name) for f in fields(BaselineDraft)})
        return replace(
            base,
            employed=self.choices["employed"].value(),
            employment_type=self.choices["employment_type"].value(),
            not_employed_reason=self.choices["not_employed_reason"].value(),
            work_authorization=self.choices["work_authorization"].value(),
            exploitation_sector=self.sector.value(),
            last_grade=text_or_none(self.last_grade),
            skills=self.skills.toPlainText().strip() or None,
            goals=self.goals.toPlainText().strip() or None,
        )
