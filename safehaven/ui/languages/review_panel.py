"""Administration › Survivor languages: each translated bank language with its review status;
an administrator records that a person who reads the language reviewed it."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safehaven.i18n import N_, _
from safehaven.services.languages.review import (
    LanguageStatusRow,
    language_statuses,
    mark_language_reviewed,
)
from safehaven.ui.context import UiContext
from safehaven.ui.languages.direction import language_label
from safehaven.ui.models.record_table import RecordTableModel, TableColumn
from safehaven.ui.widgets.banner import Banner
from safehaven.ui.widgets.dates import date_text, iso_editor
from safehaven.ui.widgets.message_line import message_slot
from safehaven.ui.widgets.tables import row_table

BANKS = {
    "intake": N_("Intake questions"),
    "consent": N_("Consent explanations"),
    "screening": N_("Screening questions"),
}


def _status_text(row: LanguageStatusRow) -> str:
    review = row.review
    if not review.reviewed or review.reviewed_on is None:
        return _("Draft translation")
    return _("Reviewed by {name} on {date}").format(
        name=review.reviewer, date=date_text(review.reviewed_on)
    )


COLUMNS: tuple[TableColumn[LanguageStatusRow], ...] = (
    TableColumn(N_("Text"), lambda r: _(BANKS[r.bank]) if r.bank in BANKS else r.bank),
    TableColumn(N_("Language"), lambda r: language_label(r.language)),
    TableColumn(N_("Review"), _status_text),
)


class LanguageReviewPanel(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model: RecordTableModel[LanguageStatusRow] = RecordTableModel(COLUMNS, self)
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        text = _(
            "New languages start as drafts. The survivor view shows a notice until "
            "someone who reads the language has checked the translation."
        )
        intro = QLabel(text, self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = row_table(self.model, _("Survivor languages"), self)
        layout.addWidget(self.table, 1)
        form = QFormLayout()
        self.reviewer = QLineEdit(self)
        self.reviewer.setAccessibleName(_("Reviewed by"))
        self.reviewer.setMaxLength(120)
        self.reviewed_on = QDateEdit(QDate.currentDate(), self)
        self.reviewed_on.setCalendarPopup(True)
        iso_editor(self.reviewed_on)
        self.reviewed_on.setAccessibleName(_("Reviewed on"))
        form.addRow(_("Reviewed &by:"), self.reviewer)
        form.addRow(_("Reviewed &on:"), self.reviewed_on)
        layout.addLayout(form)
        buttons = QHBoxLayout()
        self.mark_button = QPushButton(_("&Mark as reviewed"), self)
        buttons.addWidget(self.mark_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.message = Banner("error", self)
        layout.addWidget(message_slot(self, self.message))
        self._update_button()

    def _connect_signals(self) -> None:
        self.mark_button.clicked.connect(self._on_mark_clicked)
        self.reviewer.textChanged.connect(lambda _t: self._update_button())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_button())

    def refresh(self) -> None:
        rows = self.ctx.call(
            lambda s: language_statuses(s, actor=self.ctx.actor), where=self.message
        )
        if rows is not None:
            self.model.set_rows(rows)
        self._update_button()

    def clear(self) -> None:
        self.model.clear()
        self.reviewer.clear()

    def selected(self) -> LanguageStatusRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _update_button(self) -> None:
        ready = self.selected() is not None and bool(self.reviewer.text().strip())
        self.mark_button.setEnabled(ready)
        self.mark_button.setToolTip(
            "" if ready else _("Choose a language and type who reviewed it.")
        )

    def _on_mark_clicked(self) -> None:
        row = self.selected()
        if row is None:
            return
        day = self.reviewed_on.date()
        done = self.ctx.attempt(
            lambda s: mark_language_reviewed(
                s,
                actor=self.ctx.actor,
                bank=row.bank,
                language=row.language,
                reviewer=self.reviewer.text(),
                reviewed_on=dt.date(day.year(), day.month(), day.day()),
            ),
            where=self.message,
        )
        if done:
            self.refresh()
