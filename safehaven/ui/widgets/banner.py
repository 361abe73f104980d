"""A one-line coloured message strip: demo data, warnings, errors next to a field."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QWidget

from safehaven.ui.a11y.announce import announce
from safehaven.ui.style import BANNER_STYLES


class Banner(QLabel):
    """Hidden while empty; `show_message(text)` shows it, `clear_message()` hides it."""

    def __init__(self, kind: str = "info", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setStyleSheet(BANNER_STYLES.get(kind, BANNER_STYLES["info"]))
        self.setVisible(False)
        self._urgent = kind in ("error", "warning")

    def show_message(self, text: str) -> None:
        changed = text != self.text()
        self.setText(text)
        self.setAccessibleName(text)
        self.setVisible(bool(text))
        if changed and self._urgent:
            announce(self, text)

    def alert(self, text: str) -> None:
        """Show `text` and have it spoken even when the same message is already shown."""
        if text and text == self.text() and self._urgent:
            announce(self, text)
        self.show_message(text)

    def clear_message(self) -> None:
        self.show_message("")


def gate_ok(buttons: QDialogButtonBox, banner: Banner, reason: str) -> None:
    """OK is enabled only while nothing blocks it; the reason shows in its tooltip and banner."""
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.setEnabled(not reason)
    ok.setToolTip(reason)
    banner.show_message(reason)
