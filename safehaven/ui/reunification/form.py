"""The assessment form: check items grouped A–F, the survivor's wishes first.

Sections B–F stay disabled until both wishes questions are answered (the service refuses them
too). Each red flag has its answer and a mitigation field. The form only reads and fills an
`AssessmentDraft`; the tab calls the services.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from safehaven.i18n import N_, _
from safehaven.models.reunification import PREFERRED_ALTERNATIVES
from safehaven.models.reunification_rules import (
    BEST_INTERESTS_OUTCOMES,
    RED_FLAGS,
    RISK_RATINGS,
    TRI,
    WISHES,
    RedFlag,
)
from safehaven.services.reunification.records import AssessmentDraft, AssessmentRow
from safehaven.ui.a11y.fields import label_field
from safehaven.ui.reunification.labels import code_label, item_label, red_flag_label
from safehaven.ui.widgets.form_inputs import CodeCombo, DateInput, NumberInput, text_or_none

SECTIONS = (
    ("A", N_("A. The survivor's wishes (asked privately, first)")),
    ("B", N_("B. Identity verification of the family contact")),
    ("C", N_("C. Red flags (family and community safety)")),
    ("D", N_("D. Willingness and capacity of the household")),
    ("E", N_("E. Home visit and overall risk")),
    ("F", N_("F. Decision")),
)
CHOICES: dict[str, tuple[str, ...]] = {
    "wants_contact": TRI,
    "wishes_reunify": WISHES,
    "preferred_alternative": PREFERRED_ALTERNATIVES,
    "best_interests_outcome": BEST_INTERESTS_OUTCOMES,
    "survivor_knows_adult": TRI,
    "accounts_match": TRI,
    "identity_verified": TRI,
    "household_willing": TRI,
    "household_able": TRI,
    "home_visit_done": TRI,
    "risk_rating": RISK_RATINGS,
    "survivor_agrees": TRI,
}
DATES = (
    "wishes_asked_on",
    "best_interests_date",
    "corroborated_on",
    "acceptance_date",
    "home_visit_date",
)
LONG_TEXTS = (
    "survivor_concerns",
    "household_notes",
    "home_visit_observations",
    "risk_rationale",
    "conditions_support",
)
LAYOUT: dict[str, tuple[str, ...]] = {
    "A": (
        "wants_contact",
        "wishes_reunify",
        "wishes_asked_on",
        "survivor_concerns",
        "preferred_alternative",
        "best_interests_done",
        "best_interests_date",
        "best_interests_outcome",
    ),
    "B": (
        "survivor_knows_adult",
        "accounts_match",
        "identity_verified",
        "documents_checked",
        "corroborated_by",
        "corroborated_on",
    ),
    "D": (
        "household_willing",
        "household_able",
        "acceptance_date",
        "household_size",
        "household_notes",
    ),
    "E": (
        "home_visit_done",
        "home_visit_date",
        "home_visit_by",
        "home_visit_observations",
        "risk_rating",
        "risk_rationale",
    ),
    "F": ("conditions_support", "survivor_agrees"),
}


class AssessmentForm(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.inputs: dict[str, QWidget] = {}
        self.flag_answers: dict[str, CodeCombo] = {}
        self.flag_mitigations: dict[str, QLineEdit] = {}
        self.sections: dict[str, QGroupBox] = {}
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        for key, title in SECTIONS:
            box = QGroupBox(_(title), self)
            form = QFormLayout(box)
            if key == "A":
                self.minor_note = QLabel(box)
                self.minor_note.setWordWrap(True)
                form.addRow(self.minor_note)
            if key == "C":
                self._red_flags(box, form)
            for name in LAYOUT.get(key, ()):
                widget = self._input(name, box)
                self.inputs[name] = widget
                form.addRow(item_label(name), widget)
            self.sections[key] = box
            layout.addWidget(box)

    def _input(self, name: str, parent: QWidget) -> QWidget:
        label = item_label(name)
        if name in CHOICES:
            return CodeCombo(CHOICES[name], code_label, label, parent)
        if name in DATES:
            return DateInput(label, parent)
        if name == "household_size":
            return NumberInput(label, parent)
        if name == "best_interests_done":
            box = QCheckBox(parent)
            box.setAccessibleName(label)
            return box
        if name in LONG_TEXTS:
            edit = QPlainTextEdit(parent)
            edit.setAccessibleName(label)
            edit.setTabChangesFocus(True)
            edit.setMaximumHeight(70)
            return edit
        line = QLineEdit(parent)
        line.setAccessibleName(label)
        return line

    def _red_flags(self, box: QGroupBox, form: QFormLayout) -> None:
        for code in RED_FLAGS:
            label = red_flag_label(code)
            answer = CodeCombo(TRI, code_label, label, box)
            mitigation = QLineEdit(box)
            mitigation.setPlaceholderText(_("Documented mitigation (required if raised)"))
            self.flag_answers[code], self.flag_mitigations[code] = answer, mitigation
            form.addRow(label, answer)
            mitigation_label = QLabel(box)
            label_field(mitigation_label, mitigation, _("Mitigation"), context=label)
            form.addRow(mitigation_label, mitigation)

    def _connect_signals(self) -> None:
        for widget in [
            *self.inputs.values(),
            *self.flag_answers.values(),
            *self.flag_mitigations.values(),
        ]:
            if isinstance(widget, CodeCombo):
                widget.currentIndexChanged.connect(self._on_changed)
            elif isinstance(widget, QCheckBox):
                widget.toggled.connect(self._on_changed)
            elif isinstance(widget, QPlainTextEdit | QLineEdit):
                widget.textChanged.connect(self._on_changed)

    def _on_changed(self, *_args: object) -> None:
        self._update_enabled()
        self.changed.emit()

    def wishes_answered(self) -> bool:
        wants = self.inputs["wants_contact"]
        wish = self.inputs["wishes_reunify"]
        assert isinstance(wants, CodeCombo)  # noqa: S101 - narrows a type; never guards a permission
        assert isinstance(wish, CodeCombo)  # noqa: S101 - narrows a type; never guards a permission
        return wants.value() is not None and wish.value() is not None

    def _update_enabled(self) -> None:
        open_later = self.wishes_answered() and self._editable
        for key, box in self.sections.items():
            box.setEnabled(self._editable if key == "A" else open_later)

    _editable = True

    def set_editable(self, editable: bool) -> None:
        self._editable = editable
        self._update_enabled()

    def set_minor(self, is_minor: bool | None) -> None:
        """Say when a best-interests determination is required (minor or age unknown)."""
        if is_minor is False:
            self.minor_note.setText("")
        elif is_minor:
            self.minor_note.setText(
                _("This survivor is a minor: a best-interests determination is required.")
            )
        else:
            self.minor_note.setText(
                _(
                    "The survivor's age is not established: a "
                    "best-interests determination is required."
                )
            )

    # -- values ------------------------------------------------------------------------------

    def draft(self) -> AssessmentDraft:
        """The draft the form shows; raises InputError for unreadable dates or numbers."""
        values: dict[str, object] = {}
        for name, widget in self.inputs.items():
            if isinstance(widget, CodeCombo | DateInput | NumberInput):
                values[name] = widget.value()
            elif isinstance(widget, QCheckBox):
                values[name] = widget.isChecked()
            elif isinstance(widget, QPlainTextEdit):
                values[name] = widget.toPlainText().strip() or None
            elif isinstance(widget, QLineEdit):
                values[name] = text_or_none(widget)
        flags = {
            code: RedFlag(
                self.flag_answers[code].value(), text_or_none(self.flag_mitigations[code])
            )
            for code in RED_FLAGS
        }
        return AssessmentDraft(**values, red_flags=flags)  # type: ignore[arg-type]

    def show_row(self, row: AssessmentRow | None) -> None:
        self.blockSignals(True)
        for name, widget in self.inputs.items():
            value = None if row is None else getattr(row, name)
            if isinstance(widget, CodeCombo | DateInput | NumberInput):
                widget.set_value(value)
            elif isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            elif isinstance(widget, QPlainTextEdit):
                widget.setPlainText(value or "")
            elif isinstance(widget, QLineEdit):
                widget.setText(value or "")
        for code in RED_FLAGS:
            flag = RedFlag() if row is None else row.red_flags.get(code, RedFlag())
            self.flag_answers[code].set_value(flag.raised)
            self.flag_mitigations[code].setText(flag.mitigation or "")
        self.blockSignals(False)
        self._update_enabled()
