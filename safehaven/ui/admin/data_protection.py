"""The administration tabs of the data-protection area (backups; retention and erasure)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from safehaven.i18n import N_
from safehaven.models.permissions import Permission
from safehaven.ui.admin.backup_panel import BackupPanel
from safehaven.ui.admin.retention_panel import RetentionPanel
from safehaven.ui.context import UiContext
from safehaven.ui.languages.review_panel import LanguageReviewPanel


def data_protection_tabs(ctx: UiContext, parent: QWidget) -> list[tuple[QWidget, str]]:
    """(widget, title marked with N_) for each tab the actor may use."""
    tabs: list[tuple[QWidget, str]] = []
    if ctx.actor.can(Permission.BACKUP):
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
