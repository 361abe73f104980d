"""The Reunification tab of a case: family contacts, safety assessments (A–F, wishes first),
the recommendation with every reason it is refused, supervisor approval, and follow-ups.

The services enforce every rule; this tab mirrors them so the reasons are visible while typing.
What the tab shows is read on the read pool when it is shown (`PageLoad`), its actions held
until the answer is on screen; writes run directly (a few rows each); errors show in the tab.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safehaven.i18n import N_, _
from safehaven.models.permissions import Permission
from safehaven.models.reunification_rules import EDITABLE_STATUSES, RECOMMENDATIONS
from safehaven.services.reunification import family_contacts as contact_service
from safehaven.services.reunification import reunification as assessment_service
from safehaven.services.reunification.checks import preview_recommendation
from safehaven.services.reunification.records import (
    AssessmentRow,
    ChecksNotMet,
    FamilyContactDraft,
    FamilyContactRow,
    ReunificationRow,
)
from safehaven.ui.a11y.fields import label_field
from safehaven.ui.context import UiContext, failure_text, present
from safehaven.ui.models.record_table import RecordTableModel, TableColumn
from safehaven.ui.pages import CaseTabWidget
from safehaven.ui.responsive.page_load import PageLoad
from safehaven.ui.reunification.dialogs import FamilyContactDialog
from safehaven.ui.reunification.followups import FollowUpPanel
from safehaven.ui.reunification.form import AssessmentForm
from safehaven.ui.reunification.labels import code_label, item_label, reason_text
from safehaven.ui.reunification.tab_read import ReunificationView, read_reunification
from safehaven.ui.style import ERROR, MUTED
from safehaven.ui.widgets.form_inputs import (
    CodeCombo,
    InputError,
    input_error_text,
)
from safehaven.ui.widgets.scroll import scroll_body
from safehaven.ui.widgets.status_line import say
from safehaven.ui.widgets.tables import row_table

T = TypeVar("T")
RESTRICTED = N_("Restricted")


def _restricted(row: FamilyContactRow, value: str | None) -> str:
    return (value or "") if row.details_visible else _(RESTRICTED)


CONTACT_COLUMNS: tuple[TableColumn[FamilyContactRow], ...] = (
    TableColumn(N_("Relationship"), lambda r: code_label(r.relationship)),
    TableColumn(
        N_("Choice"),
        lambda r: "" if r.survivor_choice_rank is None else str(r.survivor_choice_rank),
    ),
    TableColumn(N_("Name"), lambda r: _restricted(r, r.name)),
    TableColumn(N_("Location"), lambda r: _restricted(r, r.location)),
    TableColumn(N_("Phone"), lambda r: _restricted(r, r.phone)),
)
ASSESSMENT_COLUMNS: tuple[TableColumn[AssessmentRow], ...] = (
    TableColumn(N_("Number"), lambda r: str(r.id)),
    TableColumn(N_("Status"), lambda r: code_label(r.status)),
    TableColumn(
        N_("Recommendation"), lambda r: code_label(r.recommendation) if r.recommendation else ""
    ),
    TableColumn(N_("Risk"), lambda r: code_label(r.risk_rating) if r.risk_rating else ""),
)


class ReunificationTab(CaseTabWidget):
    def __init__(self, ctx: UiContext, client_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, client_id, parent)
        self.ctx = ctx
        self._client_id = client_id
        self._current: AssessmentRow | None = None
        self._select: int | None = None  # the assessment to select once the read is shown
        self._build_ui()
        self._connect_signals()
        self.refresh()

    # -- building ----------------------------------------------------------------------------

    def _build_ui(self) -> None:
        body = QWidget(self)
        layout = QVBoxLayout(body)
        self.load = PageLoad(self.ctx, body)
        layout.addWidget(self.load.notice)
        layout.addWidget(self._contacts_box(body))
        layout.addWidget(self._assessments_box(body))
        self.form = AssessmentForm(body)
        layout.addWidget(self.form)
        layout.addWidget(self._decision_box(body))
        self.follow_ups = FollowUpPanel(self.ctx, body)
        layout.addWidget(self.follow_ups)
        scroll_body(self, body)

    def _contacts_box(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox(_("Family contacts"), parent)
        layout = QVBoxLayout(box)
        self.contacts: RecordTableModel[FamilyContactRow] = RecordTableModel(CONTACT_COLUMNS, box)
        self.contact_table = row_table(self.contacts, _("Family contacts"), box, max_height=150)
        layout.addWidget(self.contact_table)
        row = QHBoxLayout()
        self.add_contact_button = QPushButton(_("&Add family contact…"), box)
        self.start_button = QPushButton(_("&Start a safety assessment"), box)
        row.addWidget(self.add_contact_button)
        row.addWidget(self.start_button)
        row.addStretch(1)
        layout.addLayout(row)
        return box

    def _assessments_box(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox(_("Safety assessments"), parent)
        layout = QVBoxLayout(box)
        self.assessments: RecordTableModel[AssessmentRow] = RecordTableModel(
            ASSESSMENT_COLUMNS, box
        )
        self.assessment_table = row_table(
            self.assessments, _("Safety assessments"), box, max_height=150
        )
        layout.addWidget(self.assessment_table)
        return box

    def _decision_box(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox(_("Recommendation and approval"), parent)
        layout = QVBoxLayout(box)
        row = QHBoxLayout()
        self.save_button = QPushButton(_("Sa&ve assessment"), box)
        self.recommendation = CodeCombo(
            RECOMMENDATIONS, code_label, _("Recommendation"), box, required=True
        )
        self.recommend_button = QPushButton(_("Re&commend"), box)
        self.refuse_button = QPushButton(_("Survivor &does not wish it"), box)
        widget: QWidget
        recommendation_label = QLabel(box)
        label_field(recommendation_label, self.recommendation, _("Recommendation"))
        for widget in (
            self.save_button,
            recommendation_label,
            self.recommendation,
            self.recommend_button,
            self.refuse_button,
        ):
            row.addWidget(widget)
        row.addStretch(1)
        layout.addLayout(row)
        self.reasons = QLabel(box)
        self.reasons.setWordWrap(True)
        self.reasons.setAccessibleName(_("Why reunification cannot be recommended yet"))
        layout.addWidget(self.reasons)
        approve_row = QHBoxLayout()
        self.comments = QLineEdit(box)
        self.comments.setPlaceholderText(_("Supervisor's comments"))
        comments_label = QLabel(box)
        label_field(comments_label, self.comments, _("Supervisor's comments"))
        self.approve_button = QPushButton(_("A&pprove"), box)
        self.return_button = QPushButton(_("Re&turn for more work"), box)
        for widget in (comments_label, self.comments, self.approve_button, self.return_button):
            approve_row.addWidget(widget)
        layout.addLayout(approve_row)
        supervisor = self.ctx.actor.can(Permission.APPROVE_REUNIFICATION)
        for widget in (self.comments, self.approve_button, self.return_button):
            widget.setVisible(supervisor)
        self.status = QLabel(box)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        return box

    def _connect_signals(self) -> None:
        self.load.hold(
            self.add_contact_button,
            self.start_button,
            self.save_button,
            self.recommend_button,
            self.refuse_button,
            self.approve_button,
            self.return_button,
            self.follow_ups.record_button,
            self.follow_ups.visit_button,
        )
        self.load.loaded.connect(self._on_loaded)
        self.load.failed.connect(lambda exc: present(self.status, failure_text(exc)))
        self.add_contact_button.clicked.connect(self._on_add_contact_clicked)
        self.start_button.clicked.connect(self._on_start_clicked)
        self.assessment_table.selectionModel().selectionChanged.connect(self._on_selected)
        self.form.changed.connect(self._show_live_reasons)
        self.save_button.clicked.connect(self.save)
        self.recommend_button.clicked.connect(self.recommend)
        self.refuse_button.clicked.connect(self._on_refuse_clicked)
        self.approve_button.clicked.connect(lambda: self.decide(approve=True))
        self.return_button.clicked.connect(lambda: self.decide(approve=False))

    # -- tab protocol ------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the contacts and assessments on the read pool; the assessment on show stays
        selected (or the one just started)."""
        if self._select is None and self._current is not None:
            self._select = self._current.id
        actor, cid = self.ctx.actor, self._client_id
        self.load.start(lambda s: read_reunification(s, actor=actor, client_id=cid))

    def _on_loaded(self, view: ReunificationView) -> None:
        keep, self._select = self._select, None
        rows = view.assessments
        self.contacts.set_rows(view.contacts)
        self.assessments.set_rows(rows)
        found = next((i for i, r in enumerate(rows) if r.id == keep), len(rows) - 1)
        self._current = rows[found] if rows else None  # selecting it does not show it twice
        if rows:
            self.assessment_table.selectRow(found)
        self._show(self._current, records=view.records)

    def clear(self) -> None:
        self.load.cancel()
        self._current = None
        self._select = None
        self.contacts.clear()
        self.assessments.clear()
        self.form.show_row(None)
        self.follow_ups.clear()
        self.reasons.clear()
        self.status.clear()

    # -- actions -----------------------------------------------------------------------------

    def add_contact(self, draft: FamilyContactDraft) -> FamilyContactRow | None:
        row = self.ctx.call(
            lambda s: contact_service.add_family_contact(
                s, actor=self.ctx.actor, client_id=self._client_id, draft=draft
            ),
            where=self.status,
            label=item_label,
        )
        if row is not None:
            self.refresh()
        return row

    def start_assessment(self, contact_id: int) -> None:
        row = self._run(
            lambda s: assessment_service.start_assessment(
                s, actor=self.ctx.actor, family_contact_id=contact_id
            )
        )
        if row is not None:
            self._select = row.id
            self.refresh()

    def save(self) -> bool:
        if self._current is None:
            return False
        try:
            draft = self.form.draft()
        except InputError as exc:
            self._say(input_error_text(exc.code), error=True)
            return False
        aid = self._current.id
        row = self._run(
            lambda s: assessment_service.save_assessment(
                s, actor=self.ctx.actor, assessment_id=aid, draft=draft
            )
        )
        if row is not None:
            self._say(_("Assessment saved."))
            self._replace(row)
        return row is not None

    def recommend(self) -> None:
        """Save, then submit the chosen recommendation; if refused, list every reason."""
        if self._current is None or not self.save():
            return
        aid, choice = self._current.id, self.recommendation.value() or "reunify"
        row = self._run(
            lambda s: assessment_service.submit_assessment(
                s, actor=self.ctx.actor, assessment_id=aid, recommendation=choice
            )
        )
        if row is not None:
            self._say(_("Recommendation submitted for supervisor approval."))
            self._replace(row)

    def decide(self, *, approve: bool) -> None:
        if self._current is None:
            return
        aid, text = self._current.id, self.comments.text().strip() or None
        fn = (
            assessment_service.approve_assessment
            if approve
            else assessment_service.return_assessment
        )
        row = self._run(lambda s: fn(s, actor=self.ctx.actor, assessment_id=aid, comments=text))
        if row is not None:
            self._say(_("Approved.") if approve else _("Returned to the assessor."))
            self._replace(row)

    def _on_refuse_clicked(self) -> None:
        if self._current is None:
            return
        aid = self._current.id
        row = self._run(
            lambda s: assessment_service.record_refusal(s, actor=self.ctx.actor, assessment_id=aid)
        )
        if row is not None:
            self._say(_("The assessment is closed: the survivor does not wish reunification."))
            self._replace(row)

    # -- helpers -----------------------------------------------------------------------------

    def _run(self, call: Callable[[Any], T]) -> T | None:
        """Run one service call; a refusal shows its reasons, other failures a sentence."""
        try:
            return self.ctx.call(
                call, where=self.status, label=item_label, passthrough=(ChecksNotMet,)
            )
        except ChecksNotMet as exc:
            self._show_reasons(exc.reasons, refused=True)
            return None

    def _replace(self, row: AssessmentRow) -> None:
        rows = [row if r.id == row.id else r for r in self.assessments.rows()]
        number = next(i for i, r in enumerate(rows) if r.id == row.id)
        self.assessments.set_rows(rows)
        self.assessment_table.selectRow(number)
        self._show(row)

    def _show(
        self, row: AssessmentRow | None, *, records: list[ReunificationRow] | None = None
    ) -> None:
        self._current = row
        self.form.show_row(row)
        self.form.set_minor(row.is_minor if row else False)
        editable = row is not None and row.status in EDITABLE_STATUSES
        self.form.set_editable(editable)
        for button in (self.save_button, self.recommend_button, self.recommendation):
            button.setEnabled(editable)
        self.refuse_button.setEnabled(
            row is not None and row.status != "closed_refused" and not row.has_record
        )
        mine = row is not None and self.ctx.actor.user_id in (row.assessor_id, row.submitted_by_id)
        can_decide = row is not None and row.status == "submitted" and not mine
        self.approve_button.setEnabled(can_decide)
        self.return_button.setEnabled(can_decide)
        if row is not None and row.recommendation:
            self.recommendation.set_value(row.recommendation)
        self.follow_ups.show_assessment(row, records=records)
        self._show_reasons(row.recommend_check.reasons if row else ())
        self.load.keep_held()

    def _show_live_reasons(self) -> None:
        if self._current is None or not self.form.isEnabled():
            return
        try:
            draft = self.form.draft()
        except InputError:
            return
        decision = preview_recommendation(draft, self._current.is_minor)
        self._show_reasons(decision.reasons)

    def _show_reasons(self, reasons: tuple[str, ...], *, refused: bool = False) -> None:
        if not reasons:
            self.reasons.setStyleSheet(f"color:{MUTED}")
            self.reasons.setText(
                _("Every safety check is answered; reunification may be recommended.")
            )
            return
        head = (
            _("Reunification cannot be recommended:")
            if refused
            else _("Before reunification can be recommended:")
        )
        lines = "\n".join(f"• {reason_text(r)}" for r in reasons)
        self.reasons.setStyleSheet(f"color:{ERROR}" if refused else f"color:{MUTED}")
        self.reasons.setText(f"{head}\n{lines}")

    def _say(self, text: str, *, error: bool = False) -> None:
        say(self.status, text, error=error)

    def _selected_contact(self) -> FamilyContactRow | None:
        rows = self.contact_table.selectionModel().selectedRows()
        if rows:
            return self.contacts.row_at(rows[0].row())
        return self.contacts.row_at(self.contacts.rowCount() - 1)

    def _on_selected(self, *_args: object) -> None:
        rows = self.assessment_table.selectionModel().selectedRows()
        row = self.assessments.row_at(rows[0].row()) if rows else None
        if row is not None and (self._current is None or row.id != self._current.id):
            self._show(row)

    def _on_add_contact_clicked(self) -> None:
        allowed = self.ctx.actor.can(Permission.VIEW_LEGAL_NAME)
        dialog = FamilyContactDialog(self, details_allowed=allowed)
        while dialog.exec():
            if self.add_contact(dialog.draft()) is not None:
                return
            dialog.error.setText(self.status.text())

    def _on_start_clicked(self) -> None:
        contact = self._selected_contact()
        if contact is None:
            self._say(_("Add a family contact first."), error=True)
            return
        self.start_assessment(contact.id)
