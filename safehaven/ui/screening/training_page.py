"""The Training page: who completed which screening course and who is due; administrators record
training and name supervisors, set the jurisdiction's contacts and edit the response protocols."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from safehaven.i18n import N_, _
from safehaven.models.permissions import Permission
from safehaven.models.staff_training import COURSES as COURSE_CODES
from safehaven.services.screening import jurisdictions as jurisdiction_service
from safehaven.services.screening import protocols as protocol_service
from safehaven.services.screening import training as training_service
from safehaven.services.screening.training import StaffTrainingRow
from safehaven.ui.a11y.fields import label_field, name_fields_by_labels
from safehaven.ui.context import UiContext, failure_text, present
from safehaven.ui.models.record_table import RecordTableModel, TableColumn
from safehaven.ui.pages import PageWidget
from safehaven.ui.responsive.page_load import PageLoad
from safehaven.ui.screening.admin_panels import JurisdictionPanel, ProtocolAdminPanel
from safehaven.ui.screening.labels import COURSES, TRAINING_STATES, label
from safehaven.ui.style import BANNER_STYLES
from safehaven.ui.widgets.dates import date_text
from safehaven.ui.widgets.form_inputs import DateInput, InputError, input_error_text


def _course_text(course: str) -> Callable[[StaffTrainingRow], str]:
    def text(row: StaffTrainingRow) -> str:
        state = label(TRAINING_STATES, row.states[course])
        expires = row.expires.get(course)
        return f"{state} ({date_text(expires)})" if expires else state

    return text


COLUMNS: list[TableColumn[StaffTrainingRow]] = [
    TableColumn(N_("Staff member"), lambda r: r.display_name),
    *(TableColumn(COURSES[c], _course_text(c)) for c in COURSE_CODES),
    TableColumn(N_("Due"), lambda r: ", ".join(label(COURSES, c) for c in r.due)),
]


class TrainingPage(PageWidget):
    loaded = Signal()  # the rows read by the last refresh are shown

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._rows: list[StaffTrainingRow] = []
        self.model: RecordTableModel[StaffTrainingRow] = RecordTableModel(COLUMNS, self)
        self._build_ui()
        self._connect_signals()
        self.refresh()

    def refresh(self) -> None:
        """Read the staff's training (and, for an administrator, the jurisdiction and the
        protocols) on the read pool; nothing can be recorded until it is shown."""
        actor, settings = self.ctx.actor, self.jurisdiction is not None

        def read(session: Any) -> tuple[list[StaffTrainingRow], Any, Any]:
            rows = training_service.list_staff_training(session, actor=actor)
            if not settings:
                return rows, None, None
            return (
                rows,
                jurisdiction_service.list_jurisdictions(session),
                protocol_service.list_protocols(session, actor=actor),
            )

        self.load.start(read)

    def _on_loaded(self, result: tuple[list[StaffTrainingRow], Any, Any]) -> None:
        self._rows, jurisdictions, protocols = result
        self._show_rows()
        self._fill_people()
        if self.jurisdiction is not None:
            self.jurisdiction.show_found(jurisdictions)
        if self.protocols is not None:
            self.protocols.show_found(protocols)
        self.loaded.emit()

    def _on_load_failed(self, exc: BaseException) -> None:
        present(self.message, failure_text(exc))

    def clear(self) -> None:
        self.load.cancel()
        self._rows = []
        self.model.clear()

    # -- building ----------------------------------------------------------------------------

    def _build_ui(self) -> None:
        outer = QVBoxLayout(self)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        body = QWidget(scroll)
        layout = QVBoxLayout(body)
        intro = QLabel(
            _(
                "Training never stops anyone from helping a person. Staff whose training "
                "is missing or expired see a notice, and their supervisor is asked to "
                "review."
            ),
            body,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.due_only = QCheckBox(_("Show only staff who are &due"), body)
        layout.addWidget(self.due_only)
        self.load = PageLoad(self.ctx, body)
        layout.addWidget(self.load.notice)
        self.view = QTableView(body)
        self.view.setTabKeyNavigation(False)  # Tab leaves; arrows move inside
        self.view.setModel(self.model)
        self.view.setAccessibleName(_("Staff training"))
        self.view.verticalHeader().setVisible(False)
        self.view.setMinimumHeight(220)
        layout.addWidget(self.view)
        self.message = QLabel(body)
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        admin = self.ctx.actor.can(Permission.MANAGE_TRAINING)
        if admin:
            layout.addWidget(self._record_box(body))
            layout.addWidget(self._supervisor_box(body))
        settings = self.ctx.actor.can(Permission.MANAGE_SETTINGS)
        self.jurisdiction = JurisdictionPanel(self.ctx, body) if settings else None
        self.protocols = ProtocolAdminPanel(self.ctx, body) if settings else None
        for panel in (self.jurisdiction, self.protocols):
            if panel is not None:
                layout.addWidget(panel)
        layout.addStretch(1)
        scroll.setWidget(body)
        outer.addWidget(scroll)

    def _record_box(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox(_("Record completed training"), parent)
        form = QFormLayout(box)
        self.person_combo = QComboBox(box)
        self.person_combo.setAccessibleName(_("Staff member"))
        self.course_combo = QComboBox(box)
        self.course_combo.setAccessibleName(_("Course"))
        for code in COURSE_CODES:
            self.course_combo.addItem(label(COURSES, code), code)
        self.completed_input = DateInput(_("Completed on"), box)
        self.completed_input.setText(date_text(dt.date.today()))
        self.expires_input = DateInput(_("Expires on (empty: no expiry)"), box)
        self.record_button = QPushButton(_("&Record training"), box)
        form.addRow(_("Staff member"), self.person_combo)
        form.addRow(_("Course"), self.course_combo)
        form.addRow(_("Completed on"), self.completed_input)
        form.addRow(_("Expires on (empty: no expiry)"), self.expires_input)
        form.addRow(self.record_button)
        name_fields_by_labels(box)
        return box

    def _supervisor_box(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox(_("Who reviews whose screenings"), parent)
        row = QHBoxLayout(box)
        self.reviewed_combo = QComboBox(box)
        self.supervisor_combo = QComboBox(box)
        self.supervisor_button = QPushButton(_("Save &supervisor"), box)
        for combo, words in (
            (self.reviewed_combo, _("Staff member")),
            (self.supervisor_combo, _("Supervisor")),
        ):
            label = QLabel(box)
            label_field(label, combo, words)
            row.addWidget(label)
            row.addWidget(combo)
        row.addWidget(self.supervisor_button)
        return box

    def _connect_signals(self) -> None:
        self.load.loaded.connect(self._on_loaded)
        self.load.failed.connect(self._on_load_failed)
        self.due_only.toggled.connect(lambda _c: self._show_rows())
        if self.jurisdiction is not None:
            self.load.hold(self.jurisdiction.save_button)
        if self.protocols is not None:
            p = self.protocols
            self.load.hold(p.export_button, p.import_button, p.reset_button)
        if self.ctx.actor.can(Permission.MANAGE_TRAINING):
            self.load.hold(self.record_button, self.supervisor_button)
            self.record_button.clicked.connect(self._on_record_clicked)
            self.supervisor_button.clicked.connect(self._on_supervisor_clicked)

    # -- showing -----------------------------------------------------------------------------

    def _show_rows(self) -> None:
        rows = [r for r in self._rows if r.due] if self.due_only.isChecked() else self._rows
        self.model.set_rows(rows)
        self.view.resizeColumnsToContents()

    def _fill_people(self) -> None:
        if not self.ctx.actor.can(Permission.MANAGE_TRAINING):
            return
        for combo, blank in (
            (self.person_combo, None),
            (self.reviewed_combo, None),
            (self.supervisor_combo, _("(none)")),
        ):
            current = combo.currentData()
            combo.clear()
            if blank is not None:
                combo.addItem(blank, None)
            for row in self._rows:
                combo.addItem(row.display_name, row.user_id)
            combo.setCurrentIndex(max(combo.findData(current), 0))

    # -- actions -----------------------------------------------------------------------------

    def _call(self, fn: Callable[[Any], Any]) -> Any:
        return self.ctx.call(fn, where=self.message)

    def _say(self, text: str, kind: str) -> None:
        self.message.setStyleSheet(BANNER_STYLES[kind])
        self.message.setText(text)

    def _on_record_clicked(self) -> None:
        try:
            completed = self.completed_input.value()
            expires = self.expires_input.value()
        except InputError as exc:
            self._say(input_error_text(exc.code), "error")
            return
        if completed is None:
            self._say(_("Enter the date the course was completed."), "error")
            return
        user_id, course = self.person_combo.currentData(), self.course_combo.currentData()
        done = self._call(
            lambda s: training_service.record_training(
                s,
                actor=self.ctx.actor,
                user_id=user_id,
                course=course,
                completed_on=completed,
                expires_on=expires,
            )
        )
        if done is not None:
            self.refresh()
            self._say(_("Training recorded."), "ok")

    def _on_supervisor_clicked(self) -> None:
        user_id, supervisor_id = (
            self.reviewed_combo.currentData(),
            self.supervisor_combo.currentData(),
        )
        actor = self.ctx.actor

        def save(session: Any) -> bool:
            training_service.set_supervisor(
                session, actor=actor, user_id=user_id, supervisor_id=supervisor_id
            )
            return True

        done = self._call(save)
        if done:
            self._say(_("Supervisor saved."), "ok")
