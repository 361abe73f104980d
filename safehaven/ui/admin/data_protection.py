"""The administration tabs of the data-protection area (backups; retention and erasure).

On this laptop's vault: the backup panel (backups, restore, key rotation) and the retention
panel. On an office server backups belong to the server, not to a laptop: that tab is one
sentence saying where that work is done instead; retention and erasure work the same on both.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from safehaven.i18n import N_, _
from safehaven.models.permissions import Permission
from safehaven.ui.admin.backup_panel import BackupPanel
from safehaven.ui.admin.retention_panel import RetentionPanel
from safehaven.ui.context import UiContext
from safehaven.ui.languages.review_panel import LanguageReviewPanel

OFFICE_BACKUPS = N_(
    "The office database is backed up on the server by its administrator, with "
    "“safehaven office backup” (an encrypted copy of the whole database); key rotation is not "
    "needed there, because each person has their own database login."
)


class ServerNote(QWidget):
    """One sentence instead of a vault-only panel (refresh and clear have nothing to do)."""

    def __init__(self, sentence: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sentence = sentence  # marked with N_(), translated when shown
        layout = QVBoxLayout(self)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.label)
        layout.addStretch(1)
        self._retranslate()

    def _retranslate(self) -> None:
        self.label.setText(_(self.sentence))
        self.label.setAccessibleName(self.label.text())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def refresh(self) -> None:
        """Nothing to read."""

    def clear(self) -> None:
        """Nothing shown that belongs to a case."""


def data_protection_tabs(ctx: UiContext, parent: QWidget) -> list[tuple[QWidget, str]]:
    """(widget, title marked with N_) for each tab the actor may use on this store."""
    office = ctx.store_kind == "office"
    tabs: list[tuple[QWidget, str]] = []
    if ctx.actor.can(Permission.BACKUP):
        if office:
            tabs.append((ServerNote(OFFICE_BACKUPS, parent), N_("Backups")))
        else:
            panel = BackupPanel(ctx, parent)
            panel.vault_replaced.connect(lambda: _sign_out(panel))
            tabs.append((panel, N_("Backups")))
    if ctx.actor.can(Permission.ERASE_CLIENT):
        tabs.append((RetentionPanel(ctx, parent), N_("Retention")))
    if ctx.actor.can(Permission.MANAGE_SETTINGS):
        tabs.append((LanguageReviewPanel(ctx, parent), N_("Survivor languages")))
    return tabs


def _sign_out(panel: QWidget) -> None:
    """After a restore over the open vault it is closed: ask the main window to lock."""
    lock_requested = getattr(panel.window(), "lock_requested", None)
    if lock_requested is not None:
        lock_requested.emit()
