"""The Directory page: find partner organizations; administrators add, edit, verify, import and
export them. Stale entries (not verified for a year) and seed entries are marked.

CSV import runs in the background with progress; a refused file shows its row/column errors and
nothing is imported. Export writes only where the user picks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safehaven.i18n import N_, _
from safehaven.models.directory import SCOPES
from safehaven.models.permissions import Permission
from safehaven.models.referral import SERVICE_TYPES
from safehaven.services.directory import csv_io as directory_csv
from safehaven.services.directory import directory as svc
from safehaven.services.directory.csv_io import ImportRejected, ImportResult
from safehaven.services.directory.directory import OrganizationRow
from safehaven.services.referrals.labels import ORG_TYPE_LABELS, SCOPE_LABELS, SERVICE_LABELS
from safehaven.storage.files import write_atomic
from safehaven.ui.a11y.fields import label_field
from safehaven.ui.context import UiContext, failure_text, present
from safehaven.ui.directory.organization_dialog import OrganizationDialog, error_list_text
from safehaven.ui.models.record_table import AnyIndex, RecordTableModel, TableColumn
from safehaven.ui.pages import PageWidget
from safehaven.ui.style import ERROR
from safehaven.ui.widgets import file_dialogs
from safehaven.ui.widgets.banner import Banner
from safehaven.ui.widgets.dates import date_text
from safehaven.ui.widgets.message_line import message_slot
from safehaven.ui.widgets.tables import wide_table

FileChooser = Callable[[QWidget, str, str], str]


def _status(row: OrganizationRow) -> str:
    if row.verify_before_use:
        return _("Verify before use")
    return _("Stale — check details") if row.stale else _("Verified")


def _services(codes: tuple[str, ...]) -> str:
    return ", ".join(_(SERVICE_LABELS.get(c, c)) for c in codes)


COLUMNS: tuple[TableColumn[OrganizationRow], ...] = (
    TableColumn(N_("Name"), lambda r: r.name),
    TableColumn(N_("Status"), _status),
    TableColumn(N_("Type"), lambda r: _(ORG_TYPE_LABELS.get(r.org_type, r.org_type))),
    TableColumn(N_("Scope"), lambda r: _(SCOPE_LABELS.get(r.scope, r.scope))),
    TableColumn(N_("Services"), lambda r: _services(r.services)),
    TableColumn(N_("Languages"), lambda r: ", ".join(r.languages)),
    TableColumn(N_("City"), lambda r: r.city or ""),
    TableColumn(N_("Phone"), lambda r: r.phone or ""),
    TableColumn(N_("Last verified"), lambda r: date_text(r.last_verified)),
)


STATUS_COLUMN = 1


class DirectoryModel(RecordTableModel[OrganizationRow]):
    """Directory rows; the status of stale and unverified entries is drawn in the warning
    colour."""

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid():
            row = self.row_at(index.row())
            flagged = row is not None and (row.stale or row.verify_before_use)
            return QColor(ERROR) if flagged and index.column() == STATUS_COLUMN else None
        return super().data(index, role)


def _choose_open(parent: QWidget, title: str, filters: str) -> str:
    return file_dialogs.open_file(parent, title, filters)


def _choose_save(parent: QWidget, title: str, filters: str) -> str:
    return file_dialogs.save_file(parent, title, "directory.csv", filters)


class DirectoryPage(PageWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.ctx = ctx
        self.admin = ctx.actor.can(Permission.MANAGE_DIRECTORY)
        self.may_add = self.admin or ctx.actor.can(Permission.MANAGE_REFERRALS)
        self.choose_open: FileChooser = _choose_open
        self.choose_save: FileChooser = _choose_save
        self.last_dialog: QDialog | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(200)
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        layout.addLayout(self._build_filters())
        self.model = DirectoryModel(COLUMNS, self)
        self.table = wide_table(self.model, _("Organizations"), self, stretch=0, keep=(0, 1))
        layout.addWidget(self.table, 1)
        layout.addLayout(self._build_buttons())
        self.message = Banner("info", self)
        self.error = Banner("error", self)
        layout.addWidget(message_slot(self, self.message, self.error))

    def _build_filters(self) -> QHBoxLayout:
        filters = QHBoxLayout()
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(_("Search by name or city"))
        self.search.setAccessibleName(_("Search the directory"))
        self.service = QComboBox(self)
        self.service.setAccessibleName(_("Service"))
        self.service.addItem(_("Any service"), None)
        for code in SERVICE_TYPES:
            self.service.addItem(_(SERVICE_LABELS[code]), code)
        self.language = QLineEdit(self)
        self.language.setPlaceholderText(_("Language code"))
        self.language.setAccessibleName(_("Language"))
        self.language.setMaximumWidth(120)
        self.scope = QComboBox(self)
        self.scope.setAccessibleName(_("Scope"))
        self.scope.addItem(_("Any scope"), None)
        for code in SCOPES:
            self.scope.addItem(_(SCOPE_LABELS[code]), code)
        for widget, words in (
            (self.search, _("Searc&h")),
            (self.service, _("Service")),
            (self.language, _("Language")),
            (self.scope, _("Scope")),
        ):
            label = QLabel(self)
            label_field(label, widget, words)
            filters.addWidget(label)
            filters.addWidget(widget)
        return filters

    def _build_buttons(self) -> QHBoxLayout:
        buttons = QHBoxLayout()
        self.add_button = QPushButton(_("&Add…"), self)
        self.edit_button = QPushButton(_("&Open…"), self)
        self.verify_button = QPushButton(_("Mark &verified"), self)
        self.archive_button = QPushButton(_("Ar&chive"), self)
        self.import_button = QPushButton(_("&Import CSV…"), self)
        self.export_button = QPushButton(_("E&xport CSV…"), self)
        self.seed_button = QPushButton(_("Add the &starter directory"), self)
        for button in (
            self.add_button,
            self.edit_button,
            self.verify_button,
            self.archive_button,
            self.import_button,
            self.export_button,
            self.seed_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.add_button.setVisible(self.may_add)
        for button in (
            self.verify_button,
            self.archive_button,
            self.import_button,
            self.export_button,
            self.seed_button,
        ):
            button.setVisible(self.admin)
        return buttons

    def _connect_signals(self) -> None:
        self.search.textChanged.connect(self._timer.start)
        self.language.textChanged.connect(self._timer.start)
        self._timer.timeout.connect(self.refresh)
        self.service.currentIndexChanged.connect(self.refresh)
        self.scope.currentIndexChanged.connect(self.refresh)
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        self.add_button.clicked.connect(self.add_entry)
        self.edit_button.clicked.connect(self.open_selected)
        self.verify_button.clicked.connect(self.verify_selected)
        self.archive_button.clicked.connect(self.archive_selected)
        self.import_button.clicked.connect(self.import_csv)
        self.export_button.clicked.connect(self.export_csv)
        self.seed_button.clicked.connect(self.load_seed)

    # -- reading -------------------------------------------------------------------------

    def refresh(self) -> None:
        text, service, scope = (
            self.search.text(),
            self.service.currentData(),
            self.scope.currentData(),
        )
        language = self.language.text().strip() or None
        rows = self.ctx.call(
            lambda s: svc.search_organizations(
                s,
                actor=self.ctx.actor,
                text=text,
                service=service,
                language=language,
                scope=scope,
                today=dt.date.today(),
            ),
            where=self.error,
        )
        if rows is None:
            return
        self.model.set_rows(rows)
        stale = sum(1 for r in rows if r.stale or r.verify_before_use)
        self.message.show_message(
            _("{count} organizations; {stale} need checking.").format(count=len(rows), stale=stale)
        )

    def clear(self) -> None:
        self.model.clear()
        self.message.clear_message()

    def selected(self) -> OrganizationRow | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    # -- editing -------------------------------------------------------------------------

    def add_entry(self) -> None:
        dialog = OrganizationDialog(None, self)
        self.last_dialog = dialog
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._save(
                lambda s: svc.create_organization(s, actor=self.ctx.actor, draft=dialog.draft())
            )

    def open_selected(self) -> None:
        row = self.selected()
        if row is None:
            return
        dialog = OrganizationDialog(row, self, read_only=not self.admin)
        self.last_dialog = dialog
        if dialog.exec() == QDialog.DialogCode.Accepted and self.admin:
            self._save(
                lambda s: svc.update_organization(
                    s, actor=self.ctx.actor, organization_id=row.id, draft=dialog.draft()
                )
            )

    def verify_selected(self) -> None:
        row = self.selected()
        if row is not None:
            self._save(lambda s: svc.mark_verified(s, actor=self.ctx.actor, organization_id=row.id))

    def archive_selected(self) -> None:
        row = self.selected()
        if row is not None:
            self._save(
                lambda s: svc.set_organization_active(
                    s, actor=self.ctx.actor, organization_id=row.id, active=False
                )
            )

    def load_seed(self) -> None:
        result = self.ctx.call(
            lambda s: directory_csv.load_seed_directory(s, actor=self.ctx.actor), where=self.error
        )
        if result is None:
            return
        self.refresh()
        self.message.show_message(
            _("{count} starter entries added; check each before use.").format(count=result.imported)
        )

    def _save(self, action: Callable[[Any], object]) -> None:
        if self.ctx.attempt(action, where=self.error):
            self.refresh()

    # -- CSV -----------------------------------------------------------------------------

    def import_csv(self) -> None:
        path = self.choose_open(self, _("Import directory"), _("CSV files (*.csv)"))
        if not path:
            return
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            self.error.show_message(
                _("Cannot read the file ({reason}).").format(
                    reason=exc.strerror or type(exc).__name__
                )
            )
            return
        actor, vault = self.ctx.actor, self.ctx.vault

        def job(progress: Callable[[int, int], None], is_cancelled: Callable[[], bool]) -> object:
            with vault.session() as session:
                return directory_csv.import_directory(
                    session, actor=actor, data=data, progress=progress, is_cancelled=is_cancelled
                )

        self.import_handle = self.ctx.runner.run(
            job,
            title=_("Importing the directory…"),
            parent=self,
            writes=True,
            on_done=self._on_import_done,
            on_error=self._on_import_failed,
        )

    def _on_import_done(self, result: object) -> None:
        self.refresh()
        if isinstance(result, ImportResult) and not result.cancelled:
            self.message.show_message(
                _("{count} organizations imported.").format(count=result.imported)
            )
        else:
            self.message.show_message(_("Import cancelled; nothing was imported."))

    def _on_import_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, ImportRejected):
            present(self.error, failure_text(exc))
            return
        self.error.show_message(_("The file was refused; nothing was imported."))
        errors = [(e.row, e.column, e.code) for e in exc.errors]
        self.last_dialog = ImportErrorsDialog(error_list_text(errors), self)
        self.last_dialog.open()

    def export_csv(self) -> None:
        path = self.choose_save(self, _("Export directory"), _("CSV files (*.csv)"))
        if not path:
            return
        data = self.ctx.call(
            lambda s: directory_csv.export_directory(s, actor=self.ctx.actor), where=self.error
        )
        if data is None:
            return
        try:
            write_atomic(Path(path), data)
        except OSError as exc:
            self.error.show_message(
                _("Cannot write the file ({reason}).").format(
                    reason=exc.strerror or type(exc).__name__
                )
            )
            return
        self.message.show_message(_("Directory exported."))


class ImportErrorsDialog(QDialog):
    """The list of row/column problems of a refused import file."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Problems in the file"))
        self.resize(520, 360)
        layout = QVBoxLayout(self)
        self.text = QPlainTextEdit(self)
        self.text.setReadOnly(True)
        self.text.setPlainText(text)
        text_label = QLabel(self)
        label_field(text_label, self.text, _("Problems in the file"))
        layout.addWidget(text_label)
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
