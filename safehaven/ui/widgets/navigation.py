"""The page navigation: a list of pages, one selected, each with its Ctrl+<n> shortcut.

A list (not a row of checkable buttons) so a screen reader says "Cases, list item, selected, 1 of
5"; Tab enters and leaves it in one press, the arrow keys move between pages.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QFrame, QListWidget, QListWidgetItem, QWidget

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
    "training": "list-checks",
    "exchange": "handshake",
}
KEY_ROLE = Qt.ItemDataRole.UserRole


class NavigationBar(QListWidget):
    page_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("navigation")
        self.specs: list[WidgetSpec[PageWidget]] = []
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setIconSize(QSize(18, 18))
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.currentItemChanged.connect(self._on_current_item_changed)
        self.itemClicked.connect(self._on_current_item_changed)

    def set_specs(self, specs: list[WidgetSpec[PageWidget]]) -> None:
        """Rebuild the list (after sign-in; another user may see other pages)."""
        for action in self.actions():
            self.removeAction(action)
            action.deleteLater()
        self.blockSignals(True)
        self.clear()
        self.blockSignals(False)
        self.specs = list(specs)
        for spec in self.specs:
            item = QListWidgetItem(icon(ICONS.get(spec.key, "")), "", self)
            item.setData(KEY_ROLE, spec.key)
            if spec.shortcut:
                action = QAction(self)
                action.setShortcut(QKeySequence(spec.shortcut))
                action.triggered.connect(lambda _c=False, k=spec.key: self.page_requested.emit(k))
                self.addAction(action)
        self.retranslate()

    def set_current(self, key: str) -> None:
        self.blockSignals(True)
        for number in range(self.count()):
            item = self.item(number)
            if item.data(KEY_ROLE) == key:
                self.setCurrentItem(item)
        self.blockSignals(False)

    def current_key(self) -> str:
        item = self.currentItem()
        return str(item.data(KEY_ROLE)) if item is not None else ""

    def titles(self) -> list[str]:
        return [self.item(number).text() for number in range(self.count())]

    def retranslate(self) -> None:
        self.setAccessibleName(_("Navigation"))
        for number, spec in enumerate(self.specs):
            title = _(spec.title)
            item = self.item(number)
            item.setText(title)
            item.setToolTip(f"{title} ({spec.shortcut})" if spec.shortcut else title)
        self.setFixedWidth(self._needed_width() + 2 * self.frameWidth() + 8)

    def _needed_width(self) -> int:
        """Room for the longest title whole, beside its icon (a title is never elided)."""
        texts = [self.fontMetrics().horizontalAdvance(title) for title in self.titles()]
        spacing = 4 * self.style().pixelMetric(self.style().PixelMetric.PM_FocusFrameHMargin) + 8
        widest = max(texts, default=0) + self.iconSize().width() + spacing
        return max(self.sizeHintForColumn(0), widest, 120)

    def _on_current_item_changed(self, item: QListWidgetItem | None, *_previous: object) -> None:
        if item is not None:
            self.page_requested.emit(str(item.data(KEY_ROLE)))
