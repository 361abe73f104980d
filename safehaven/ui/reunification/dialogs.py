"""Small dialogs of the reunification tab: a family contact, the reunification record, a visit."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QPlainTextEdit, QWidget

from safehaven.i18n import _
from safehaven.models.reunification import (
    NOT_VERIFIED_REASONS,
    RELATIONSHIPS,
    REUNIFICATION_TYPES,
    WELLBEING,
)
from safehaven.services.reunification.followup import validate_record
from safehaven.services.reunification.records import (
    FamilyContactDraft,
    FamilyContactRow,
    FollowUpDraft,
    ReunificationDraft,
)
from safehaven.ui.reunification.labels import code_label
from safehaven.ui.widgets.form_dialog import FormDialog
from safehaven.ui.widgets.form_inputs import (
    CodeCombo,
    DateInput,
    NumberInput,
    text_or_none,
)


class FamilyContactDialog(FormDialog):
    """Relationship and, for roles that may see them, the restricted details."""

    def __init__(
        self, parent: QWidget | None, *, details_allowed: bool, row: FamilyContactRow | None = None
    ) -> None:
        super().__init__(_("Family contact"), parent)
        self.relationship = CodeCombo(
            RELATIONSHIPS, code_label, _("Relationship"), self, required=True
        )
        self.add(_("Relationship"), self.relationship, "relationship")
        self.rank = NumberInput(_("Survivor's choice (1st, 2nd, 3rd)"), self)
        self.add(_("Survivor's choice (1st, 2nd, 3rd)"), self.rank, "survivor_choice_rank")
        self.details: dict[str, QLineEdit] = {}
        if details_allowed:
            for name, label in (
                ("name", _("Name")),
                ("location", _("Location")),
                ("address", _("Address")),
                ("phone", _("Phone")),
                ("contact_notes", _("Contact notes")),
            ):
                self.details[name] = self.line(label, name)
        else:
            self.form.addRow(QLabel(_("Contact details are restricted for your role."), self))
        if row is not None:
            self.relationship.set_value(row.relationship)
            self.rank.set_value(row.survivor_choice_rank)
            for name, edit in self.details.items():
                edit.setText(getattr(row, name) or "")

    def validate(self) -> Mapping[str, str]:
        self.rank.value()  # the range is the service's to check
        return {}

    def draft(self) -> FamilyContactDraft:
        values = {name: text_or_none(edit) for name, edit in self.details.items()}
        return FamilyContactDraft(
            relationship=self.relationship.value() or "other",
            survivor_choice_rank=self.rank.value(),
            **values,
        )


class ReunificationDialog(FormDialog):
    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(_("Record the reunification"), parent)
        self.date = DateInput(_("Date of reunification"), self)
        self.add(_("Date of reunification"), self.date, "reunified_on")
        self.kind = CodeCombo(REUNIFICATION_TYPES, code_label, _("Type"), self, required=True)
        self.add(_("Type"), self.kind, "reunification_type")
        self.verified = QCheckBox(_("Reunified with the verified adult"), self)
        self.verified.setChecked(True)
        self.form.addRow(self.verified)
        self.reason = CodeCombo(NOT_VERIFIED_REASONS, code_label, _("If not, why"), self)
        self.add(_("If not, why"), self.reason, "not_verified_reason")
        self.follow_up = QCheckBox(_("Follow-up visits needed"), self)
        self.follow_up.setChecked(True)
        self.form.addRow(self.follow_up)

    def validate(self) -> Mapping[str, str]:
        if self.date.value() is None:
            return {"reunified_on": "required"}
        return validate_record(self.draft())

    def draft(self) -> ReunificationDraft:
        day = self.date.value()
        assert day is not None  # noqa: S101 - narrows a type; never guards a permission
        return ReunificationDraft(
            reunified_on=day,
            reunification_type=self.kind.value() or "case_by_case",
            with_verified_adult=self.verified.isChecked(),
            not_verified_reason=self.reason.value(),
            follow_up_needed=self.follow_up.isChecked(),
        )


class FollowUpDialog(FormDialog):
    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(_("Record a follow-up visit"), parent)
        self.date = DateInput(_("Visit date"), self)
        self.add(_("Visit date"), self.date, "visited_on")
        self.wellbeing = CodeCombo(WELLBEING, code_label, _("Wellbeing"), self)
        self.add(_("Wellbeing"), self.wellbeing, "wellbeing")
        self.safety = self._text(_("Safety concerns"))
        self.school_work = self.line(_("School or work status"))
        self.concern = QCheckBox(_("Re-trafficking concern (reopens the case)"), self)
        self.form.addRow(self.concern)
        self.action = self._text(_("Action taken"))

    def _text(self, label: str) -> QPlainTextEdit:
        edit = QPlainTextEdit(self)
        edit.setAccessibleName(label)
        edit.setTabChangesFocus(True)
        edit.setMaximumHeight(70)
        self.form.addRow(label, edit)
        return edit

    def validate(self) -> Mapping[str, str]:
        return {"visited_on": "required"} if self.date.value() is None else {}

    def draft(self) -> FollowUpDraft:
        day = self.date.value()
        assert day is not None  # noqa: S101 - narrows a type; never guards a permission
        return FollowUpDraft(
            visited_on=day,
            wellbeing=self.wellbeing.value(),
            safety_concerns=self.safety.toPlainText().strip() or None,
            school_work_status=text_or_none(self.school_work),
            retrafficking_concern=self.concern.isChecked(),
            action_taken=self.action.toPlainText().strip() or None,
        )
