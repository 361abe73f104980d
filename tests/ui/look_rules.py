"""Rules of the screen walk about how controls look: a disabled control must look disabled,
and a screen must fit the smallest window SafeHaven supports (1024×640 logical pixels)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget

SMALLEST = QSize(1024, 640)


def _image(widget: QWidget) -> QImage:
    return widget.grab().toImage()


def disabled_look_problem(widget: QWidget) -> str | None:
    """A control disabled on purpose that paints exactly as it does when enabled."""
    if not widget.testAttribute(Qt.WidgetAttribute.WA_ForceDisabled) or widget.size().isEmpty():
        return None
    disabled = _image(widget)
    widget.setEnabled(True)
    try:
        enabled = _image(widget)
    finally:
        widget.setEnabled(False)
    if disabled == enabled:
        return "disabled but painted exactly as when enabled"
    return None


def fit_problem(widget: QWidget, smallest: QSize = SMALLEST) -> str | None:
    """The screen cannot shrink to `smallest` (its layout needs more room than that)."""
    needed = widget.minimumSizeHint().expandedTo(widget.minimumSize())
    if needed.width() > smallest.width() or needed.height() > smallest.height():
        return (
            f"needs at least {needed.width()}×{needed.height()}, more than "
            f"{smallest.width()}×{smallest.height()}"
        )
    return None
