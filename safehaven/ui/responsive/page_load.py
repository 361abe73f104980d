"""A page's or tab's read on the read pool, with its actions held until the answer is shown.

    self.load = PageLoad(ctx, self)                    # self.load.notice: the quiet "Loading…"
    self.load.hold(self.save_button, self.delete_button)
    self.load.loaded.connect(self._on_loaded)          # on the GUI thread, actions given back
    self.load.failed.connect(self._on_load_failed)
    self.load.start(lambda s: read_rows(s, actor=actor, client_id=cid))

While a read is on its way the held actions are disabled (the rows on screen may be stale, so
nothing can be done to them) and the notice shows; text fields stay as they are, so nothing typed
is lost. When the answer comes the actions get back the state they had, then `loaded` is emitted
for the page to show the rows and decide again what may be done. Only the newest read's answer
is delivered (`BackgroundLoad`). `read` runs on a worker thread: it must take what it needs from
widgets before `start`, never from inside.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel, QWidget

from safehaven.i18n import _
from safehaven.ui.context import Session, UiContext
from safehaven.ui.responsive import holding
from safehaven.ui.responsive.background_load import BackgroundLoad
from safehaven.ui.style import MUTED


class PageLoad(QObject):
    loaded = Signal(object)
    failed = Signal(object)

    def __init__(self, ctx: UiContext, parent: QWidget) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._load = BackgroundLoad(ctx.runner, self)
        self._load.loaded.connect(self._on_loaded)
        self._load.failed.connect(self._on_failed)
        self._held: list[QWidget] = []
        self._holding: list[QWidget] = []  # the held widgets this read disabled
        self.loading = False
        self.notice = QLabel(_("Loading…"), parent)
        self.notice.setStyleSheet(f"color: {MUTED};")
        self.notice.setVisible(False)

    def hold(self, *widgets: QWidget) -> None:
        """Disable `widgets` while a read is on its way."""
        self._held.extend(widgets)
        if self.loading:
            self._disable(widgets)

    def keep_held(self) -> None:
        """Disable the held widgets again while a read is on its way (after the page's own
        rules enabled one, e.g. as the person types; those rules run again once it is shown)."""
        if self.loading:
            for widget in self._holding:
                widget.setEnabled(False)

    def start(self, read: Callable[[Session], Any]) -> None:
        vault = self._ctx.vault

        def job() -> Any:
            with vault.session() as session:
                return read(session)

        if not self.loading:
            self.loading = True
            self._disable(self._held)
            self.notice.setVisible(True)
        self._load.start(job)

    def cancel(self) -> None:
        """Drop any answer on its way (the page is cleared on lock)."""
        self._load.cancel()
        self._finish()

    def retranslate(self) -> None:
        self.notice.setText(_("Loading…"))

    def _disable(self, widgets: Any) -> None:
        for widget in widgets:
            if widget not in self._holding:
                holding.hold(widget)
                self._holding.append(widget)

    def _finish(self) -> None:
        if not self.loading:
            return
        self.loading = False
        self.notice.setVisible(False)
        holding_now, self._holding = self._holding, []
        for widget in holding_now:
            holding.release(widget)

    def _on_loaded(self, result: object) -> None:
        self._finish()
        self.loaded.emit(result)

    def _on_failed(self, exc: object) -> None:
        self._finish()
        self.failed.emit(exc)
