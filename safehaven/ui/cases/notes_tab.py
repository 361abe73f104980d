"""The Notes tab: dated case notes (caseworkers and supervisors only), newest first."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from safehaven.i18n import _
from safehaven.services.cases import notes as notes_service
from safehaven.services.cases.notes import NoteRow, validate_note
from safehaven.ui.a11y.fields import enable_with_reason, label_field, name_fields_by_labels
from safehaven.ui.context import UiContext, failure_text, present
from safehaven.ui.messages import field_error
from safehaven.ui.models.rows_table import RowsTableModel
from safehaven.ui.pages import CaseTabWidget
from safehaven.ui.responsive.page_load import PageLoad
from safehaven.ui.widgets.dates import date_text, iso_editor

PREVIEW_LENGTH = 80


class NotesTab(CaseTabWidget):
    loaded = Signal()  # the notes read by the last refresh are shown

    def __init__(self, ctx: UiContext, client_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, client_id, parent)
        self.ctx = ctx
        self._client_id = client_id
        self.model = RowsTableModel([_("Date"), _("Author"), _("Note")], self)
        self._build_ui()
        self._connect_signals()
        self.refresh()

    def refresh(self) -> None:
        """Read the notes on the read pool; a note can be added once they are shown (what is
        being typed stays)."""
        actor, client_id = self.ctx.actor, self._client_id
        self.load.start(lambda s: notes_service.list_notes(s, actor=actor, client_id=client_id))

    def _on_loaded(self, rows: list[NoteRow]) -> None:
        cells = [(date_text(r.dated), r.author, _preview(_text(r))) for r in rows]
        self.model.set_rows(cells, rows)
        self.reader.clear()
        self._on_editor_changed()  # the add button follows what is typed now
        self.loaded.emit()

    def _on_load_failed(self, exc: BaseException) -> None:
        present(self.message, failure_text(exc))

    def clear(self) -> None:
        self.load.cancel()
        self.model.clear()
        self.reader.clear()
        self.editor.clear()
        self.message.clear()

    def pending_changes(self) -> object | None:
        text = self.editor.toPlainText()
        return (text, _py_date(self.date_edit.date())) if text.strip() else None

    def restore_changes(self, changes: object) -> None:
        if isinstance(changes, tuple) and len(changes) == 2:
            text, dated = changes
            self.date_edit.setDate(QDate(dated.year, dated.month, dated.day))
            self.editor.setPlainText(str(text))

    def save_changes(self) -> bool:
        if not self.add_button.isEnabled():
            self.message.setText(self.reason.text())
            return False
        return self._on_add_clicked()

    def discard_changes(self) -> None:
        self.editor.clear()

    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        self.load = PageLoad(self.ctx, self)
        layout.addWidget(self.load.notice)
        splitter = QSplitter(self)
        self.view = QTableView(splitter)
        self.view.setTabKeyNavigation(False)  # Tab leaves; arrows move inside
        self.view.setModel(self.model)
        self.view.setAccessibleName(_("Case notes"))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setStretchLastSection(True)
        reading = QWidget(splitter)
        self.reader = QPlainTextEdit(reading)
        self.reader.setReadOnly(True)
        reader_label = QLabel(reading)
        label_field(reader_label, self.reader, _("Selected note"))
        column = QVBoxLayout(reading)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(reader_label)
        column.addWidget(self.reader, 1)
        layout.addWidget(splitter, 1)
        box = QGroupBox(_("New note"), self)
        form = QFormLayout(box)
        self.date_edit = QDateEdit(QDate.currentDate(), box)
        self.date_edit.setCalendarPopup(True)
        iso_editor(self.date_edit)
        form.addRow(_("&Date:"), self.date_edit)
        self.editor = QPlainTextEdit(box)
        self.editor.setTabChangesFocus(True)
        form.addRow(_("&Text:"), self.editor)
        name_fields_by_labels(box)
        self.add_button = QPushButton(_("&Add note"), box)
        self.reason = QLabel(_("Write the note first."), box)
        enable_with_reason(self.add_button, self.reason.text())
        form.addRow(self.add_button, self.reason)
        layout.addWidget(box)
        self.message = QLabel(self)
        layout.addWidget(self.message)

    def _connect_signals(self) -> None:
        self.load.hold(self.add_button)
        self.load.loaded.connect(self._on_loaded)
        self.load.failed.connect(self._on_load_failed)
        self.editor.textChanged.connect(self._on_editor_changed)
        self.add_button.clicked.connect(self._on_add_clicked)
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._on_selection())

    def _on_editor_changed(self) -> None:
        errors = validate_note(self.editor.toPlainText(), _py_date(self.date_edit.date()))
        self.reason.setText(field_error(next(iter(errors.values()))) if errors else "")
        enable_with_reason(self.add_button, self.reason.text())
        self.load.keep_held()

    def _on_add_clicked(self) -> bool:
        text, dated = self.editor.toPlainText(), _py_date(self.date_edit.date())
        actor, client_id = self.ctx.actor, self._client_id
        row = self.ctx.call(
            lambda s: notes_service.add_note(
                s, actor=actor, client_id=client_id, dated=dated, text=text
            ),
            where=self.message,
        )
        if row is None:
            return False
        self.editor.clear()
        self.refresh()
        return True

    def _on_selection(self) -> None:
        rows = self.view.selectionModel().selectedRows()
        payload = self.model.payload(rows[0].row()) if rows else None
        self.reader.setPlainText(_text(payload) if isinstance(payload, NoteRow) else "")


def _text(row: NoteRow) -> str:
    if row.restricted:
        return _(
            "Restricted: your key slot cannot open this note yet. "
            "An administrator's password reset gives it the key."
        )
    return row.text


def _preview(text: str) -> str:
    first = text.splitlines()[0] if text else ""
    return first if len(first) <= PREVIEW_LENGTH else first[: PREVIEW_LENGTH - 1] + "…"


def _py_date(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())
