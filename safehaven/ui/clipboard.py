"""Text SafeHaven copies does not linger: cleared after 30 seconds and when the window locks."""

from __future__ import annotations

import hashlib

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QClipboard, QGuiApplication

CLEAR_AFTER_MS = 30_000


def _digest(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()


class ClipboardGuard(QObject):
    """Remembers (as a hash) the last text copied while SafeHaven was the active application."""

    def __init__(self, clipboard: QClipboard, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.clipboard = clipboard
        self._ours: bytes | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(CLEAR_AFTER_MS)
        self.timer.timeout.connect(self.clear_if_ours)
        clipboard.dataChanged.connect(self._on_clipboard_data_changed)

    def copy(self, text: str) -> None:
        """Put `text` on the clipboard as SafeHaven's (it will be cleared)."""
        self._ours = _digest(text)
        self.clipboard.setText(text)
        self.timer.start()

    def holds_ours(self) -> bool:
        text = self.clipboard.text()
        if not text:
            return False
        return self.clipboard.ownsClipboard() or self._ours == _digest(text)

    def clear_if_ours(self) -> None:
        if self.holds_ours():
            self.clipboard.clear()
        self._ours = None
        self.timer.stop()

    def _on_clipboard_data_changed(self) -> None:
        text = self.clipboard.text()
        app = QGuiApplication.instance()
        active = isinstance(app, QGuiApplication) and app.focusWindow() is not None
        if text and (self.clipboard.ownsClipboard() or active):
            self._ours = _digest(text)
            self.timer.start()
