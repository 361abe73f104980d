"""Message lines that keep their place: a hint or an error appearing must not move what is under
the mouse. `reserve_line` keeps room for one line under a field; `message_slot` holds a page's or
dialog's message banners in one line kept free; `OneLineLabel` never grows past one line (a text
too long is elided; the tooltip and the screen reader get it whole).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

SLACK = 6  # the banners' padding above and below the text


def line_height(widget: QWidget, lines: int = 1) -> int:
    return widget.fontMetrics().lineSpacing() * lines + SLACK


def reserve_line(label: QLabel) -> QLabel:
    """Keep one line of room for `label`, shown or empty, so its text never pushes rows down."""
    label.setMinimumHeight(line_height(label))
    return label


def message_slot(parent: QWidget, *banners: QWidget) -> QWidget:
    """One line kept free for `banners` (shown one at a time, as a page's message and error are):
    an empty slot keeps its height, so buttons above and below it stay where they are."""
    slot = QWidget(parent)
    layout = QVBoxLayout(slot)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    for banner in banners:
        layout.addWidget(banner)
    layout.addStretch(1)
    slot.setMinimumHeight(line_height(slot))
    return slot


class OneLineLabel(QLabel):
    """A label of one line whatever its text: it takes the width it is given, never more."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(line_height(self))

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setToolTip(text)
        self.setAccessibleName(text)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        rect = self.contentsRect()
        shown = self.fontMetrics().elidedText(
            self.text(), Qt.TextElideMode.ElideRight, rect.width()
        )
        painter.drawText(rect, int(self.alignment()), shown)
        painter.end()
