"""While signed in to an office server: keep lists fresh and say when the server is gone.

Every few seconds one small query (`refresh.lists_version`, on the task runner) asks what
this person can see; when it changes, the page on screen (a list, never an open case with text
being typed) is refreshed. When the server cannot be reached, one sentence in the status bar
says so, the typed text stays where it is, and the same poll keeps retrying; the sentence goes
away by itself when the server answers again. Nothing is cached on this laptop.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLabel

from safehaven.models.permissions import Permission
from safehaven.services.office import refresh
from safehaven.ui.context import UiContext
from safehaven.ui.pages import PageWidget
from safehaven.ui.shell.main_window import MainWindow

POLL_MS = 5000


class OfficeWatch(QObject):
    def __init__(self, window: MainWindow, ctx: UiContext, *, interval_ms: int = POLL_MS) -> None:
        super().__init__(window)
        self.window = window
        self.ctx: UiContext | None = ctx
        self.seen: refresh.ListVersion | None = None
        self._busy = False
        self.line = QLabel(window)
        self.line.setWordWrap(True)
        self.line.setAccessibleName("SafeHaven")
        window.statusBar().addWidget(self.line, 1)
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.poll)
        self.timer.start()

    def poll(self) -> None:
        """Ask the server once (skipped while the last question is still out)."""
        ctx = self.ctx
        if self._busy or ctx is None or not ctx.actor.can(Permission.VIEW_CASE_LIST):
            return
        self._busy = True
        ctx.call(
            lambda s: refresh.lists_version(s, actor=ctx.actor),
            where=self.line,
            on_done=self._on_version,
            on_failed=self._on_failed,
        )

    def _on_version(self, version: refresh.ListVersion) -> None:
        self._busy = False
        if self.ctx is None:  # locked while the answer was on its way
            return
        changed = self.seen is not None and version != self.seen
        self.seen = version
        page = self.window.stack.currentWidget()
        if changed and isinstance(page, PageWidget) and page is not self.window.case_page:
            page.refresh()

    def _on_failed(self, _exc: BaseException) -> None:
        self._busy = False

    def stop(self) -> None:
        """On lock or quit: no more polling, nothing kept."""
        self.timer.stop()
        self.ctx = None
        self.seen = None
        self.line.clear()

    def resume(self, ctx: UiContext) -> None:
        """After unlocking: poll again with the new connection."""
        self.ctx = ctx
        self.timer.start()
