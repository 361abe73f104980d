"""The one place with threads: runs long service functions off the GUI thread.

A job is a plain callable `fn(progress, is_cancelled) -> result`. The runner shows a progress dialog
with Cancel, delivers the result or the exception back on the GUI thread, and never lets a worker's
exception vanish. Database writes go through a pool of one thread, so they never race each other.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
IsCancelled = Callable[[], bool]
Job = Callable[[Progress, IsCancelled], Any]


class Cancelled(Exception):
    """Raised by a job that stopped because the user pressed Cancel."""


class _Signals(QObject):
    progressed = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)


class _Worker(QRunnable):
    def __init__(self, job: Job, signals: _Signals, cancel: threading.Event) -> None:
        super().__init__()
        self._job, self._signals, self._cancel = job, signals, cancel

    def run(self) -> None:
        try:
            result = self._job(self._signals.progressed.emit, self._cancel.is_set)
        except BaseException as exc:  # delivered to the GUI thread, never lost
            log.info("background job failed: %s", type(exc).__name__)
            self._signals.failed.emit(exc)
        else:
            self._signals.finished.emit(result)


class TaskHandle(QObject):
    """A running job: `finished(result)`, `failed(exception)`; `cancel()` asks it to stop."""

    finished = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cancel_event = threading.Event()
        self.done = False

    def cancel(self) -> None:
        self.cancel_event.set()


class TaskRunner(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.read_pool = QThreadPool(self)
        self.read_pool.setMaxThreadCount(2)
        self.write_pool = QThreadPool(self)
        self.write_pool.setMaxThreadCount(1)
        self._handles: set[TaskHandle] = set()

    def run(
        self,
        job: Job,
        *,
        title: str = "",
        parent: QWidget | None = None,
        writes: bool = False,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        show_progress: bool = True,
    ) -> TaskHandle:
        handle = TaskHandle(self)
        signals = _Signals(handle)
        dialog = self._dialog(title, parent, handle) if show_progress else None
        signals.progressed.connect(handle.progressed)
        if dialog is not None:
            signals.progressed.connect(lambda done, total: _update(dialog, done, total))

        def finish(result: Any) -> None:
            self._close(handle, dialog)
            handle.finished.emit(result)
            if on_done:
                _deliver(on_done, result)

        def fail(exc: BaseException) -> None:
            self._close(handle, dialog)
            handle.failed.emit(exc)
            if on_error:
                _deliver(on_error, exc)

        signals.finished.connect(finish, Qt.ConnectionType.QueuedConnection)
        signals.failed.connect(fail, Qt.ConnectionType.QueuedConnection)
        self._handles.add(handle)
        pool = self.write_pool if writes else self.read_pool
        pool.start(_Worker(job, signals, handle.cancel_event))
        return handle

    def active_count(self) -> int:
        """How many jobs have not delivered their result yet."""
        return len(self._handles)

    def cancel_all(self) -> None:
        """Ask every running job to stop (on lock and on quit)."""
        for handle in list(self._handles):
            handle.cancel()

    def wait_all(self, msecs: int = 30000) -> bool:
        ok_read = self.read_pool.waitForDone(msecs)
        return self.write_pool.waitForDone(msecs) and ok_read

    def _dialog(self, title: str, parent: QWidget | None, handle: TaskHandle) -> QProgressDialog:
        from safehaven.i18n import _

        dialog = QProgressDialog(title, _("Cancel"), 0, 0, parent)
        dialog.setWindowTitle(title or "SafeHaven")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(400)
        dialog.setAccessibleName(title or _("Progress"))
        dialog.canceled.connect(handle.cancel)
        return dialog

    def _close(self, handle: TaskHandle, dialog: QProgressDialog | None) -> None:
        handle.done = True
        self._handles.discard(handle)
        if dialog is not None:
            dialog.reset()
            dialog.deleteLater()


def _deliver(callback: Callable[[Any], None], value: Any) -> None:
    """Call back on the GUI thread; a widget deleted meanwhile (e.g. by a lock) is not an error."""
    try:
        callback(value)
    except RuntimeError as exc:
        if "already deleted" not in str(exc):
            raise
        log.info("a finished job's window was already closed")


def _update(dialog: QProgressDialog, done: int, total: int) -> None:
    if total > 0:
        dialog.setMaximum(total)
        dialog.setValue(min(done, total))
