"""Administration → backups: the vault's backups, back up now or to a folder, verify, restore,
rotate the key. Long work runs through the task runner with progress and Cancel."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from safehaven.i18n import N_, _
from safehaven.models.permissions import Permission
from safehaven.services.vault_ops import backups
from safehaven.services.vault_ops.backups import BackupInfo, VerifyReport
from safehaven.services.vault_ops.key_rotation import RotationResult, rotate_key
from safehaven.storage.backup import SUFFIX
from safehaven.storage.errors import WrongCredentials
from safehaven.ui.admin.backup_dialogs import RotationDialog, SecretDialog
from safehaven.ui.context import UiContext, failure_text, present
from safehaven.ui.models.record_table import RecordTableModel, TableColumn
from safehaven.ui.widgets import file_dialogs
from safehaven.ui.widgets.banner import Banner
from safehaven.ui.widgets.dates import date_time_text
from safehaven.ui.widgets.message_line import message_slot

KIND_NAMES = {
    "auto": N_("Automatic"),
    "manual": N_("Manual"),
    "pre-restore": N_("Before a restore"),
    "pre-rotate": N_("Before a key rotation"),
}
COLUMNS: list[TableColumn[BackupInfo]] = [
    TableColumn(N_("Taken"), lambda b: date_time_text(b.created_at)),
    TableColumn(N_("Kind"), lambda b: _(KIND_NAMES.get(b.kind, b.kind))),
    TableColumn(N_("Size"), lambda b: _("{mb:.1f} MB").format(mb=b.size_bytes / 1e6)),
    TableColumn(N_("File"), lambda b: b.path.name),
]
Secret = tuple[str | None, str] | None  # (username or None for the recovery key, secret)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _choose_folder(parent: QWidget) -> str:
    return file_dialogs.existing_folder(parent, _("Choose where to save the backup"))


def _choose_backup(parent: QWidget) -> str:
    return file_dialogs.open_file(
        parent,
        _("Choose a backup file"),
        _("SafeHaven backups (*{suffix})").format(suffix=SUFFIX),
    )


def _ask_secret(parent: QWidget) -> Secret:
    dialog = SecretDialog(parent)
    return dialog.secret() if dialog.exec() else None


def _ask_password(parent: QWidget) -> str | None:
    text, ok = QInputDialog.getText(
        parent, _("Rotate the key"), _("Your password:"), QLineEdit.EchoMode.Password
    )
    return text if ok and text else None


def _confirm(parent: QWidget, question: str) -> bool:
    return QMessageBox.question(parent, "SafeHaven", question) == QMessageBox.StandardButton.Yes


class BackupPanel(QWidget):
    """Emits `vault_replaced` after a restore over the open vault: the shell must sign out."""

    vault_replaced = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.choose_folder: Callable[[QWidget], str] = _choose_folder
        self.choose_backup: Callable[[QWidget], str] = _choose_backup
        self.ask_secret: Callable[[QWidget], Secret] = _ask_secret
        self.ask_password: Callable[[QWidget], str | None] = _ask_password
        self.confirm: Callable[[QWidget, str], bool] = _confirm
        self.last_report: VerifyReport | None = None
        self.last_dialog: RotationDialog | None = None
        self._build_ui()
        self._connect_signals()
        self._retranslate()

    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.where = QLabel(self)  # the backups folder, on a line of its own, selectable
        self.where.setWordWrap(True)
        self.where.setTextFormat(Qt.TextFormat.PlainText)
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.advice = QLabel(self)
        self.advice.setWordWrap(True)
        self.model: RecordTableModel[BackupInfo] = RecordTableModel(COLUMNS, self)
        self.table = QTableView(self)
        self.table.setTabKeyNavigation(False)  # Tab leaves; arrows move inside
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        # Two rows (making and checking backups; bringing one back and the key), so that the
        # panel fits a 1366-pixel laptop screen at 150 % in the longer languages.
        buttons = QGridLayout()
        self.now_button, self.folder_button = QPushButton(self), QPushButton(self)
        self.verify_button, self.restore_button = QPushButton(self), QPushButton(self)
        self.rotate_button, self.restore_new_button = QPushButton(self), QPushButton(self)
        rows = (
            (self.now_button, self.folder_button, self.verify_button),
            (self.restore_button, self.restore_new_button, self.rotate_button),
        )
        for row, row_buttons in enumerate(rows):
            for column, button in enumerate(row_buttons):
                buttons.addWidget(button, row, column)
        buttons.setColumnStretch(len(rows[0]), 1)
        self.rotate_button.setVisible(self.ctx.actor.can(Permission.ROTATE_KEY))
        self.restore_button.setVisible(self.ctx.actor.can(Permission.RESTORE))
        self.restore_new_button.setVisible(self.ctx.actor.can(Permission.RESTORE))
        self.status = Banner("info", self)
        self.error = Banner("error", self)
        layout.addWidget(self.intro)
        layout.addWidget(self.where)
        layout.addWidget(self.advice)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(message_slot(self, self.status, self.error))

    def _connect_signals(self) -> None:
        self.now_button.clicked.connect(lambda: self.back_up(None))
        self.folder_button.clicked.connect(self._on_folder_clicked)
        self.verify_button.clicked.connect(self._on_verify_clicked)
        self.restore_button.clicked.connect(self._on_restore_clicked)
        self.restore_new_button.clicked.connect(self._on_restore_new_clicked)
        self.rotate_button.clicked.connect(self._on_rotate_clicked)

    def _retranslate(self) -> None:
        self.intro.setText(
            _(
                "SafeHaven backs up this vault automatically once a day and when you sign out, and "
                "keeps 7 daily, 4 weekly and 12 monthly copies. Backups are encrypted: they open "
                "with the passwords or recovery key that were valid when they were taken."
            )
        )
        for button, text in (
            (self.now_button, _("Back up &now")),
            (self.folder_button, _("Back up to a &folder…")),
            (self.verify_button, _("&Verify a backup…")),
            (self.restore_button, _("&Restore…")),
            (self.restore_new_button, _("Restore into a new f&older…")),
            (self.rotate_button, _("Rotate the &key…")),
        ):
            button.setText(text)
            button.setAccessibleName(text.replace("&", "").rstrip("…"))
        self.table.setAccessibleName(_("Backups of this vault"))
        where, folder = _("Backups are kept in this folder:"), self.backups_folder()
        self.where.setText(f"{where}\n{folder}" if folder is not None else "")
        self.where.setVisible(folder is not None)
        self.advice.setVisible(folder is not None)
        self.advice.setText(
            _(
                "A computer that is lost or broken takes these backups with it. Copy them "
                "regularly to a second disk kept somewhere else, with “Back up to a folder…”."
            )
        )
        self.restore_button.setToolTip(
            _("Restores the backup selected in the list (or asks for a backup file).")
        )

    def backups_folder(self) -> Path | None:
        """Where this vault's own backups are written (None for a store that is no vault)."""
        paths = getattr(self.ctx.vault, "paths", None)
        return paths.backups if paths is not None else None

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def refresh(self) -> None:
        self.model.set_rows(backups.list_vault_backups(self.ctx.vault))

    def clear(self) -> None:
        self.model.clear()
        self.status.clear_message()
        self.error.clear_message()
        if self.last_dialog is not None:
            self.last_dialog.reject()

    # -- actions --------------------------------------------------------------------------------
    def _on_folder_clicked(self) -> None:
        folder = self.choose_folder(self)
        if folder:
            self.back_up(Path(folder))

    def back_up(self, folder: Path | None) -> None:
        vault, actor = self.ctx.vault, self.ctx.actor
        self._run_job(
            lambda _p, cancelled: backups.create_backup(
                vault, actor=actor, now=_now(), folder=folder, is_cancelled=cancelled
            ),
            lambda info: self.status.show_message(
                _("Backup saved and verified: {path}").format(path=info.path)
            ),
            title=_("Backing up…"),
            writes=True,
        )

    def _on_verify_clicked(self) -> None:
        path = self.choose_backup(self)
        secret = self.ask_secret(self) if path else None
        if path and secret is not None:
            self.verify(Path(path), secret)

    def verify(self, path: Path, secret: tuple[str | None, str]) -> None:
        username, text = secret

        def job(progress: Any, cancelled: Any) -> VerifyReport:
            return backups.verify_backup(
                path, username=username, secret=text, progress=progress, is_cancelled=cancelled
            )

        self._run_job(job, self._show_report, title=_("Checking the backup…"), writes=False)

    def _show_report(self, report: VerifyReport) -> None:
        self.last_report = report
        counts = _("{clients} clients, {users} staff accounts, {events} audit events").format(
            clients=report.clients, users=report.users, events=report.audit_events
        )
        if report.ok:
            self.status.show_message(_("The backup is whole: {counts}.").format(counts=counts))
        else:
            self.error.show_message(_("The backup is damaged; use an older one."))

    def selected_backup(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _on_restore_clicked(self) -> None:
        selected = self.selected_backup()
        path = str(selected.path) if selected is not None else self.choose_backup(self)
        if not path:
            return
        question = _(
            "Replace the vault you are using with this backup? Everything saved after the backup "
            "was taken will be set aside (a backup of the current vault is taken first). You "
            "will then sign in again."
        )
        which = _("Backup: {name}").format(name=Path(path).name)
        if self.confirm(self, f"{which}\n\n{question}"):
            self.restore_over(Path(path), None)

    def _on_restore_new_clicked(self) -> None:
        path = self.choose_backup(self)
        folder = self.choose_folder(self) if path else ""
        if path and folder:
            self.restore_new(Path(path), Path(folder))

    def restore_new(self, path: Path, folder: Path) -> None:
        """Into an empty folder (never over a vault); open it later with SafeHaven --data-dir."""
        self._run(
            lambda: backups.restore_to_new_folder(path, folder),
            lambda _r: self.status.show_message(
                _(
                    "Restored into {folder}. Start SafeHaven with that data folder to open it."
                ).format(folder=folder)
            ),
            title=_("Restoring…"),
        )

    def restore_over(self, path: Path, secret: Secret) -> None:
        vault, actor = self.ctx.vault, self.ctx.actor
        username, text = secret if secret is not None else (None, None)
        self._run(
            lambda: backups.restore_over_vault(
                vault,
                actor=actor,
                path=path,
                now=_now(),
                confirmed=True,
                username=username,
                secret=text,
            ),
            lambda _info: self.vault_replaced.emit(),
            title=_("Restoring…"),
            refresh=False,
            on_error=None
            if secret is not None
            else lambda exc: self._restore_needs_secret(path, exc),
        )

    def _restore_needs_secret(self, path: Path, exc: BaseException) -> bool:
        """A backup from before a key rotation needs the password valid when it was taken."""
        if not isinstance(exc, WrongCredentials):
            return False
        secret = self.ask_secret(self)
        if secret is not None:
            self.restore_over(path, secret)
        return True

    def _on_rotate_clicked(self) -> None:
        question = _(
            "Rotate the key? The vault is re-encrypted, every other user gets a temporary "
            "password, and there will be a new recovery key. Old backups keep their old keys."
        )
        if not self.confirm(self, question):
            return
        password = self.ask_password(self)
        if password:
            self.rotate(password)

    def rotate(self, password: str) -> None:
        vault, actor = self.ctx.vault, self.ctx.actor
        self._run_job(
            lambda _p, cancelled: rotate_key(
                vault, actor=actor, admin_password=password, now=_now(), is_cancelled=cancelled
            ),
            self._show_rotation,
            title=_("Rotating the key…"),
            writes=True,
        )

    def _show_rotation(self, result: RotationResult) -> None:
        self.last_dialog = RotationDialog(result, self)
        self.last_dialog.open()

    # -- running --------------------------------------------------------------------------------
    def _run(
        self,
        job: Callable[[], Any],
        on_done: Callable[[Any], None],
        *,
        title: str,
        refresh: bool = True,
        on_error: Callable[[BaseException], bool] | None = None,
    ) -> None:
        self._run_job(
            lambda _p, _c: job(),
            on_done,
            title=title,
            writes=True,
            refresh=refresh,
            on_error=on_error,
        )

    def _run_job(
        self,
        job: Any,
        on_done: Callable[[Any], None],
        *,
        title: str,
        writes: bool,
        refresh: bool = True,
        on_error: Callable[[BaseException], bool] | None = None,
    ) -> None:
        self.status.clear_message()
        self.error.clear_message()
        self.setEnabled(False)

        def done(result: Any) -> None:
            self.setEnabled(True)
            if refresh:
                self.refresh()
            on_done(result)

        def failed(exc: BaseException) -> None:
            self.setEnabled(True)
            if on_error is None or not on_error(exc):
                present(self.error, failure_text(exc))

        self.ctx.runner.run(
            job, writes=writes, title=title, parent=self, on_done=done, on_error=failed
        )
