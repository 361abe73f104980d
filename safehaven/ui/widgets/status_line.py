"""The one-line status under a tab's tables: what just happened, or why it could not."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from safehaven.ui.style import ERROR, MUTED


def say(status: QLabel, text: str, *, error: bool = False) -> None:
    status.setStyleSheet(f"color:{ERROR}" if error else f"color:{MUTED}")
    status.setText(text)
