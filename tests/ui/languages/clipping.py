"""Finding cut-off text: a label or button whose text needs more width than it was given."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import QAbstractButton, QCheckBox, QLabel, QPushButton, QRadioButton, QWidget


def clipped(root: QWidget) -> list[str]:
    """One line per visible label or button under `root` whose text does not fit."""
    found = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root) or widget.width() <= 0:
            continue
        if isinstance(widget, QLabel) and _label_clipped(widget):
            found.append(f"QLabel {widget.text()!r}: needs {_label_need(widget)}, "
                         f"has {widget.contentsRect().width()}")  # fmt: skip
        elif isinstance(widget, QPushButton | QCheckBox | QRadioButton) and _button_clipped(widget):
            found.append(f"{type(widget).__name__} {widget.text()!r}: needs "
                         f"{widget.sizeHint().width()}, has {widget.width()}")  # fmt: skip
    return found


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def _label_need(label: QLabel) -> int:
    metrics = label.fontMetrics()
    lines = _plain(label.text()).splitlines() or [""]
    return max(metrics.horizontalAdvance(line) for line in lines) + 2 * label.margin()


def _label_clipped(label: QLabel) -> bool:
    text = label.text()
    if not text or label.wordWrap() or (label.pixmap() is not None and not label.pixmap().isNull()):
        return False
    if label.textFormat() == Qt.TextFormat.RichText or (
        label.textFormat() == Qt.TextFormat.AutoText and GuiQt.mightBeRichText(text)
    ):
        return False
    return _label_need(label) > label.contentsRect().width() + 1


def _button_clipped(button: QAbstractButton) -> bool:
    return bool(button.text()) and button.sizeHint().width() > button.width() + 1
