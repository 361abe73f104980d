"""A page's read on the task runner's read pool; only the newest load's answer is delivered.

    self._load = BackgroundLoad(ctx.runner, self)
    self._load.loaded.connect(self._on_loaded)      # the read's result, on the GUI thread
    self._load.failed.connect(self._on_load_failed)
    self._load.start(lambda: read_rows(vault, actor))

A second `start` before the first answer came makes the first answer be dropped, so a page
refreshed twice quickly never shows the older rows last.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal

from safehaven.ui.tasks import TaskRunner


class BackgroundLoad(QObject):
    loaded = Signal(object)
    failed = Signal(object)

    def __init__(self, runner: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self.generation = 0

    def start(self, read: Callable[[], Any]) -> None:
        self.generation += 1
        generation = self.generation
        self._runner.run(
            lambda _progress, _cancelled: read(),
            show_progress=False,
            on_done=lambda result: self._deliver(generation, self.loaded, result),
            on_error=lambda exc: self._deliver(generation, self.failed, exc),
        )

    def cancel(self) -> None:
        """Drop the answer of every load still on its way (on lock)."""
        self.generation += 1

    def _deliver(self, generation: int, signal: Any, value: object) -> None:
        # a dialog closed and deleted before its read came back has no one left to tell
        if generation == self.generation and shiboken6.isValid(self):
            signal.emit(value)
