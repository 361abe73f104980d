"""A tab whose content is taller than the window: the content scrolls, edge to edge."""

from __future__ import annotations

from PySide6.QtWidgets import QScrollArea, QVBoxLayout, QWidget


def scroll_body(owner: QWidget, body: QWidget) -> QScrollArea:
    """Fill `owner` with a scroll area around `body` (no margins of its own)."""
    scroll = QScrollArea(owner)
    scroll.setWidgetResizable(True)
    scroll.setWidget(body)
    outer = QVBoxLayout(owner)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(scroll)
    return scroll
