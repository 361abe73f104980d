"""Automatic backups while the application runs: at sign-in and hourly (the service takes one at
most once a day), and a last one when the vault is locked or the application closes."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from safehaven.messages import is_expected
from safehaven.services.vault_ops import backups
from safehaven.ui.context import UiContext, survive

log = logging.getLogger(__name__)
CHECK_EVERY_MS = 60 * 60 * 1000


class AutoBackup(QObject):
    """`start()` after sign-in; `stop()` before the vault closes. Runs in the write pool."""

    def __init__(self, ctx: Callable[[], UiContext | None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.run_if_due)

    def start(self) -> None:
        self.timer.start()
        self.run_if_due()

    def stop(self) -> None:
        self.timer.stop()

    def run_if_due(self) -> None:
        ctx = self.ctx()
        if ctx is None:
            return
        vault, actor = ctx.vault, ctx.actor
        ctx.runner.run(
            lambda _p, _c: backups.auto_backup_if_due(vault, actor=actor, now=_now()),
            writes=True,
            show_progress=False,
            on_error=_log_failure,
        )


def close_in_background(ctx: UiContext) -> None:
    """On lock: the last backup and the vault's closing run on the write pool (the window is
    already blank). The next sign-in also runs there, so it waits for the vault to be closed."""

    def job(_progress: object, _cancelled: object) -> None:
        try:
            backup_before_close(ctx)
        finally:
            ctx.vault.close()

    ctx.runner.run(job, writes=True, show_progress=False, on_error=_log_failure)


def backup_before_close(ctx: UiContext | None) -> None:
    """The sign-out/close backup (skipped if nothing changed). Never raises: closing goes on."""
    if ctx is None:
        return
    # a failed backup must never block locking or quitting
    survive(lambda: backups.backup_on_close(ctx.vault, actor=ctx.actor, now=_now()), what="backup")


def _log_failure(exc: BaseException) -> None:
    level = logging.WARNING if is_expected(exc) else logging.ERROR
    log.log(level, "automatic backup failed: %s", type(exc).__name__)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
