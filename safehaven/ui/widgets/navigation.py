"""The page navigation: one checkable button per page, with its Ctrl+<n> shortcut."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QButtonGroup, QPushButton, QVBoxLayout, QWidget

from safehaven.i18n import _
from safehaven.ui.icons import icon
from safehaven.ui.pages import PageWidget
from safehaven.ui.registry import WidgetSpec

ICONS = {
    "cases": "folder-open",
    "tasks": "list-todo",
    "directory": "book-open",
    "reports": "chart-column",
    "admin": "settings",
    "employers": "briefcase-business",
}


class NavigationBar(QWidget):
    page_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("navigation")
        self.specs: list[WidgetSpec[PageWidget]] = []
        self.layout_ = QVBoxLayout(self)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)

    def set_specs(self, specs: list[WidgetSpec[PageWidget]]) -> None:
        """Rebuild the buttons (after sign-in; another user may see other pages)."""
        for button in self.group.buttons():
            self.group.removeButton(button)
            button.setParent(None)
            button.deleteLater()
        while self.layout_.count():
            self.layout_.takeAt(0)
        self.specs = list(specs)
        for spec in self.specs:
            button = QPushButton(self)
            button.setObjectName("navButton")
            button.setCheckable(True)
            button.setProperty("page_key", spec.key)
            button.setIcon(icon(ICONS.get(spec.key, "")))
            button.clicked.connect(lambda _c=False, key=spec.key: self.page_requested.emit(key))
            if spec.shortcut:  # an action, not the button's shortcut: setText would reset that
                action = QAction(button)
                action.setShortcut(QKeySequence(spec.shortcut))
                action.triggered.connect(lambda _c=False, k=spec.key: self.page_requested.emit(k))
                self.addAction(action)
            self.group.addButton(button)
            self.layout_.addWidget(button)
        self.layout_.addStretch(1)
        self.retranslate()

    def set_current(self, key: str) -> None:
        for button in self.group.buttons():
            button.setChecked(button.property("page_key") == key)

    def retranslate(self) -> None:
        self.setAccessibleName(_("Navigation"))
        for button, spec in zip(self.group.buttons(), self.specs, strict=False):
            title = _(spec.title)
            button.setText(title)
            button.setAccessibleName(title)
            button.setToolTip(f"{title} ({spec.shortcut})" if spec.shortcut else title)
